"""The page chooser and the admin page API show a user their own sites' pages in full and other
sites' pages only as residents see them: live, under their live titles (sites.visibility)."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from content.models import ArticlePage
from sites.visibility import UNPUBLISHED, as_seen_by
from tests.walls import DRAFT, LIVE, LIVE_DRAFT, SECRETS, build_foreign, leaks, staff, text_of, translator

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def foreign(sites, column):
    return build_foreign(sites, column)


@pytest.fixture(params=["county-editor", "county-reviewer", "translator"])
def outsider(request, sites, client):
    if request.param == "translator":
        user = translator()
    else:
        user = staff(sites, "jixian", "editor" if request.param == "county-editor" else "first_review")
    client.force_login(user)
    return user


def get(client, url, **params):
    response = client.get(url, params, **XHR)
    assert response.status_code in (200, 404), (url, response.status_code)
    return response


def test_another_sites_column_lists_its_live_items_under_their_live_titles(client, outsider, foreign):
    response = get(client, reverse("wagtailadmin_choose_page_child", args=[foreign.column.pk]))
    assert response.status_code == 200
    assert LIVE in text_of(response)
    assert leaks(response) == []


def test_an_unpublished_page_of_another_site_cannot_be_browsed(client, outsider, foreign):
    response = get(client, reverse("wagtailadmin_choose_page_child", args=[foreign.draft.pk]))
    assert response.status_code == 404
    assert leaks(response) == []


def test_a_live_page_of_another_site_is_browsed_under_its_live_title(client, outsider, foreign):
    response = get(client, reverse("wagtailadmin_choose_page_child", args=[foreign.live.pk]))
    assert LIVE in text_of(response)
    assert leaks(response) == []


@pytest.mark.parametrize("query", [DRAFT, LIVE_DRAFT, LIVE, "友谊县"])
def test_searching_finds_no_draft_of_another_site(client, outsider, foreign, query):
    response = get(client, reverse("wagtailadmin_choose_page_search"), q=query)
    assert leaks(response) == []
    if query == LIVE:
        assert LIVE in text_of(response)


def test_choosing_several_ids_returns_only_public_pages_under_their_live_titles(client, outsider, foreign):
    url = reverse("wagtailadmin_choose_page_chosen_multiple")
    response = client.get(f"{url}?id={foreign.draft.pk}&id={foreign.live.pk}", **XHR)
    assert leaks(response) == []
    assert [page["adminTitle"] for page in response.json()["result"]] == [LIVE]


@pytest.mark.parametrize("suffix", ["", "?from=chooser"])
def test_an_address_of_another_sites_page_converts_under_its_live_title(client, outsider, foreign, suffix):
    url = foreign.live.get_full_url() + suffix
    response = client.post(reverse("wagtailadmin_choose_page_external_link"), {"external-link-chooser-url": url}, **XHR)
    assert response.status_code == 200
    assert leaks(response) == []
    data = response.json()
    internal = data.get("internal") or data["result"]
    assert internal["id"] == foreign.live.pk and internal["adminTitle"] == LIVE


def test_own_drafts_and_the_townships_are_read_in_full(client, sites, column, foreign):
    """The control: a county reads its own and its townships' drafts in the chooser."""
    client.force_login(staff(sites, "jixian"))
    for key, title in [("jixian", "集贤县草稿甲"), ("fuli", "福利镇草稿乙")]:
        parent = column(key, "news/local-news" if key == "jixian" else "news")
        parent.add_child(instance=ArticlePage(title=title, slug=f"draft-{key}", live=False))
        response = get(client, reverse("wagtailadmin_choose_page_child", args=[parent.pk]))
        assert title in text_of(response)
        assert title in text_of(get(client, reverse("wagtailadmin_choose_page_search"), q=title))


def test_the_sites_own_staff_and_superusers_see_its_drafts(client, sites, foreign, admin_user):
    for user in (staff(sites, "youyi", "second_review"), admin_user):
        client.force_login(user)
        response = get(client, reverse("wagtailadmin_choose_page_child", args=[foreign.column.pk]))
        assert DRAFT in text_of(response) and LIVE_DRAFT in text_of(response)


@pytest.fixture
def portal_draft(sites):
    """The portal's home page, above every county's, with a draft under another title."""
    home = sites["portal"].root_page.specific
    home.title = "门户改版草稿标题"
    home.save_revision()
    return Page.objects.get(pk=home.pk)


def test_the_admin_api_shows_ancestors_of_own_pages_under_their_live_titles(client, sites, portal_draft):
    client.force_login(staff(sites, "jixian"))
    for pk in (sites["jixian"].root_page.pk, portal_draft.pk):
        response = client.get(f"/admin/api/main/pages/{pk}/")
        assert response.status_code in (200, 404)
        assert leaks(response, ["门户改版草稿标题"]) == []
    response = client.get("/admin/api/main/pages/", {"child_of": "root", "for_explorer": "1"})
    assert leaks(response, ["门户改版草稿标题"]) == []


