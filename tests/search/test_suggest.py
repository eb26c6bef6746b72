"""Suggestions as residents type (/api/search/suggest/), the 热词 of the search page, and the
autocomplete markup of the search boxes."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from search.engines.database import DatabaseEngine
from search.entries import build_entries, searchable_pages
from search.models import SearchLog, SearchTerm
from search.suggest import LIMIT, popular_queries, suggestions
from tests.factories import ArticlePageFactory, NoticePageFactory

HOSTILE = [
    "",
    " ",
    "防" * 1000,
    "！？。，、…——",
    "%",
    "_",
    "%%",
    "\\",
    "防%",
    "防_",
    "a",
    "gongyong 事业 Пре",
    "' OR 1=1 --",
]


@pytest.fixture
def indexed(db, column):
    for n, title in enumerate(["防汛应急演练在市区举行", "防汛值班安排", "防火宣传进社区", "森林防火工作会议"]):
        ArticlePageFactory(parent=column("portal", "homepage/current-affairs"), title=title, slug=f"a{n}")
    NoticePageFactory(parent=column("jixian", "disclosure/notices"), title="防汛物资储备情况公示")
    DatabaseEngine().replace(build_entries(searchable_pages().specific()))


def log(query, results=3, site="localhost", days_ago=0, times=1):
    rows = SearchLog.objects.bulk_create(
        SearchLog(site_hostname=site, query=query, normalized=query, results=results) for _ in range(times)
    )
    SearchLog.objects.filter(pk__in=[r.pk for r in rows]).update(at=timezone.now() - timedelta(days=days_ago))


def test_titles_complete_a_prefix(indexed):
    found = suggestions("防汛")
    assert set(found) == {"防汛应急演练在市区举行", "防汛值班安排", "防汛物资储备情况公示"}
    assert "防火宣传进社区" not in found and "森林防火工作会议" not in found


def test_popular_queries_come_first_and_only_those_that_found_something_lately(indexed):
    log("防汛抗旱", times=3)
    log("防汛应急预案", times=5)
    log("防汛没有结果", results=0, times=9)
    log("防汛很久以前", days_ago=120, times=9)
    found = suggestions("防汛")
    assert found[:2] == ["防汛应急预案", "防汛抗旱"]
    assert "防汛没有结果" not in found and "防汛很久以前" not in found
    assert "防汛值班安排" in found and len(found) <= LIMIT


def test_at_most_eight_and_no_duplicates(db):
    for n in range(12):
        log(f"社保查询{n}", times=n + 1)
    log("社保查询11", site="jixian.localhost")
    found = suggestions("社保")
    assert len(found) == LIMIT == len(set(found))
    assert found[0] == "社保查询11"


def test_the_word_list_by_prefix_and_by_pinyin(db):
    SearchTerm.objects.create(term="公积金", pinyin="gongjijin", initials="gjj", frequency=40)
    SearchTerm.objects.create(term="公共租赁住房", pinyin="gonggongzulinzhufang", initials="ggzlzf", frequency=9)
    SearchTerm.objects.create(term="工伤", pinyin="gongshang", initials="gs", frequency=5)
    assert suggestions("公") == ["公积金", "公共租赁住房"]
    assert suggestions("gongj") == ["公积金"]
    assert suggestions("gjj") == ["公积金"]
    assert suggestions("gong") == ["公积金", "公共租赁住房", "工伤"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_errors_and_never_matches_everything(client, indexed, text):
    log("%防汛", times=2)
    assert suggestions(text) == []
    response = client.get("/api/search/suggest/", {"q": text}, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert response.json()["suggestions"] == suggestions(text)


def test_like_wildcards_are_taken_literally(indexed, column):
    ArticlePageFactory(parent=column("portal", "homepage/current-affairs"), title="防_100%达标", slug="w")
    DatabaseEngine().replace(build_entries(searchable_pages().specific()))
    assert suggestions("防_") == ["防_100%达标"]
    assert suggestions("防_100%") == ["防_100%达标"]
    assert suggestions("防%") == []


def test_the_api_is_json_in_plain_chinese_and_cacheable(client, indexed):
    response = client.get("/api/search/suggest/", {"q": "防汛"}, HTTP_HOST="jixian.localhost")
    assert response["Content-Type"] == "application/json"
    assert "防汛值班安排".encode() in response.content  # ensure_ascii off
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=300"} <= cache_control
    assert response.json() == {"query": "防汛", "suggestions": suggestions("防汛")}
    assert client.get("/api/search/suggest/", HTTP_HOST="localhost").json()["suggestions"] == []


def test_a_suggestion_costs_two_queries_once_the_popular_ones_are_counted(indexed, django_assert_num_queries):
    log("防汛抗旱")
    with django_assert_num_queries(1):
        popular_queries()
    suggestions("防")  # counts the pool of popular queries once
    with django_assert_num_queries(2):
        suggestions("防汛")
    with django_assert_num_queries(0):
        suggestions("%")


def test_popular_queries_of_a_site_and_of_all(db):
    log("公租房", times=4)
    log("低保", site="jixian.localhost", times=2)
    log("公积金", site="jixian.localhost")
    log("没找到", results=0, times=10)
    assert popular_queries() == ["公租房", "低保", "公积金"]
    assert popular_queries("jixian.localhost") == ["低保", "公积金"]
    assert popular_queries(limit=1) == ["公租房"]


def test_热词_under_the_box_with_no_query_and_with_no_results(client, indexed):
    log("防汛", times=2)
    log("集贤县热词", site="jixian.localhost")
    for params in ({}, {"q": "不存在的词语组合"}):
        html = client.get("/search/", params, HTTP_HOST="localhost").content.decode()
        assert "大家都在搜" in html and "?q=%E9%98%B2%E6%B1%9B" in html
    county = client.get("/search/", HTTP_HOST="jixian.localhost").content.decode()
    assert "集贤县热词" in county and "?q=%E9%98%B2%E6%B1%9B" not in county  # the county's own
    cache.clear()
    SearchLog.objects.filter(site_hostname="jixian.localhost").delete()
    county = client.get("/search/", HTTP_HOST="jixian.localhost").content.decode()
    assert "?q=%E9%98%B2%E6%B1%9B" in county  # none of its own yet: the cluster's
    found = client.get("/search/", {"q": "防汛"}, HTTP_HOST="localhost").content.decode()
    assert "大家都在搜" not in found


def test_the_search_boxes_are_accessible_comboboxes(client, db):
    html = client.get("/search/", HTTP_HOST="localhost").content.decode()
    for box in ("site-search-q", "search-q"):
        start = html.index(f'id="{box}"')
        tag = html[html.rindex("<input", 0, start) : html.index(">", start)]
        for attribute in (
            'role="combobox"',
            'aria-autocomplete="list"',
            'aria-expanded="false"',
            f'aria-controls="{box}-suggestions"',
            'data-suggest="/api/search/suggest/"',
            'autocomplete="off"',
            'name="q"',
        ):
            assert attribute in tag, (box, attribute)
        assert f'<ul id="{box}-suggestions" class="suggestions" role="listbox" aria-label="搜索建议" hidden>' in html
    assert "search/suggest.js" in html and "search/search.css" in html
    assert 'action="/search/"' in html  # without the script, a plain form


def _status(html, box):
    start = html.index(f'id="{box}"')
    tag = html[html.rindex("<input", 0, start) : html.index(">", start)]
    return re.search(r'data-suggest-status="([^"]*)"', tag).group(1)


def test_the_spoken_count_of_suggestions_is_in_the_pages_language(client, sites):
    """suggest.js reads the status it announces from the box (its {count} filled in), so an English
    or Russian page does not speak Chinese."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(
            sites["portal"].root_page.specific, list(Locale.objects.filter(language_code__in=["en", "ru"]))
        )
    pages = {path: client.get(path, HTTP_HOST="localhost") for path in ("/", "/en/", "/ru/", "/search/")}
    assert {path: r.status_code for path, r in pages.items()} == dict.fromkeys(pages, 200)
    html = {path: r.content.decode() for path, r in pages.items()}
    assert _status(html["/"], "site-search-q") == "{count} 条搜索建议，按上下键选择"
    assert _status(html["/search/"], "search-q") == "{count} 条搜索建议，按上下键选择"
    assert (
        _status(html["/en/"], "site-search-q") == "Suggestions: {count}. Use the up and down arrow keys to choose one."
    )
    assert _status(html["/ru/"], "site-search-q") == "Подсказок: {count}. Выбор — клавишами вверх и вниз."
    for path in ("/en/", "/ru/"):
        assert not re.search(r"[\u3400-\u9fff]", _status(html[path], "site-search-q")), path
