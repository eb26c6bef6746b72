"""Each site's /sitemap.xml: its own live pages in every language, each with its versions as
xhtml:link hreflang alternates, for a bounded number of queries."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import ArticlePageFactory
from tests.translations.conftest import english, foreign_trees, russian  # noqa: F401

pytestmark = pytest.mark.django_db
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap(client, host="localhost"):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)  # well-formed, namespaces declared
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        }
        for url in root.findall("s:url", NS)
    }


def test_the_portal_lists_its_english_and_russian_pages_with_alternates(client, foreign_trees):  # noqa: F811
    urls = sitemap(client)
    versions = {
        "zh-Hans": "http://localhost/city-profile/geography/",
        "en": "http://localhost/en/city-profile/geography/",
        "ru": "http://localhost/ru/city-profile/geography/",
        "x-default": "http://localhost/city-profile/geography/",
    }
    for loc in ("zh-Hans", "en", "ru"):
        assert urls[versions[loc]] == versions
    assert urls["http://localhost/en/"]["ru"] == "http://localhost/ru/"
    assert urls["http://localhost/"]["x-default"] == "http://localhost/"
    # a page with no translation has no alternates
    chinese_only = [loc for loc, alternates in urls.items() if not alternates]
    assert chinese_only and all("/en/" not in loc and "/ru/" not in loc for loc in chinese_only)
    assert all(loc.startswith("http://localhost/") for loc in urls)
    hreflangs = [list(a) for a in urls.values() if a]
    assert all(h == ["zh-Hans", "en", "ru", "x-default"] for h in hreflangs)


def test_a_county_lists_neither_the_portals_translations_nor_its_townships(client, foreign_trees, column):  # noqa: F811
    ArticlePageFactory(parent=column("fuli", "news"), slug="harvest")
    county = sitemap(client, "jixian.localhost")
    assert county and all(loc.startswith("http://jixian.localhost/") for loc in county)
    assert not any(a for a in county.values())
    assert "http://fuli.jixian.localhost/news/harvest/" in sitemap(client, "fuli.jixian.localhost")


def test_drafts_and_private_pages_stay_out(client, foreign_trees, english):  # noqa: F811
    home, channel = foreign_trees
    geography = channel.get_descendants().get(slug="geography")
    private = channel.get_children().exclude(slug="geography").first()
    private_urls = [f"http://localhost{prefix}/city-profile/{private.slug}/" for prefix in ("", "/en", "/ru")]
    assert set(private_urls) <= set(sitemap(client))
    geography.get_translation(english).unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    urls = sitemap(client)
    assert "http://localhost/en/city-profile/geography/" not in urls
    assert set(urls["http://localhost/city-profile/geography/"]) == {"zh-Hans", "ru", "x-default"}
    # a view restriction on the Chinese page keeps it out (its versions are pages of their own)
    assert private_urls[0] not in urls


def test_the_query_count_does_not_grow_with_the_pages(client, column, django_assert_num_queries):
    news = column("jixian", "news/local-news")
    for n in range(5):
        ArticlePageFactory(parent=news, slug=f"a{n}")
    client.get("/sitemap.xml", HTTP_HOST="jixian.localhost")  # warm the site root paths
    with django_assert_num_queries(QUERIES):
        before = sitemap(client, "jixian.localhost")
    for n in range(5, 120):
        ArticlePageFactory(parent=news, slug=f"a{n}")
    with django_assert_num_queries(QUERIES):
        after = sitemap(client, "jixian.localhost")
    assert len(after) == len(before) + 115


QUERIES = 3  # its home page's versions, the private sections, the pages (the site and its profile
# come from the per-site cache, sites.caching)
