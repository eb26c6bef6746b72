"""Page forms refuse another site's images and documents posted by raw id, in every kind of field."""

import pytest
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.models import RICH_TEXT, ArticlePage, LeaderPage, NoticePage, ServiceGuidePage
from files.access import media_models
from files.forms import MediaCheckMixin
from tests.factories import ArticlePageFactory
from translations.groups import ensure_translator_groups

pytestmark = pytest.mark.django_db

COMMENTS = {"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0"}
REFUSED_IMAGE = "该图片不在您可选用的媒体库中，请从本站媒体库选择。"
REFUSED_DOCUMENT = "该文档不在您可选用的媒体库中，请从本站媒体库选择。"


def article(title, slug, **extra):
    return {"title": title, "slug": slug, "kind": "photo", "body": rich_text("<p>正文</p>"), **COMMENTS, **extra}


def errors(response):
    form = response.context["form"]
    return {field: list(messages) for field, messages in form.errors.items()}


@pytest.fixture
def editor(client, staff):
    user = staff("jixian")
    client.force_login(user)
    return user


def test_photo_news_with_another_sites_image_is_refused_beside_the_field(client, editor, column, image):
    other, own = image("youyi"), image("jixian")
    url = f"/admin/pages/add/content/articlepage/{column('jixian', 'news/local-news').pk}/"
    response = client.post(url, article("集贤县图片新闻", "photo-1", image=other.pk))
    assert response.status_code == 200
    assert errors(response) == {"image": [REFUSED_IMAGE]}
    assert "友谊县" not in response.content.decode() and other.title not in response.content.decode()
    assert not ArticlePage.objects.filter(slug="photo-1").exists()
    assert client.post(url, article("集贤县图片新闻", "photo-1", image=own.pk)).status_code == 302
    assert ArticlePage.objects.get(slug="photo-1").image == own


def test_editing_a_page_to_another_sites_image_changes_nothing(client, editor, column, image):
    own, other = image("jixian"), image("youyi")
    page = ArticlePageFactory(parent=column("jixian", "news/local-news"), kind="photo", image=own)
    page.save_revision()
    response = client.post(f"/admin/pages/{page.pk}/edit/", article(page.title, page.slug, image=other.pk))
    assert errors(response) == {"image": [REFUSED_IMAGE]}
    assert other.title not in response.content.decode() and own.title in response.content.decode()
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().image == own


def test_rich_text_embed_of_another_sites_image_is_refused(client, editor, column, image):
    other = image("youyi")
    body = rich_text(
        f'<p>正文</p><embed embedtype="image" id="{other.pk}" format="fullwidth" alt="图"/>', features=RICH_TEXT
    )
    url = f"/admin/pages/add/content/articlepage/{column('jixian', 'news/local-news').pk}/"
    response = client.post(url, {**article("集贤县新闻", "embed-1"), "kind": "news", "body": body})
    assert errors(response) == {"body": [REFUSED_IMAGE]}
    assert not ArticlePage.objects.filter(slug="embed-1").exists()


def test_rich_text_link_to_another_sites_document_is_refused(client, editor, column, document):
    other = document("youyi")
    body = rich_text(f'<p><a linktype="document" id="{other.pk}">附件</a></p>', features=RICH_TEXT)
    url = f"/admin/pages/add/content/articlepage/{column('jixian', 'news/local-news').pk}/"
    response = client.post(url, {**article("集贤县新闻", "link-1"), "kind": "news", "body": body})
    assert errors(response) == {"body": [REFUSED_DOCUMENT]}


def test_attachment_of_another_site_is_refused(client, editor, column, document):
    other = document("youyi")
    url = f"/admin/pages/add/content/noticepage/{column('jixian', 'disclosure/notices').pk}/"
    data = {"title": "集贤县通知", "slug": "notice-1", "body": rich_text("<p>通知</p>"), **COMMENTS}
    response = client.post(url, {**data, "attachment": other.pk})
    assert errors(response) == {"attachment": [REFUSED_DOCUMENT]}
    assert not NoticePage.objects.filter(slug="notice-1").exists()
    own = document("jixian")
    assert client.post(url, {**data, "attachment": own.pk}).status_code == 302


