"""A file no live page uses is served to nobody but the staff who may choose it; anonymous
residents get 404, which reveals nothing."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import GroupApprovalTask, ReferenceIndex, Workflow, WorkflowTask

from review.workflows import CITY_GROUP
from tests.factories import ArticlePageFactory, NoticePageFactory, UserFactory

pytestmark = pytest.mark.django_db


def status(client, url):
    return client.get(url).status_code


def login(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft_photo(column, image, django_capture_on_commit_callbacks):
    """A jixian image used only by a jixian draft, indexed as after the draft's commit."""
    picture = image("jixian", title="草稿图片")
    with django_capture_on_commit_callbacks(execute=True):
        page = ArticlePageFactory(parent=column("jixian", "news/local-news"), kind="photo", image=picture, live=False)
    assert ReferenceIndex.get_references_to(picture).exists()
    return page, picture


def test_an_image_used_only_by_a_draft_is_served_to_its_sites_staff_only(
    client, draft_photo, staff, translator, admin_user
):
    _page, picture = draft_photo
    urls = [picture.file.url, picture.get_rendition("fill-600x400").url]
    for url in urls:
        assert url.startswith("/media/")
        assert status(client, url) == 404
        # Who may edit the page sees its pictures too: which pages a site's staff may edit is the
        # page permission policy's business, so the outsiders here are beyond any doubt.
        for outsider in (staff("youyi"), staff("jianshan", "final_review"), staff("fuli"), translator):
            assert status(login(outsider), url) == 404, (outsider, url)
        for insider in (staff("jixian"), staff("jixian", "first_review"), admin_user):
            assert status(login(insider), url) == 200, (insider, url)


def test_published_then_unpublished_image_is_served_then_not(client, draft_photo):
    page, picture = draft_photo
    rendition = picture.get_rendition("fill-600x400")
    page.save_revision().publish()
    assert status(client, picture.file.url) == 200
    assert status(client, rendition.url) == 200
    response = client.get(rendition.url)
    assert response["Cache-Control"] == "public, max-age=600"
    assert b"".join(response.streaming_content) == rendition.file.open("rb").read()
    page.refresh_from_db()
    page.unpublish()
    assert status(client, picture.file.url) == 404
    assert status(client, rendition.url) == 404


def test_an_image_added_by_a_draft_to_a_live_page_waits_for_publication(client, column, image):
    picture = image("jixian")
    page = ArticlePageFactory(parent=column("jixian", "news/local-news"))
    page.save_revision().publish()
    page.image = picture
    page.kind = "photo"
    revision = page.save_revision()
    assert status(client, picture.file.url) == 404
    revision.publish()
    assert status(client, picture.file.url) == 200


def test_a_document_attached_to_a_draft_is_not_served(client, column, document, staff):
    attachment = document("jixian")
    page = NoticePageFactory(parent=column("jixian", "disclosure/notices"), attachment=attachment, live=False)
    ReferenceIndex.create_or_update_for_object(page)
    url = attachment.url
    assert url == f"/documents/{attachment.pk}/{attachment.filename}"
    assert status(client, url) == 404
    assert status(login(staff("youyi")), url) == 404
    assert status(login(staff("jixian")), url) == 200
    page.save_revision().publish()
    assert status(client, url) == 200
    page.refresh_from_db()
    page.unpublish()
    assert status(client, url) == 404


def test_documents_are_never_served_straight_from_media(client, column, document):
    attachment = document("jixian")
    NoticePageFactory(parent=column("jixian", "disclosure/notices"), attachment=attachment).save_revision().publish()
    assert status(client, attachment.url) == 200
    assert status(client, "/media/" + attachment.file.name) == 404


def test_an_unused_image_is_not_served_and_unknown_paths_are_404(client, image):
    picture = image("jixian")
    assert status(client, picture.file.url) == 404
    for path in (
        "/media/../cluster/settings/base.py",
        "/media/original_images/../../manage.py",
        "/media/%2e%2e/manage.py",
        "/media/original_images/missing.png",
        "/media/",
    ):
        assert status(client, path) == 404, path


def test_public_file_costs_two_queries(client, column, image, django_assert_max_num_queries):
    picture = image("jixian")
    page = ArticlePageFactory(parent=column("jixian", "news/local-news"), kind="photo", image=picture)
    page.save_revision().publish()
    rendition = picture.get_rendition("fill-600x400")
    assert status(client, rendition.url) == 200
    with django_assert_max_num_queries(2):
        assert status(client, rendition.url) == 200


def test_behind_nginx_django_only_names_the_file(client, column, image, document, settings):
    settings.FILES_ACCEL_REDIRECT = "/protected-media/"
    picture = image("jixian")
    attachment = document("jixian")
    page = NoticePageFactory(parent=column("jixian", "disclosure/notices"), attachment=attachment)
    page.save_revision().publish()
    article = ArticlePageFactory(parent=column("jixian", "news/local-news"), kind="photo", image=picture)
    article.save_revision().publish()
    response = client.get(picture.file.url)
    assert response["X-Accel-Redirect"] == "/protected-media/" + picture.file.name
    assert response.content == b""
    response = client.get(attachment.url)
    assert response["X-Accel-Redirect"] == "/protected-media/" + attachment.file.name
    assert "attachment" in response["Content-Disposition"]
    assert status(Client(), "/media/" + "images/unknown.png") == 404


def test_those_who_may_open_a_page_using_the_image_see_it(column, image, staff, django_capture_on_commit_callbacks):
    """The portal's staff on an adopted county picture; the reviewers of a page's current stage."""
    picture = image("jixian")
    with django_capture_on_commit_callbacks(execute=True):
        adopted = ArticlePageFactory(
            parent=column("portal", "homepage/photo-news"), kind="photo", image=picture, live=False
        )
    assert status(login(staff("portal")), picture.file.url) == 200
    assert status(login(staff("youyi")), picture.file.url) == 404

    city_reviewer = UserFactory(groups=[Group.objects.get(name=CITY_GROUP)])
    assert status(login(city_reviewer), picture.file.url) == 404
    task = GroupApprovalTask.objects.create(name="市级审核（测试）")
    task.groups.add(Group.objects.get(name=CITY_GROUP))
    workflow = Workflow.objects.create(name="测试流程")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    adopted.save_revision()
    workflow.start(adopted, staff("portal"))
    assert status(login(city_reviewer), picture.file.url) == 200


def test_nginx_sends_uploads_only_when_django_names_them():
    conf = (Path(__file__).resolve().parents[2] / "docker" / "nginx" / "site.conf.template").read_text()
    locations = dict(re.findall(r"location\s+\^~\s+(\S+)\s*\{(.*?)\n    \}", conf, flags=re.S))
    assert not any(path.startswith(("/media", "/documents")) for path in locations)
    assert "/protected-media/" in locations and "internal;" in locations["/protected-media/"]
    assert "alias  ${ZQ_MEDIA_ROOT}/;" in locations["/protected-media/"]
