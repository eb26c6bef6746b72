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


def test_editor_does_not_act_in_own_township(client, jixian_editor, column):
    """A township's site lies in its county's subtree, but only the township's own groups act
    there; the county oversees it read-only (tests/review/test_sheet.py, tests/assurance)."""
    township_news = column("fuli", "news")
    assert refused(client.get(f"/admin/pages/add/content/articlepage/{township_news.pk}/"))
    assert (
        client.get(f"/admin/pages/add/content/articlepage/{column('jixian', 'news/local-news').pk}/").status_code == 200
    )


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


# Each site's groups act on their own site only: a county not in its townships, the portal not in
# the counties (sites/permissions.py). Targets are (actor's site, target's site, target column).
NEWS = {"portal": "homepage/department-news", "fuli": "news", "jixian": "news/local-news", "youyi": "news/local-news"}
WALLS = [("jixian", "fuli"), ("jixian", "youyi"), ("portal", "jixian"), ("fuli", "jixian")]


def member_of(sites, key, role="editor"):
    return UserFactory(groups=[SiteGroup.objects.get(profile__site=sites[key], role=role).group])


@pytest.fixture
def wall(client, sites, column):
    """wall(actor, target) -> (target column, live item, draft item), with the client
    logged in as the actor site's editor. The draft is created first, newest item last."""

    def build(actor, target):
        parent = column(target, NEWS[target])
        draft = ArticlePageFactory(parent=parent, title="他站草稿", live=False)
        item = ArticlePageFactory(parent=parent, title="他站原标题")
        client.force_login(member_of(sites, actor))
        return parent, item, draft

    return build


@pytest.mark.parametrize("actor, target", WALLS)
@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/admin/pages/{item}/edit/"),
        ("post", "/admin/pages/{item}/edit/"),
        ("post", "/admin/pages/{draft}/edit/"),
        ("get", "/admin/pages/{draft}/delete/"),
        ("post", "/admin/pages/{draft}/delete/"),
        ("get", "/admin/pages/{item}/unpublish/"),
        ("post", "/admin/pages/{item}/unpublish/"),
        ("get", "/admin/pages/{draft}/move/"),
        ("post", "/admin/pages/{draft}/move/{own}/confirm/"),
        ("get", "/admin/pages/{item}/copy/"),
        ("post", "/admin/pages/{item}/copy/"),
        ("post", "/admin/pages/{draft}/lock/"),
        ("post", "/admin/pages/{item}/lock/"),
        ("get", "/admin/pages/{parent}/add_subpage/"),
        ("get", "/admin/pages/add/content/articlepage/{parent}/"),
        ("post", "/admin/pages/add/content/articlepage/{parent}/"),
    ],
)
def test_no_site_acts_in_another(client, wall, column, actor, target, method, path):
    parent, item, draft = wall(actor, target)
    own = column(actor, NEWS[actor])
    url = path.format(item=item.pk, draft=draft.pk, parent=parent.pk, own=own.pk)
    data = None
    if method == "post":
        data = article_form(
            "越权", "intruder", **{"action-submit": "1", "new_parent_page": own.pk, "new_title": "越权"}
        )
    before = Page.objects.count()
    response = getattr(client, method)(url, data)
    assert refused(response), (response.status_code, response.get("Location"))
    assert Page.objects.count() == before
    for page in (item, draft):
        page.refresh_from_db()
        assert page.get_parent().pk == parent.pk and not page.locked and page.title in ("他站原标题", "他站草稿")
        assert not page.revisions.exists() and page.current_workflow_state is None
    assert item.live


@pytest.mark.parametrize("actor, target", WALLS)
def test_nothing_moves_or_is_copied_into_another_site(client, wall, column, actor, target):
    parent, _item, _draft = wall(actor, target)
    own = column(actor, NEWS[actor])
    own_draft = ArticlePageFactory(parent=own, title="本站草稿", live=False)
    own_item = ArticlePageFactory(parent=own, title="本站信息")
    assert refused(client.post(f"/admin/pages/{own_draft.pk}/move/{parent.pk}/confirm/"))
    before = parent.get_children().count()
    response = client.post(
        f"/admin/pages/{own_item.pk}/copy/", {"new_title": "复制", "new_slug": "copied", "new_parent_page": parent.pk}
    )
    assert response.status_code in (200, 302, 403)
    assert parent.get_children().count() == before
    own_draft.refresh_from_db()
    assert own_draft.get_parent().pk == own.pk
    # The control: within its own site the same editor moves and copies.
    perms = own_draft.permissions_for_user(response.wsgi_request.user)
    assert perms.can_move_to(own.get_parent()) or perms.can_copy_to(own)
    assert not perms.can_move_to(parent) and not own_item.permissions_for_user(perms.user).can_copy_to(parent)


