import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ArticlePageFactory, GovDocumentPageFactory, NoticePageFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, host, path):
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [(e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href")) for e in feed.iter(f"{ATOM}entry")]


def test_each_site_has_an_atom_feed_of_its_own_items(client, column):
    now = timezone.now()
    ArticlePageFactory(parent=column("jixian", "news/local-news"), title="县新闻", slug="n", first_published_at=now)
    NoticePageFactory(
        parent=column("jixian", "disclosure/notices"),
        title="县通知",
        first_published_at=now - timedelta(hours=1),
    )
    GovDocumentPageFactory(
        parent=column("jixian", "disclosure/government-documents"),
        title="县文件",
        first_published_at=now - timedelta(hours=2),
    )
    ArticlePageFactory(parent=column("fuli", "news"), title="镇新闻")
    ArticlePageFactory(parent=column("jixian", "news/local-news"), title="草稿", live=False)

    county = entries(client, "jixian.localhost", "/feed/")
    assert [title for title, _ in county] == ["县新闻", "县通知", "县文件"]
    assert county[0][1] == "http://jixian.localhost/news/local-news/n/"
    assert [title for title, _ in entries(client, "fuli.jixian.localhost", "/feed/")] == ["镇新闻"]


def test_portal_aggregates_county_and_district_news(client, column):
    now = timezone.now()
    ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤", first_published_at=now)
    ArticlePageFactory(
        parent=column("jianshan", "news/local-news"),
        title="尖山",
        first_published_at=now - timedelta(hours=1),
    )
    ArticlePageFactory(parent=column("fuli", "news"), title="福利镇")
    ArticlePageFactory(parent=column("portal", "homepage/department-news"), title="市直部门")
    feed = entries(client, "localhost", "/feeds/counties/")
    assert [title for title, _ in feed] == ["【集贤县人民政府】集贤", "【尖山区人民政府】尖山"]
    assert feed[1][1].startswith("http://jianshan.localhost/")


def test_county_feed_is_only_on_the_portal(client, sites):
    assert client.get("/feeds/counties/", HTTP_HOST="jixian.localhost").status_code == 404
