"""信息报送: a county editor submits a published item to a portal column; a city editor adopts it
(a credited copy, linking back, published after the portal's own review) or returns it with a
reason; each decision is in the pages' history, the submitter's list and the audit report."""

import io
import re

import openpyxl
import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils.text import slugify
from wagtail.models import PageLogEntry

from content.models import ArticlePage
from sites.models import Unit
from submissions.models import Submission
from submissions.services import is_city_editor, target_columns
from submissions.views.menu import menu
from tests.factories import ArticlePageFactory, ImageFactory, UserFactory

from .conftest import pass_portal_review, site_user

pytestmark = pytest.mark.django_db

NOTE = "县长主持会议，建议在时政信息发布"
REASON = "内容与门户已发信息重复，请补充本县具体措施后再报送"


def submit_url(page):
    return f"/admin/submissions/submit/{page.pk}/"


def post_submission(client, page, column, note=NOTE):
    return client.post(submit_url(page), {"column": column.pk, "note": note})


@pytest.fixture
def submitted(client, jixian_editor, news_item, current_affairs):
    client.force_login(jixian_editor)
    response = post_submission(client, news_item, current_affairs)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    return Submission.objects.get(source_page=news_item)


def test_the_portal_columns_that_take_submissions(sites, column):
    keys = set(target_columns().values_list("column_key", flat=True))
    assert {
        "homepage/current-affairs",
        "homepage/current-affairs/secretary-mayor-activities",
        "homepage/notices",
        "homepage/photo-news",
        "homepage/department-news",
        "homepage/county-news/jixian",
        "homepage/district-news/jianshan",
        "gov-disclosure/urban-rural-construction",
        "development-forum/online-video",
        "interaction/public-opinion",
    } <= keys
    assert "city-profile/overview" not in keys and "homepage/disclosure-catalogue" not in keys
    assert not target_columns().filter(pk=column("jixian", "news/department-news").pk).exists()  # a subsite's


def test_a_county_editor_submits_a_published_item(client, jixian_editor, news_item, current_affairs, column):
    client.force_login(jixian_editor)
    edit = client.get(f"/admin/pages/{news_item.pk}/edit/").content.decode()
    assert "报送到门户" in edit and submit_url(news_item) in edit
    form = client.get(submit_url(news_item)).content.decode()
    assert "主页栏目 › 时政信息" in form and "县域动态 › 集贤县" in form
    assert f'<option value="{column("jixian", "news/local-news").pk}"' not in form  # the county's own are no target
    assert f'<option value="{current_affairs.pk}"' in form

    response = post_submission(client, news_item, current_affairs)
    assert response.status_code == 302 and response["Location"] == "/admin/submissions/mine/"

    submission = Submission.objects.get()
    assert submission.status == Submission.Status.SUBMITTED
    assert (submission.source_page.pk, submission.column, submission.note) == (news_item.pk, current_affairs, NOTE)
    assert submission.column_label == "主页栏目 › 时政信息"  # as the inbox, the exports and the mail name it
    assert submission.submitted_by == jixian_editor
    assert submission.source_profile.site.hostname == "jixian.localhost"
    assert submission.unit.name == "集贤县人民政府"
    assert submission.source_url == "http://jixian.localhost/news/local-news/spring-ploughing/"
    entry = PageLogEntry.objects.get(page=news_item, action="submissions.submitted")
    assert entry.user == jixian_editor and entry.data["note"] == NOTE
    history = client.get(f"/admin/pages/{news_item.pk}/history/").content.decode()
    assert f"报送到门户“主页栏目 › 时政信息”栏目。报送说明：{NOTE}" in history

    mine = client.get("/admin/submissions/mine/").content.decode()
    assert "集贤县召开春耕生产工作会议" in mine and "待处理" in mine and "撤回" in mine


def test_the_items_own_unit_is_credited_before_its_sites(client, jixian_editor, column, current_affairs):
    justice = Unit.objects.create(name="集贤县司法局", kind=Unit.Kind.COUNTY_DISTRICT_GOVERNMENT)
    item = ArticlePageFactory(parent=column("jixian", "news/local-news"), unit=justice)
    client.force_login(jixian_editor)
    assert post_submission(client, item, current_affairs).status_code == 302
    assert Submission.objects.get().unit == justice


