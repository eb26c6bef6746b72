import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from content.models import ArticlePage
from sites.models import SiteGroup
from tests.factories import ArticlePageFactory, UserFactory

pytestmark = pytest.mark.django_db

COMMENTS = {"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0"}


def article_form(title, slug, **extra):
    return {
        "title": title,
        "slug": slug,
        "kind": "news",
        "body": rich_text("<p>正文</p>"),
        **COMMENTS,
        **extra,
    }


@pytest.fixture
def jixian_editor(client, sites):
    group = SiteGroup.objects.get(profile__site=sites["jixian"], role="editor").group
    user = UserFactory(groups=[group])
    client.force_login(user)
    return user


@pytest.fixture
def youyi_news(column):
    return ArticlePageFactory(parent=column("youyi", "news/local-news"), title="友谊县原标题")


def test_editor_adds_edits_and_submits_for_review_in_own_subtree(client, jixian_editor, column):
    """Editors never publish: their items pass 三审三校 and 终审 approval publishes (tests/review)."""
    local_news = column("jixian", "news/local-news")
    url = f"/admin/pages/add/content/articlepage/{local_news.pk}/"
    response = client.post(url, article_form("集贤县新闻", "new-item", **{"action-publish": "publish"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ArticlePage.objects.get(slug="new-item")
    assert not page.live and page.get_parent().pk == local_news.pk  # the publish button only saved a draft
    assert not page.permissions_for_user(jixian_editor).can_publish()
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        article_form("集贤县新闻（更新）", "new-item", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "集贤县新闻（更新）" and not page.live
    assert page.current_workflow_task.name == "初审·集贤县人民政府"


def test_editor_reaches_own_township_subtree(client, jixian_editor, column):
    """The county office answers for its townships' sites, which lie in its subtree."""
    township_news = column("fuli", "news")
    response = client.get(f"/admin/pages/add/content/articlepage/{township_news.pk}/")
    assert response.status_code == 200


def refused(response):
    return response.status_code in (302, 403) and "/admin/pages/" not in response.get("Location", "/admin/pages/")


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/admin/pages/{page}/edit/"),
        ("get", "/admin/pages/{page}/delete/"),
        ("post", "/admin/pages/{page}/delete/"),
        ("get", "/admin/pages/{page}/unpublish/"),
        ("post", "/admin/pages/{page}/unpublish/"),
        ("get", "/admin/pages/{page}/move/"),
        ("get", "/admin/pages/{page}/copy/"),
        ("get", "/admin/pages/{parent}/add_subpage/"),
        ("get", "/admin/pages/add/content/articlepage/{parent}/"),
        ("post", "/admin/pages/add/content/articlepage/{parent}/"),
        ("get", "/admin/pages/{home}/edit/"),
    ],
)
def test_every_attempt_on_another_countys_pages_is_refused(client, jixian_editor, youyi_news, sites, method, path):
    url = path.format(page=youyi_news.pk, parent=youyi_news.get_parent().pk, home=sites["youyi"].root_page.pk)
    before = Page.objects.count()
    data = article_form("越权", "intruder", **{"action-publish": "1"}) if method == "post" else None
    response = getattr(client, method)(url, data)
    assert refused(response), (response.status_code, response.get("Location"))
    assert Page.objects.count() == before
    youyi_news.refresh_from_db()
    assert youyi_news.live and youyi_news.title == "友谊县原标题"


def test_editing_another_countys_page_by_post_changes_nothing(client, jixian_editor, youyi_news):
    response = client.post(
        f"/admin/pages/{youyi_news.pk}/edit/",
        article_form("被篡改", youyi_news.slug, **{"action-publish": "1"}),
    )
    assert refused(response)
    youyi_news.refresh_from_db()
    assert youyi_news.title == "友谊县原标题"
    assert not youyi_news.revisions.exists()


def test_explorer_does_not_offer_other_counties(client, jixian_editor, sites):
    response = client.get("/admin/pages/")
    assert response.status_code in (200, 302)
    response = client.get(f"/admin/pages/{sites['youyi'].root_page.pk}/")
    assert refused(response) or "友谊县" not in response.content.decode()


def test_reviewers_of_one_county_cannot_publish_in_another(client, sites, youyi_news):
    group = SiteGroup.objects.get(profile__site=sites["jixian"], role="final_review").group
    client.force_login(UserFactory(groups=[group]))
    response = client.post(f"/admin/pages/{youyi_news.pk}/unpublish/")
    assert refused(response)
    youyi_news.refresh_from_db()
    assert youyi_news.live


def test_site_profiles_are_edited_in_the_admin_but_never_added_or_deleted_by_hand(admin_client, sites):
    profile = sites["youyi"].profile
    assert admin_client.get(f"/admin/snippets/sites/siteprofile/edit/{profile.pk}/").status_code == 200
    assert admin_client.get("/admin/snippets/sites/siteprofile/add/").status_code in (302, 403)
    response = admin_client.post(f"/admin/snippets/sites/siteprofile/delete/{profile.pk}/")
    assert response.status_code in (302, 403)
    assert type(profile).objects.filter(pk=profile.pk).exists()
    assert admin_client.get("/admin/snippets/sites/unit/add/").status_code == 200
