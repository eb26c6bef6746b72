import re

import pytest

from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def township_news(column):
    return ArticlePageFactory(parent=column("fuli", "news"), title="福利镇秋收工作", slug="harvest")


def test_township_page_answers_on_its_own_hostname(client, township_news):
    response = client.get("/news/harvest/", HTTP_HOST="fuli.jixian.localhost")
    assert response.status_code == 200
    assert '<link rel="canonical" href="http://fuli.jixian.localhost/news/harvest/">' in response.content.decode()


def test_township_page_under_county_hostname_redirects_permanently(client, township_news):
    response = client.get("/fuli/news/harvest/?page=2", HTTP_HOST="jixian.localhost")
    assert response.status_code == 301
    assert response["Location"] == "http://fuli.jixian.localhost/news/harvest/?page=2"


def test_county_page_under_portal_hostname_redirects(client, column):
    news = ArticlePageFactory(parent=column("jixian", "news/local-news"), slug="meeting")
    response = client.get("/jixian/news/local-news/meeting/", HTTP_HOST="localhost")
    assert response.status_code == 301
    assert response["Location"] == news.full_url == "http://jixian.localhost/news/local-news/meeting/"


def test_links_are_generated_to_the_deepest_site(rf, township_news, sites):
    request = rf.get("/", HTTP_HOST="jixian.localhost")
    assert township_news.get_url(request) == "http://fuli.jixian.localhost/news/harvest/"
    assert township_news.get_full_url(request) == "http://fuli.jixian.localhost/news/harvest/"


def test_county_home_links_to_township_site_not_through_its_own_tree(client, township_news):
    html = client.get("/", HTTP_HOST="jixian.localhost").content.decode()
    assert 'href="http://fuli.jixian.localhost/"' in html
    assert "jixian.localhost/fuli/" not in html


def sitemap_locations(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_each_sitemap_lists_only_its_own_pages(client, township_news, column):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), slug="county-news")
    county = sitemap_locations(client, "jixian.localhost")
    township = sitemap_locations(client, "fuli.jixian.localhost")
    portal = sitemap_locations(client, "localhost")
    assert "http://jixian.localhost/news/local-news/county-news/" in county
    assert "http://fuli.jixian.localhost/news/harvest/" in township
    assert all(loc.startswith("http://jixian.localhost/") for loc in county)
    assert all(loc.startswith("http://fuli.jixian.localhost/") for loc in township)
    assert all(loc.startswith("http://localhost/") for loc in portal)
    assert len(portal) > 200  # the 分解表's channels and columns


def test_robots_txt_names_the_sites_own_sitemap(client, sites):
    body = client.get("/robots.txt", HTTP_HOST="fuli.jixian.localhost").content.decode()
    assert "Sitemap: http://fuli.jixian.localhost/sitemap.xml" in body
    assert "Disallow: /admin/" in body
