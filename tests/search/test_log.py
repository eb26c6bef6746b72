"""The search log: which searches are logged, a result opened marks its search (and nothing else
does), and the daily job keeps the log SEARCH_LOG_RETENTION_DAYS days."""

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.utils import timezone
from django_q.models import Schedule

from search.engines.database import DatabaseEngine
from search.entries import build_entries, searchable_pages
from search.log import delete_expired
from search.models import SearchEntry, SearchLog
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(column):
    parent = column("jixian", "news/local-news")
    pages = [ArticlePageFactory(parent=parent, title=f"集贤县防汛应急演练第{n}次") for n in range(12)]
    engine = DatabaseEngine()
    engine.replace(build_entries(searchable_pages().specific()))
    return pages


def page_token(html):
    match = re.search(r'data-search-log="([^"]+)" data-search-opened="/search/opened/"', html)
    return unescape(match.group(1)) if match else None


def search(client, host="jixian.localhost", **params):
    return client.get("/search/", params, HTTP_HOST=host).content.decode()


def test_a_new_search_is_logged_once_without_who_searched(client, indexed):
    html = search(client, q="  防汛　演练 ")
    (row,) = SearchLog.objects.all()
    assert (row.site_hostname, row.query, row.normalized, row.results) == (
        "jixian.localhost",
        "防汛 演练",
        "防汛 演练",
        12,
    )
    assert not row.opened and row.corrected == ""
    assert {f.name for f in SearchLog._meta.get_fields()} == {
        "id",
        "at",
        "site_hostname",
        "query",
        "normalized",
        "results",
        "corrected",
        "opened",
    }
    assert page_token(html)
    search(client, host="localhost", q="ＡＢＣ 防汛")
    assert SearchLog.objects.get(site_hostname="localhost").normalized == "abc 防汛"


def test_paging_facets_and_the_pages_own_links_are_not_new_searches(client, indexed):
    html = search(client, q="防汛")
    token = page_token(html)
    assert SearchLog.objects.count() == 1
    # the page's own next-page and facet links carry the search's log id
    next_link = unescape(re.search(r'href="\?([^"]+)" rel="next"', html).group(1))
    assert parse_qs(next_link)["log"] == [token]
    page_two = client.get("/search/?" + next_link, HTTP_HOST="jixian.localhost").content.decode()
    assert page_token(page_two) == token
    client.get("/search/?" + next_link.replace("page=2", "page=1"), HTTP_HOST="jixian.localhost")
    # typed by hand: page 2, or a facet, is a refinement of a search already counted
    search(client, q="防汛", page="2")
    search(client, q="防汛", type="article")
    client.get("/api/search/", {"q": "防汛", "page": 2}, HTTP_HOST="jixian.localhost")
    assert SearchLog.objects.count() == 1
    # a new query in the form is a new search, as is the same query again
    search(client, q="防汛", sort="date")
    search(client, q="不存在的词语组合")
    assert SearchLog.objects.count() == 3
    assert SearchLog.objects.get(query="不存在的词语组合").results == 0


@pytest.mark.parametrize("query", ["", "   ", "！？。，", '" * : ( ) { } [ ] ~ ^ \\ /'])
def test_empty_queries_are_not_logged(client, indexed, query):
    search(client, q=query)
    client.get("/api/search/", {"q": query}, HTTP_HOST="jixian.localhost")
    assert not SearchLog.objects.exists()


def test_long_and_mixed_input_is_logged_truncated(client, indexed):
    search(client, q="防" * 1000)
    search(client, q="社保 shebao Пенсия ＳＨＥＢＡＯ")
    long, mixed = SearchLog.objects.order_by("pk")
    assert len(long.query) == len(long.normalized) == 200
    assert mixed.normalized == "社保 shebao пенсия shebao"


def test_the_api_logs_and_gives_the_token(client, indexed):
    data = client.get("/api/search/", {"q": "防汛"}, HTTP_HOST="jixian.localhost").json()
    assert data["log"] and SearchLog.objects.get().results == 12
    opened = client.post("/search/opened/", {"log": data["log"], "to": data["results"][0]["url"]})
    assert opened.status_code == 204 and SearchLog.objects.get().opened


