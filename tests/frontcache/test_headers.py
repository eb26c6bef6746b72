"""Which responses nginx may share: Cache-Control as Django writes it."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from wagtail.models import Page

from columns.models import ColumnPage
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

SHARED = "max-age=0, public, s-maxage=600"


def get(client, page, method="get", **extra):
    parts = urlsplit(page.full_url)
    return getattr(client, method)(parts.path, HTTP_HOST=parts.hostname, **extra)


def directives(response):
    return ", ".join(sorted(d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()))


@pytest.fixture
def item(column):
    return ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤县召开秋收工作会议")


def test_an_anonymous_residents_page_is_shared_and_browsers_ask_again(client, item, sites):
    for response in (get(client, item), get(client, item, "head"), get(client, sites["jixian"].root_page)):
        assert response.status_code == 200
        assert directives(response) == SHARED
        assert not response.cookies


@pytest.mark.parametrize("slug", ["disclosure", "documents"])
def test_a_page_is_shared_even_where_its_address_starts_like_another_view(client, sites, slug):
    """Every site's 政府信息公开 lives under /disclosure/, beside the application form's view."""
    root = sites["jixian"].root_page
    section = Page.objects.filter(url_path=f"{root.url_path}{slug}/").first()
    if section is None:
        section = root.add_child(instance=ColumnPage(title="栏目", slug=slug))
    item = ArticlePageFactory(parent=section)
    assert urlsplit(item.full_url).path.startswith(f"/{slug}/")
    assert directives(get(client, item)) == SHARED


def test_feeds_and_sitemaps_are_shared(client, sites):
    for path in ("/feed/", "/sitemap.xml", "/feeds/counties/"):
        response = client.get(path, HTTP_HOST="jixian.localhost" if path != "/feeds/counties/" else "localhost")
        assert response.status_code == 200 and directives(response) == SHARED, path


def test_a_logged_in_request_is_never_shared(client, item, staff):
    client.force_login(staff("jixian"))
    response = get(client, item)
    assert response.status_code == 200
    assert "public" not in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_resident_with_a_session_is_not_served_a_shared_copy(item):
    client = Client()
    client.cookies["sessionid"] = "anything"
    assert "private" in get(client, item)["Cache-Control"]


def test_a_page_with_a_form_is_never_shared_even_without_a_new_cookie(column):
    """The form's CSRF token is the visitor's own: with or without the cookie already set."""
    from tests.solicitation.conftest import at, travel

    with travel(at(2025, 9, 25)):
        draft = _open_solicitation(column)
        fresh = get(Client(), draft)
        assert fresh.status_code == 200 and "csrfmiddlewaretoken" in fresh.content.decode()
        assert "private" in fresh["Cache-Control"]
        returning = Client()
        returning.cookies["csrftoken"] = fresh.cookies["csrftoken"].value
        again = get(returning, draft)
        assert "csrfmiddlewaretoken" in again.content.decode() and "private" in again["Cache-Control"]


def _open_solicitation(column):
    from datetime import date

    from sites.models import Unit
    from solicitation.drafts import publish_draft

    unit, _ = Unit.objects.get_or_create(name="双鸭山市住房和城乡建设局", defaults={"kind": Unit.Kind.CITY_DEPARTMENT})
    return publish_draft(
        column("portal", "interaction/public-opinion"),
        "关于公开征求意见的公告",
        "现向社会公开征求意见。",
        unit,
        date(2025, 9, 20),
        date(2025, 10, 8),
        [("第一条", "条文。")],
        slug="frontcache-form",
    )


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/search/?q=秋收", "/api/search/?q=秋收", "/letters/lookup/", "/disclosure/apply/", "/no-such-page/"],
)
def test_staff_search_forms_and_errors_are_not_shared(client, sites, path):
    response = client.get(path, HTTP_HOST="jixian.localhost")
    assert "public" not in response.get("Cache-Control", ""), (path, response.status_code)


def test_a_post_is_not_shared(client, item):
    response = get(client, item, "post")
    assert "public" not in response.get("Cache-Control", "")


def test_a_views_own_cache_control_is_kept(client, sites):
    assert client.get("/robots.txt", HTTP_HOST="jixian.localhost")["Cache-Control"] == "max-age=3600"
