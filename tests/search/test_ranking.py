"""The ranking rules, on both engines: titles over bodies, recent over old, phrases, document numbers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search import synonyms
from search.engines.database import DatabaseEngine
from search.entries import build_entries, searchable_pages
from search.query import SearchRequest
from tests.factories import ArticlePageFactory, GovDocumentPageFactory


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, db):
    if request.param == "database":
        return DatabaseEngine()
    return request.getfixturevalue("es_engine")


def _index(engine):
    engine.replace(build_entries(searchable_pages().specific()))
    engine.refresh()


def _titles(engine, q, **params):
    return [e["title"] for e in engine.search(SearchRequest.from_params({"q": q, **params})).entries]


def test_a_title_match_ranks_above_a_body_match(engine, column):
    news = column("portal", "homepage/current-affairs")
    ArticlePageFactory(parent=news, title="全市召开工作会议", body="<p>会议部署秸秆禁烧工作。</p>")
    ArticlePageFactory(parent=news, title="秸秆禁烧工作部署会召开", body="<p>会议要求各地落实责任。</p>")
    _index(engine)
    assert _titles(engine, "秸秆禁烧") == ["秸秆禁烧工作部署会召开", "全市召开工作会议"]


def test_recent_items_rank_above_old_ones_at_equal_relevance(engine, column):
    news = column("portal", "homepage/current-affairs")
    now = timezone.now()
    ArticlePageFactory(parent=news, title="湿地保护宣传活动", first_published_at=now - timedelta(days=900))
    ArticlePageFactory(parent=news, title="湿地保护宣传活动开展", first_published_at=now - timedelta(days=3))
    _index(engine)
    assert _titles(engine, "湿地保护") == ["湿地保护宣传活动开展", "湿地保护宣传活动"]


def test_a_quoted_phrase_matches_only_as_a_phrase(engine, column):
    news = column("portal", "homepage/current-affairs")
    ArticlePageFactory(parent=news, title="水稻育秧技术培训", body="<p>推广智能育秧。</p>")
    ArticlePageFactory(parent=news, title="育秧大棚与水稻收购", body="<p>水稻价格平稳。</p>")
    _index(engine)
    assert sorted(_titles(engine, "水稻 育秧")) == ["水稻育秧技术培训", "育秧大棚与水稻收购"]
    assert _titles(engine, '"水稻育秧"') == ["水稻育秧技术培训"]


def test_a_document_number_finds_its_document_first(engine, column):
    documents = column("portal", "homepage/disclosure-catalogue/government-documents/municipal-government-documents")
    GovDocumentPageFactory(parent=documents, title="关于印发网站管理办法的通知", doc_number="双政办文〔2017〕3号")
    GovDocumentPageFactory(parent=documents, title="关于印发网站考核办法的通知", doc_number="双政办文〔2017〕13号")
    news = column("portal", "homepage/current-affairs")
    ArticlePageFactory(
        parent=news, title="双政办文〔2017〕3号文件解读", body="<p>解读双政办文〔2017〕3号的主要内容。</p>"
    )
    _index(engine)
    assert _titles(engine, "双政办文〔2017〕3号")[0] == "关于印发网站管理办法的通知"


def test_filters_and_scope_narrow_the_hits_but_not_the_facets(engine, sites, column):
    ArticlePageFactory(parent=column("portal", "homepage/current-affairs"), title="防汛应急演练在市区举行")
    ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤县开展防汛应急演练")
    _index(engine)
    everywhere = engine.search(SearchRequest.from_params({"q": "防汛应急"}))
    assert everywhere.total == 2
    assert dict(everywhere.facets["site"]) == {"localhost": 1, "jixian.localhost": 1}
    one_site = engine.search(SearchRequest.from_params({"q": "防汛应急", "site": "jixian.localhost"}))
    assert [e["site_hostname"] for e in one_site.entries] == ["jixian.localhost"]
    assert dict(one_site.facets["site"]) == {"localhost": 1, "jixian.localhost": 1}
    scoped = engine.search(SearchRequest.from_params({"q": "防汛应急", "scope": "site"}, "jixian.localhost"))
    assert scoped.total == 1 and dict(scoped.facets["site"]) == {"jixian.localhost": 1}
    by_date = engine.search(SearchRequest.from_params({"q": "防汛应急", "sort": "date", "type": "nope"}))
    assert by_date.total == 0


def test_past_the_rank_window_head_matches_still_lead_and_counts_stay_exact(
    db, column, monkeypatch, django_assert_num_queries
):
    """More matches than the database engine ranks on the whole text: the rough pass on title,
    文号, summary and metadata still brings a title match to the top, and the counts stay exact."""
    monkeypatch.setattr("search.engines.database.RANK_WINDOW", 2)
    news = column("portal", "homepage/current-affairs")
    now = timezone.now()
    ArticlePageFactory(parent=news, title="冰雪旅游推介会举行", first_published_at=now - timedelta(days=2000))
    for n in range(12):
        ArticlePageFactory(
            parent=news,
            title=f"全市工作动态第{n + 1}期",
            body="<p>各地推进冰雪旅游项目建设。</p>",
            first_published_at=now - timedelta(days=n),
        )
    engine = DatabaseEngine()
    _index(engine)
    synonyms.table()  # the synonym dictionary cached, as after any earlier search
    with django_assert_num_queries(5):  # BEGIN, SET LOCAL, the search, COMMIT, the page of hits
        first = engine.search(SearchRequest.from_params({"q": "冰雪旅游"}))
    assert first.total == 13 and dict(first.facets["type"]) == {"news": 13}
    assert [e["title"] for e in first.entries][:3] == ["冰雪旅游推介会举行", "全市工作动态第1期", "全市工作动态第2期"]
    second = engine.search(SearchRequest.from_params({"q": "冰雪旅游", "page": "2"}))
    assert [e["title"] for e in second.entries] == ["全市工作动态第10期", "全市工作动态第11期", "全市工作动态第12期"]