def test_opening_a_result_marks_its_search(client, indexed):
    token = page_token(search(client, q="防汛"))
    other = page_token(search(client, q="演练"))
    url = SearchEntry.objects.get(page=indexed[0]).url
    assert url.startswith("http://jixian.localhost/")
    response = client.post("/search/opened/", {"log": token, "to": url})
    assert response.status_code == 204 and not response.has_header("Location")
    assert list(SearchLog.objects.order_by("pk").values_list("opened", flat=True)) == [True, False]
    assert client.post("/search/opened/", {"log": token, "to": url}).status_code == 204  # again: harmless
    assert client.get("/search/opened/", {"log": other, "to": url}).status_code == 405
    assert not SearchLog.objects.get(query="演练").opened


@pytest.mark.parametrize(
    "to",
    [
        "http://evil.example/",
        "//evil.example/jixian",
        "javascript:alert(1)",
        "http://jixian.localhost/",  # a live page, but not an indexed one
        "http://localhost/admin/",
        "",
        "x" * 5000,
    ],
)
def test_nothing_but_an_indexed_page_marks_and_nothing_redirects(client, indexed, to):
    token = page_token(search(client, q="防汛"))
    assert not SearchEntry.objects.filter(url=to).exists()
    response = client.post("/search/opened/", {"log": token, "to": to})
    assert response.status_code == 204 and not response.has_header("Location")
    assert not SearchLog.objects.get().opened


def test_a_forged_or_stale_token_marks_nothing(client, indexed):
    token = page_token(search(client, q="防汛"))
    row = SearchLog.objects.get()
    url = SearchEntry.objects.get(page=indexed[0]).url
    for forged in (str(row.pk), f"{row.pk}:abc:def", token.replace(str(row.pk), str(row.pk + 1), 1), "", "\x00"):
        assert client.post("/search/opened/", {"log": forged, "to": url}).status_code == 204
    assert not SearchLog.objects.get().opened
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        client.post("/search/opened/", {"log": token, "to": url})
    assert not SearchLog.objects.get().opened


def test_a_result_opened_from_page_two_counts_for_the_search(client, indexed):
    html = search(client, q="防汛")
    next_link = unescape(re.search(r'href="\?([^"]+)" rel="next"', html).group(1))
    page_two = client.get("/search/?" + next_link, HTTP_HOST="jixian.localhost").content.decode()
    url = unescape(re.search(r'<h2><a href="([^"]+)">', page_two.split('class="hits"')[1]).group(1))
    assert urlsplit(url).hostname == "jixian.localhost"
    client.post("/search/opened/", {"log": page_token(page_two), "to": url})
    assert SearchLog.objects.get().opened


def test_popular_queries_come_from_the_log(client, indexed):
    for _ in range(2):
        search(client, q="防汛")
    search(client, q="演练")
    search(client, q="无结果的词")
    html = search(client, q="另一个无结果的词")
    popular = re.findall(r'<li><a href="\?q=[^"]+">([^<]+)</a></li>', html.split('class="popular"')[1])
    assert popular == ["防汛", "演练"]


def test_the_job_deletes_logs_past_their_retention(settings, db):
    now = timezone.now()
    settings.SEARCH_LOG_RETENTION_DAYS = 400
    with time_machine.travel(now - timedelta(days=401)):
        old = SearchLog.objects.create(site_hostname="localhost", query="旧", normalized="旧")
    with time_machine.travel(now - timedelta(days=399)):
        kept = SearchLog.objects.create(site_hostname="localhost", query="新", normalized="新")
    assert delete_expired() == 1
    assert list(SearchLog.objects.values_list("pk", flat=True)) == [kept.pk] and old.pk != kept.pk
    settings.SEARCH_LOG_RETENTION_DAYS = 30
    assert delete_expired() == 1 and not SearchLog.objects.exists()


def test_the_job_is_scheduled_daily(db):
    schedule = Schedule.objects.get(func="search.log.delete_expired")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
