"""One order for every engine (search.ranking), and queries that find few pages relaxed to the pages
that hold most of their words: through search.service, on PostgreSQL and Elasticsearch alike."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search import ranking, service
from search.engines.database import DatabaseEngine
from search.entries import TOKEN_FIELDS, build_entries, searchable_pages
from search.query import Query, SearchRequest
from tests.factories import ArticlePageFactory, NoticePageFactory


def _index(*engines):
    entries = list(build_entries(searchable_pages().specific()))
    for engine in engines:
        engine.replace(entries)
        engine.refresh()


def _search(engine, q, **params):
    return service.search(SearchRequest.from_params({"q": q, **params}), engine=engine)


def _ids(results):
    return [hit["page_id"] for hit in results.hits]


@pytest.fixture
def engines(db, es_engine):
    return {"database": DatabaseEngine(), "elasticsearch": es_engine}


def test_both_engines_give_the_same_order(engines, column):
    news = column("portal", "homepage/current-affairs")
    notices = column("jixian", "disclosure/notices")
    now = timezone.now()
    # Newest created first, titles and bodies that tie on one engine's arithmetic and not the other's.
    for n in range(24):
        parent = news if n % 2 else notices
        factory = ArticlePageFactory if n % 2 else NoticePageFactory
        factory(
            parent=parent,
            title=["湿地保护宣传活动", "冬季供暖工作会议", "湿地公园冬季开放", "供暖热线公布"][n % 4] + f"（{n}）",
            body="<p>" + "湿地 " * (n % 5) + "供暖 保障 " * (n % 3) + "居民。</p>",
            first_published_at=now - timedelta(days=n * 37 % 400),
        )
    _index(*engines.values())
    for q in ("湿地", "供暖", "冬季", "湿地 冬季", "供暖 保障", "居民"):
        on_db, on_es = (_search(engine, q) for engine in engines.values())
        assert on_db.total == on_es.total >= service.FEW_RESULTS and not on_db.partial, q
        assert _ids(on_db) == _ids(on_es), q
        assert _ids(_search(engines["database"], q, page="2")) == _ids(_search(engines["elasticsearch"], q, page="2"))


@pytest.mark.parametrize("name", ["database", "elasticsearch"])
def test_paging_across_the_ranked_window_repeats_and_loses_nothing(engines, name, column):
    news = column("portal", "homepage/current-affairs")
    count = ranking.WINDOW + 17
    for n in range(count):
        ArticlePageFactory(parent=news, title=f"秸秆综合利用第{n}期", body="<p>" + "秸秆 " * (n % 7) + "</p>")
    _index(engines[name])
    seen = []
    for page in range(1, -(-count // 10) + 1):
        results = _search(engines[name], "秸秆", page=str(page))
        assert results.total == count and results.page == page
        seen += _ids(results)
    assert len(seen) == len(set(seen)) == count
    assert _search(engines[name], "秸秆", page="99").page == -(-count // 10)  # past the end: the last page


@pytest.mark.parametrize("name", ["database", "elasticsearch"])
def test_a_query_with_a_word_no_page_has_shows_the_pages_with_most_of_its_words(engines, name, column):
    news = column("portal", "homepage/current-affairs")
    ArticlePageFactory(parent=news, title="防汛物资储备检查")
    ArticlePageFactory(parent=news, title="防汛应急演练在市区举行")
    engine = engines[name]
    _index(engine)
    query = "防汛 应急 演练 直播"  # four words, no page has 直播
    assert Query.parse(query).relaxed().minimum == 3
    results = _search(engine, query)
    assert results.partial and [h["title"] for h in results.hits] == ["防汛应急演练在市区举行"]

    ArticlePageFactory(parent=news, title="防汛应急演练网络直播")
    _index(engine)
    results = _search(engine, query)  # one page has them all: it comes first, then the rest
    assert results.partial and [h["title"] for h in results.hits] == ["防汛应急演练网络直播", "防汛应急演练在市区举行"]

    few = _search(engine, "防汛 演练")  # two pages hold both words: they come first, then the one with 防汛
    assert few.partial and [h["title"] for h in few.hits][2:] == ["防汛物资储备检查"]
    assert _search(engine, "直播 火箭 发射").total == 0  # one of three words held is not enough
    assert _search(engine, "防汛 火箭").partial  # two words: either will do, when both find nothing


def test_the_search_page_and_the_api_say_the_results_are_partial(client, column, settings):
    settings.SEARCH_ELASTICSEARCH_URL = ""
    ArticlePageFactory(parent=column("portal", "homepage/current-affairs"), title="防汛应急演练在市区举行")
    _index(DatabaseEngine())
    data = client.get("/api/search/", {"q": "防汛 应急 演练 直播"}, HTTP_HOST="localhost").json()
    assert data["partial"] is True and data["total"] == 1
    html = client.get("/search/", {"q": "防汛 应急 演练 直播"}, HTTP_HOST="localhost").content.decode()
    assert "只含其中大部分词语的信息" in html
    data = client.get("/api/search/", {"q": "防汛 应急"}, HTTP_HOST="localhost").json()
    assert data["partial"] is False


@pytest.mark.parametrize(
    "q", ["防" * 1000, "、。！？" * 50, "一 二 三 四 五 六 七 八 九 十 甲 乙", "gongjijin 公积金 Пенсия 123 ?!"]
)
def test_hostile_and_long_queries_relax_without_error(engines, q, column):
    ArticlePageFactory(parent=column("portal", "homepage/current-affairs"), title="公积金提取")
    _index(*engines.values())
    on_db, on_es = (_search(engine, q) for engine in engines.values())
    assert _ids(on_db) == _ids(on_es)


def test_pages_alike_in_all_but_their_address_are_ordered_by_address_whatever_their_ids():
    """A guide shown in two columns is two pages with one text and one date; their ids differ
    from one database to another, their addresses do not."""
    published = timezone.now() - timedelta(days=3)
    tokens = {**dict.fromkeys(TOKEN_FIELDS, ""), "title_tokens": "出生 登记"}
    query = Query(text="出生登记", terms=("出生", "登记"))
    urls = ["http://localhost/services/a/guide/", "http://localhost/services/b/guide/"]
    for ids in ((1, 2), (2, 1)):
        entries = [
            {**tokens, "page_id": page_id, "url": url, "published_at": published, "doc_number": ""}
            for page_id, url in zip(ids, urls, strict=True)
        ]
        assert [e["url"] for e in ranking.rerank(query, entries[::-1])] == urls