def test_form_download_block_with_another_sites_document_is_refused(client, editor, column, document):
    other = document("youyi")
    url = f"/admin/pages/add/content/serviceguidepage/{column('jixian', 'services/individual-services').pk}/"
    data = {
        "title": "集贤县办事指南",
        "slug": "guide-1",
        "basis": rich_text("<ul><li>依据</li></ul>"),
        "conditions": rich_text("<ul><li>条件</li></ul>"),
        "materials": rich_text("<ul><li>材料</li></ul>"),
        "process": rich_text("<ol><li>流程</li></ol>"),
        "location": "政务服务中心",
        "office_hours": "工作日",
        "phone": "0469-1234567",
        **nested_form_data(
            {"forms": streamfield([("form", {"title": "申请表", "document": other.pk})]), "faq": streamfield([])}
        ),
        **COMMENTS,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert errors(response) == {"forms": [REFUSED_DOCUMENT]}
    assert other.title not in response.content.decode()
    assert not ServiceGuidePage.objects.filter(slug="guide-1").exists()


def test_leader_photo_of_another_site_is_refused(client, editor, column, image):
    """LeaderPage has Wagtail's plain page form: the check covers every page model."""
    other = image("youyi")
    url = f"/admin/pages/add/content/leaderpage/{column('jixian', 'leadership/government-leaders').pk}/"
    data = {"title": "张三", "slug": "leader-1", "position": "县长", "duties": "主持全面工作", **COMMENTS}
    response = client.post(url, {**data, "photo": other.pk})
    assert errors(response) == {"photo": [REFUSED_IMAGE]}
    assert not LeaderPage.objects.filter(slug="leader-1").exists()


def test_a_shared_image_already_on_the_page_stays(client, editor, column, image):
    """An administrator gave the page the portal's picture; the editor may still save the page."""
    shared = image("portal")
    page = ArticlePageFactory(parent=column("jixian", "news/local-news"), kind="photo", image=shared)
    page.save_revision()
    response = client.post(f"/admin/pages/{page.pk}/edit/", article("集贤县新闻（更新）", page.slug, image=shared.pk))
    assert response.status_code == 302, errors(response)
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "集贤县新闻（更新）"


def test_another_county_editor_cannot_post_a_third_sites_image(client, staff, column, image):
    other = image("jixian")
    client.force_login(staff("youyi"))
    url = f"/admin/pages/add/content/articlepage/{column('youyi', 'news/local-news').pk}/"
    assert errors(client.post(url, article("友谊县图片新闻", "photo-2", image=other.pk))) == {"image": [REFUSED_IMAGE]}


def test_every_page_form_checks_media():
    for model in get_page_models():
        if model is Page:
            continue  # the tree's root, with no fields of its own; Wagtail sets its form last
        form_class = model.get_edit_handler().get_form_class()
        assert issubclass(form_class, MediaCheckMixin), model
        assert issubclass(form_class, WagtailAdminPageForm), model


def test_no_snippet_holds_images_or_documents():
    """Snippet forms have no media check; a snippet with an image or document field needs one."""
    for model in get_snippet_models():
        for field in model._meta.get_fields():
            assert not (field.is_relation and field.related_model in media_models()), (model, field.name)


def test_a_translator_cannot_put_a_county_picture_on_an_english_page(client, foreign_trees, english, image, translator):
    ensure_translator_groups()  # now that the English tree exists
    _home, channel = foreign_trees
    column = channel.get_translation(english).get_children().first().specific
    other = image("jixian")
    client.force_login(translator)
    url = f"/admin/pages/add/content/articlepage/{column.pk}/"
    response = client.post(url, article("Photo news", "photo-en", image=other.pk))
    assert response.status_code == 200
    assert errors(response) == {"image": [REFUSED_IMAGE]}
    assert not ArticlePage.objects.filter(slug="photo-en").exists()