def test_an_editor_cannot_submit_a_township_item_into_its_review(client, sites, column):
    draft = ArticlePageFactory(parent=column("fuli", "news"), title="福利镇草稿", live=False)
    draft.save_revision()
    client.force_login(member_of(sites, "jixian"))
    response = client.post(f"/admin/pages/{draft.pk}/edit/", article_form("越权", draft.slug, **{"action-submit": "1"}))
    assert refused(response)
    draft.refresh_from_db()
    assert draft.current_workflow_state is None and draft.revisions.count() == 1
    client.force_login(member_of(sites, "fuli"))  # the township's own editor does
    response = client.post(
        f"/admin/pages/{draft.pk}/edit/", article_form("福利镇稿件", draft.slug, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.current_workflow_task.name == "初审·集贤县福利镇人民政府"


def test_the_choice_of_parent_refuses_another_sites_column(client, sites, column):
    client.force_login(member_of(sites, "jixian"))
    for key, parent in (("fuli", "news"), ("youyi", "news/local-news")):
        response = client.post("/admin/pages/create/content/articlepage", {"parent_page": column(key, parent).pk})
        assert response.status_code == 200 and "parent_page" in response.context["form"].errors
    response = client.post(
        "/admin/pages/create/content/articlepage", {"parent_page": column("jixian", "news/local-news").pk}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["editor", "first_review", "second_review", "final_review"])
def test_the_permission_policy_keeps_each_site_to_itself(sites, column, role):
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(Page)
    county, township = member_of(sites, "jixian", role), member_of(sites, "fuli", role)
    county_item = ArticlePageFactory(parent=column("jixian", "news/local-news"))
    township_item = ArticlePageFactory(parent=column("fuli", "news"))
    assert policy.user_has_permission_for_instance(county, "change", county_item)
    assert not policy.user_has_permission_for_instance(county, "change", township_item)
    assert not policy.user_has_permission_for_instance(county, "change", sites["fuli"].root_page)
    changeable = policy.instances_user_has_permission_for(county, "change")
    assert changeable.filter(pk=county_item.pk).exists() and not changeable.filter(pk=township_item.pk).exists()
    explorable = policy.explorable_instances(county)
    assert not explorable.filter(pk__in=[township_item.pk, sites["fuli"].root_page.pk]).exists()
    users = policy.users_with_permission_for_instance("change", township_item)
    assert township in users and county not in users
    assert county in policy.users_with_permission_for_instance("change", county_item)
    assert township_item.permissions_for_user(township).can_edit()
    assert not township_item.permissions_for_user(county).can_edit()
    assert not Page.objects.get(pk=township_item.pk).permissions_for_user(county).can_edit()  # a plain Page too


def test_every_page_model_uses_the_site_tester():
    from wagtail.models import get_page_models

    from sites.permissions import SitePagePermissionTester

    user = UserFactory()
    for model in get_page_models():
        if model is not Page:
            assert isinstance(model().permissions_for_user(user), SitePagePermissionTester), model


def test_a_county_editor_cannot_unlock_a_township_page(client, sites, column):
    township_editor = member_of(sites, "fuli")
    item = ArticlePageFactory(parent=column("fuli", "news"), title="福利镇锁定稿件")
    Page.objects.filter(pk=item.pk).update(locked=True, locked_by=township_editor)
    client.force_login(member_of(sites, "jixian"))
    assert refused(client.post(f"/admin/pages/{item.pk}/unlock/"))
    item.refresh_from_db()
    assert item.locked and item.locked_by == township_editor


@pytest.mark.parametrize("new_parent", [None, "", "abc", "99999999"])
def test_a_copy_posted_without_a_usable_parent_asks_for_one(client, jixian_editor, column, new_parent):
    """Wagtail's copy view reads the parent straight from the request and fails without it."""
    item = ArticlePageFactory(parent=column("jixian", "news/local-news"), title="本站信息")
    data = {"new_title": "复制", "new_slug": "copied"}
    if new_parent is not None:
        data["new_parent_page"] = new_parent
    before = Page.objects.count()
    response = client.post(f"/admin/pages/{item.pk}/copy/", data)
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{item.pk}/copy/"
    assert Page.objects.count() == before
    assert "请选择复制到的上级页面" in client.get(response["Location"]).content.decode()