def test_the_admin_api_answers_nothing_of_another_sites_pages(client, outsider, foreign):
    for url in [
        f"/admin/api/main/pages/{foreign.draft.pk}/",
        f"/admin/api/main/pages/{foreign.live.pk}/",
        f"/admin/api/main/pages/?child_of={foreign.column.pk}",
        f"/admin/api/main/pages/?descendant_of={foreign.column.pk}",
        f"/admin/api/main/pages/?search={DRAFT}",
        f"/admin/api/main/pages/?search={LIVE_DRAFT}",
        f"/admin/api/main/pages/?id={foreign.draft.pk}",
    ]:
        assert leaks(client.get(url)) == [], url


def test_the_admin_api_still_serves_the_explorer_its_own_pages(client, sites, column):
    client.force_login(staff(sites, "jixian"))
    parent = column("jixian", "news/local-news")
    parent.add_child(instance=ArticlePage(title="集贤县草稿丙", slug="draft-c", live=False))
    response = client.get("/admin/api/main/pages/", {"child_of": parent.pk, "for_explorer": "1"})
    assert [page["admin_display_title"] for page in response.json()["items"]] == ["集贤县草稿丙"]


def test_page_types_usage_names_no_other_sites_page(client, outsider, foreign):
    for name in ("page_types_usage", "page_types_usage_results"):
        response = client.get(reverse(f"wagtailadmin_reports:{name}"))
        assert response.status_code in (200, 302, 403)
        assert leaks(response, (*SECRETS, LIVE, "友谊县")) == []


def test_page_types_usage_counts_and_names_the_users_own_pages(client, sites, column, foreign):
    client.force_login(staff(sites, "jixian"))
    column("jixian", "news/local-news").add_child(instance=ArticlePage(title="集贤县最新稿件", slug="n", live=False))
    Page.objects.filter(title="集贤县最新稿件").update(
        latest_revision_created_at=foreign.live.latest_revision_created_at
    )
    response = client.get(reverse("wagtailadmin_reports:page_types_usage"))
    assert "集贤县最新稿件" in response.content.decode()
    assert leaks(response) == []


def test_a_translator_reads_nothing_of_the_other_languages_drafts_through_the_api(client, sites):
    """The English translator's page lists its translations: the Russian one only as residents see it."""
    from django.test import TestCase
    from wagtail.models import Locale
    from wagtail_localize.operations import translate_object

    home = sites["portal"].root_page.specific
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(home, list(Locale.objects.filter(language_code__in=["en", "ru"])))
    user = translator()  # after the trees exist: the group holds the English tree
    russian = home.get_translation(Locale.objects.get(language_code="ru"))
    russian.title = "俄文草稿RUSECRET"
    russian.save_revision()
    english = home.get_translation(Locale.objects.get(language_code="en"))
    client.force_login(user)
    response = client.get(f"/admin/api/main/pages/{english.pk}/")
    assert response.status_code == 200
    assert leaks(response, ["RUSECRET"]) == []


def test_a_page_as_seen_by_another_sites_staff(sites, foreign):
    """What every view above shows of a page: another site's live page under its live title and
    without its unpublished changes; its unpublished page unnamed and without an address (Wagtail
    may still show one as the way to pages below it); one's own pages as they are."""
    outsider, insider = staff(sites, "jixian"), staff(sites, "youyi")
    live = as_seen_by(outsider, Page.objects.get(pk=foreign.live.pk))
    assert live.get_admin_display_title() == LIVE and not live.has_unpublished_changes
    draft = as_seen_by(outsider, Page.objects.get(pk=foreign.draft.pk))
    assert draft.get_admin_display_title() == UNPUBLISHED and draft.url is None
    assert as_seen_by(insider, Page.objects.get(pk=foreign.draft.pk)).get_admin_display_title() == DRAFT
    assert as_seen_by(insider, Page.objects.get(pk=foreign.live.pk)).get_admin_display_title() == LIVE_DRAFT


@pytest.mark.parametrize("data", [{}, {"external-link-chooser-link_text": "链接"}])
def test_an_external_link_without_an_address_is_asked_for_one(client, sites, data):
    """Wagtail's form fails on a missing address (None.startswith); the editor gets the field's error."""
    client.force_login(staff(sites, "jixian"))
    response = client.post(reverse("wagtailadmin_choose_page_external_link"), data)
    assert response.status_code == 200
    assert response.json()["step"] == "external_link"
    assert "必需字段" in response.json()["html"]