def denied(response):
    """The admin's refusal: a 403, or Wagtail's redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def refused(response, message):
    html = response.content.decode()
    assert response.status_code == 400, html[:2000]
    assert message in html
    assert not Submission.objects.exists()


def test_a_draft_is_refused(client, jixian_editor, column, current_affairs):
    draft = ArticlePageFactory(parent=column("jixian", "news/local-news"), title="未发布的稿件", live=False)
    client.force_login(jixian_editor)
    assert "报送到门户" not in client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert "尚未发布（草稿），只有已发布的信息才能报送" in client.get(submit_url(draft)).content.decode()
    refused(post_submission(client, draft, current_affairs), "只有已发布的信息才能报送")


def test_a_portal_page_is_refused(admin_client, column, current_affairs):
    portal_item = ArticlePageFactory(parent=column("portal", "homepage/department-news"))
    assert "报送到门户" not in admin_client.get(f"/admin/pages/{portal_item.pk}/edit/").content.decode()
    refused(post_submission(admin_client, portal_item, current_affairs), "这是门户网站自己的信息，无需报送")


def test_a_duplicate_is_refused_while_pending_and_after_adoption(
    client, submitted, jixian_editor, city_editor, news_item, current_affairs
):
    client.force_login(jixian_editor)
    response = post_submission(client, news_item, current_affairs)
    assert response.status_code == 400
    assert "本信息已报送到“时政信息”，正在等待门户处理，请勿重复报送" in response.content.decode()
    assert Submission.objects.count() == 1

    client.force_login(city_editor)
    client.post(f"/admin/submissions/{submitted.pk}/adopt/")
    client.force_login(jixian_editor)
    response = post_submission(client, news_item, current_affairs)
    assert response.status_code == 400 and "本信息已被门户“时政信息”栏目采用，不能重复报送" in response.content.decode()


def test_the_database_allows_one_open_submission_per_item_and_column(submitted):
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(
            source_page=submitted.source_page, column=submitted.column, title="x", source_url="http://x/"
        )


def test_photo_news_needs_a_picture_and_other_columns_do_not_take_submissions(client, jixian_editor, news_item, column):
    client.force_login(jixian_editor)
    response = post_submission(client, news_item, column("portal", "homepage/photo-news"))
    assert response.status_code == 400 and "“图片信息”栏目只采用带图片的信息" in response.content.decode()
    response = post_submission(client, news_item, column("portal", "city-profile/overview"))
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert not Submission.objects.exists()


def test_another_countys_editor_cannot_submit_the_item(client, sites, news_item, current_affairs):
    client.force_login(site_user(sites, "youyi", "editor"))
    response = post_submission(client, news_item, current_affairs)
    assert response.status_code == 403 and "您没有编辑本信息的权限，不能报送" in response.content.decode()
    assert not Submission.objects.exists()


def portal_block(client, key):
    """The portal home's block of this column (the county's own news is in 县域动态 anyway)."""
    home = client.get("/", HTTP_HOST="localhost").content.decode()
    return re.search(rf'<section class="block block-{slugify(key)}".*?</section>', home, re.S).group(0)


def test_a_city_editor_adopts_and_the_item_reaches_the_portal_home(
    client, submitted, city_editor, news_item, current_affairs, jixian_editor
):
    client.force_login(city_editor)
    inbox = client.get("/admin/submissions/").content.decode()
    assert "集贤县召开春耕生产工作会议" in inbox and NOTE in inbox and "集贤县人民政府" in inbox
    assert f"/admin/submissions/{submitted.pk}/adopt/" in inbox

    response = client.post(f"/admin/submissions/{submitted.pk}/adopt/", follow=True)
    assert response.status_code == 200
    message = response.content.decode()
    submitted.refresh_from_db()
    copy = submitted.adopted_page.specific
    assert submitted.status == Submission.Status.ADOPTED and submitted.decided_by == city_editor
    if copy.live:
        assert "栏目未设门户审核流程，门户稿已直接发布" in message
    else:
        assert "提交门户审核流程" in message and "审核通过后发布在“主页栏目 › 时政信息”栏目" in message
    assert "集贤县召开春耕生产工作会议" not in client.get("/admin/submissions/").content.decode()  # done

    assert isinstance(copy, ArticlePage) and copy.get_parent().pk == current_affairs.pk
    assert (copy.title, copy.summary, copy.body) == (news_item.title, news_item.summary, news_item.body)
    assert copy.source == "集贤县人民政府" and copy.unit.name == "集贤县人民政府"

    # Each side reads it in its own page's history: the portal's staff do not act on county pages.
    fragments = (
        (news_item, jixian_editor, "门户“主页栏目 › 时政信息”栏目采用了本信息"),
        (copy, city_editor, "采用集贤县人民政府报送的"),
    )
    for page, reader, fragment in fragments:
        assert PageLogEntry.objects.filter(page=page, action="submissions.adopted").exists()
        client.force_login(reader)
        assert fragment in client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    client.force_login(city_editor)

    if not copy.live:
        assert "集贤县召开春耕生产工作会议" not in portal_block(client, "homepage/current-affairs")
    copy = pass_portal_review(copy, UserFactory(is_superuser=True, is_staff=True))
    assert copy.live
    block = portal_block(client, "homepage/current-affairs")
    assert "集贤县召开春耕生产工作会议" in block and '"/homepage/current-affairs/spring-ploughing/"' in block
    item = client.get(copy.url, HTTP_HOST="localhost").content.decode()
    assert '来源：<a href="http://jixian.localhost/news/local-news/spring-ploughing/">集贤县人民政府</a>' in item

    client.force_login(jixian_editor)
    mine = client.get("/admin/submissions/mine/").content.decode()
    assert "已采用" in mine and copy.full_url in mine and "已发布" in mine


def test_a_photo_item_is_adopted_with_its_picture(client, jixian_editor, city_editor, column):
    photo = ArticlePageFactory(
        parent=column("jixian", "news/photo-news"), title="集贤县冬捕节", kind="photo", image=ImageFactory()
    )
    client.force_login(jixian_editor)
    assert post_submission(client, photo, column("portal", "homepage/photo-news")).status_code == 302
    client.force_login(city_editor)
    client.post(f"/admin/submissions/{Submission.objects.get().pk}/adopt/")
    copy = Submission.objects.get().adopted_page.specific
    assert (copy.kind, copy.image_id) == ("photo", photo.image_id)


def test_a_city_editor_returns_with_a_reason_and_the_submitter_is_told(
    client, submitted, city_editor, jixian_editor, news_item
):
    client.force_login(city_editor)
    url = f"/admin/submissions/{submitted.pk}/return/"
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400 and "退回时必须填写退回原因" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.SUBMITTED and not mail.outbox

    assert client.post(url, {"reason": REASON}).status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reason, submitted.decided_by) == ("returned", REASON, city_editor)
    assert submitted.adopted_page is None
    [message] = mail.outbox
    assert message.to == ["wang@jixian.example.cn"]
    assert "集贤县召开春耕生产工作会议" in message.subject and "退回" in message.subject
    assert f"退回原因：{REASON}" in message.body and "时政信息" in message.body

    entry = PageLogEntry.objects.get(page=news_item, action="submissions.returned")
    assert entry.user == city_editor and entry.data["reason"] == REASON
    client.force_login(jixian_editor)
    assert f"退回原因：{REASON}" in client.get(f"/admin/pages/{news_item.pk}/history/").content.decode()
    mine = client.get("/admin/submissions/mine/").content.decode()
    assert "已退回" in mine and REASON in mine
    # A returned item may be submitted again.
    assert post_submission(client, news_item, submitted.column).status_code == 302


def test_a_decided_submission_is_not_decided_again(client, submitted, city_editor):
    client.force_login(city_editor)
    client.post(f"/admin/submissions/{submitted.pk}/return/", {"reason": REASON})
    response = client.post(f"/admin/submissions/{submitted.pk}/adopt/")
    assert response.status_code == 400 and "这条报送已退回，不能再处理" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "returned" and submitted.adopted_page is None


def test_only_city_editors_work_the_inbox(client, submitted, sites, jixian_editor, city_editor):
    reviewers = site_user(sites, "portal", "final_review")
    for user in (jixian_editor, reviewers):
        client.force_login(user)
        assert not is_city_editor(user)
        assert denied(client.get("/admin/submissions/"))
        assert denied(client.get(f"/admin/submissions/{submitted.pk}/adopt/"))
        assert denied(client.post(f"/admin/submissions/{submitted.pk}/adopt/"))
        assert denied(client.post(f"/admin/submissions/{submitted.pk}/return/", {"reason": REASON}))
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.SUBMITTED and submitted.adopted_page is None

    def menu_labels(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return [item.label for item in menu.menu_items_for_request(request)]

    assert menu_labels(jixian_editor) == ["我的报送", "报送统计", "报送记录"]
    assert menu_labels(city_editor)[0] == "报送处理"
    client.force_login(city_editor)
    assert client.get("/admin/submissions/").status_code == 200
    assert client.get(f"/admin/submissions/{submitted.pk}/return/").status_code == 200


def test_the_submitter_withdraws_a_pending_submission(client, submitted, jixian_editor, news_item):
    client.force_login(jixian_editor)
    assert client.post(f"/admin/submissions/{submitted.pk}/withdraw/").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.WITHDRAWN
    assert PageLogEntry.objects.filter(page=news_item, action="submissions.withdrawn").exists()
    assert post_submission(client, news_item, submitted.column).status_code == 302


def test_another_sites_editor_sees_nothing_of_it(client, submitted, sites):
    client.force_login(site_user(sites, "youyi", "editor"))
    assert "集贤县召开春耕生产工作会议" not in client.get("/admin/submissions/mine/").content.decode()
    assert denied(client.post(f"/admin/submissions/{submitted.pk}/withdraw/"))
    submitted.refresh_from_db()
    assert submitted.status == Submission.Status.SUBMITTED


def test_the_audit_report_lists_every_decision_with_export(client, submitted, city_editor, sites, column):
    second = ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤县第二条信息")
    other = Submission.objects.create(
        source_page=second,
        title=second.title,
        source_url="http://jixian.localhost/x/",
        source_profile=submitted.source_profile,
        unit=submitted.unit,
        column=submitted.column,
    )
    client.force_login(city_editor)
    client.post(f"/admin/submissions/{submitted.pk}/adopt/")
    client.post(f"/admin/submissions/{other.pk}/return/", {"reason": REASON})

    audit = client.get("/admin/submissions/audit/").content.decode()
    assert "集贤县召开春耕生产工作会议" in audit and "集贤县第二条信息" in audit and REASON in audit
    returned_only = client.get("/admin/submissions/audit/", {"status": "returned"}).content.decode()
    assert "集贤县第二条信息" in returned_only and "集贤县召开春耕生产工作会议" not in returned_only

    response = client.get("/admin/submissions/audit/", {"export": "xlsx"})
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:4] == ("编号", "标题", "原文地址", "报送站点")
    by_title = {row[1]: row for row in rows[1:]}
    assert by_title["集贤县第二条信息"][10] == "已退回" and by_title["集贤县第二条信息"][13] == REASON
    assert by_title["集贤县召开春耕生产工作会议"][10] == "已采用"
    assert by_title["集贤县召开春耕生产工作会议"][14].startswith("http://localhost/")
    csv = client.get("/admin/submissions/audit/", {"export": "csv"}).getvalue().decode("utf-8")
    assert "集贤县第二条信息" in csv and REASON in csv

    client.force_login(site_user(sites, "youyi", "editor"))  # a county sees its own sites' decisions only
    assert "集贤县第二条信息" not in client.get("/admin/submissions/audit/").content.decode()
