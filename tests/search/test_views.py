"""/search/ and /api/search/ on every site: results, facets, scope, and no 500 for any input."""

import pytest

from search.engines.database import DatabaseEngine
from search.entries import build_entries, searchable_pages
from search.models import SearchLog
from tests.factories import ArticlePageFactory, NoticePageFactory

BAD_INPUT = [
    {"q": ""},
    {"q": "防" * 1000},
    {"q": '" * : ( ) { } [ ] ~ ^ \\ /'},
    {"q": '防汛 "unbalanced'},
    {"q": "防汛", "site": "nowhere.example", "type": "<script>", "year": "abc", "unit": "无此单位"},
    {"q": "防汛", "year": "99999999999999999999"},
    {"q": "防汛", "page": "-1"},
    {"q": "防汛", "page": "999999"},
    {"q": "防汛", "page": "abc", "sort": "drop table", "scope": "?"},
]


@pytest.fixture(params=["database", "elasticsearch"])
def indexed(request, db, column):
    ArticlePageFactory(parent=column("portal", "homepage/current-affairs"), title="防汛应急演练在市区举行")
    ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤县开展防汛应急演练")
    NoticePageFactory(parent=column("jixian", "disclosure/notices"), title="集贤县关于防汛值班安排的通知")
    engine = DatabaseEngine() if request.param == "database" else request.getfixturevalue("es_engine")
    engine.replace(build_entries(searchable_pages().specific()))
    engine.refresh()
    return engine


@pytest.mark.parametrize("params", BAD_INPUT)
def test_bad_input_never_fails(client, indexed, params):
    for path in ("/search/", "/api/search/"):
        response = client.get(path, params, HTTP_HOST="localhost")
        assert response.status_code == 200, (path, params)


def test_the_portal_searches_every_site_and_a_subsite_itself(client, indexed):
    portal = client.get("/api/search/", {"q": "防汛"}, HTTP_HOST="localhost").json()
    assert portal["scope"] == "all" and portal["total"] == 3
    county = client.get("/api/search/", {"q": "防汛"}, HTTP_HOST="jixian.localhost").json()
    assert county["scope"] == "site" and county["total"] == 2
    everywhere = client.get("/api/search/", {"q": "防汛", "scope": "all"}, HTTP_HOST="jixian.localhost").json()
    assert everywhere["total"] == 3


def test_the_api_gives_hits_with_site_column_date_and_facets(client, indexed):
    data = client.get("/api/search/", {"q": "防汛 通知", "type": "notice"}, HTTP_HOST="localhost").json()
    assert data["total"] == 1
    hit = data["results"][0]
    assert hit["title"] == "集贤县关于防汛值班安排的通知"
    assert hit["url"].startswith("http://jixian.localhost/")
    assert hit["site"] == {"hostname": "jixian.localhost", "name": "集贤县人民政府"}
    assert [c["title"] for c in hit["column"]][-1] == "通知公告"
    assert hit["type_label"] == "通知公告" and hit["date"]
    assert {"site", "type", "year", "unit"} <= set(data["facets"])


def test_the_page_marks_the_words_found_and_links_facets(client, indexed):
    html = client.get("/search/", {"q": "防汛"}, HTTP_HOST="localhost").content.decode()
    assert "<mark>防汛</mark>应急演练在市区举行" in html
    assert "正文内容。" in html  # snippets keep the text's own (full-width) punctuation
    assert 'role="search"' in html and "集贤县人民政府" in html
    assert "site=jixian.localhost" in html  # the site facet
    assert "找到约 <strong>3</strong> 条" in html


def test_no_results_suggests_popular_queries(client, indexed):
    SearchLog.objects.create(site_hostname="localhost", query="防汛", normalized="防汛", results=3)
    html = client.get("/search/", {"q": "不存在的词语组合"}, HTTP_HOST="localhost").content.decode()
    assert "没有找到相关信息" in html
    assert "大家都在搜" in html and "?q=%E9%98%B2%E6%B1%9B" in html


def test_pages_past_the_end_show_the_last_page(client, indexed):
    data = client.get("/api/search/", {"q": "防汛", "page": "999999"}, HTTP_HOST="localhost").json()
    assert data["page"] == 1 and len(data["results"]) == 3
