"""Everyday words, questions and 俗称 find the pages on every engine, with the same hits: the
issue's examples on the demo (PostgreSQL, Elasticsearch, SQLite FTS5), the dictionary applied
without a reindex, and the one-step 加为同义词 of the search report."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from content.models import ServiceGuidePage
from search.engines.database import DatabaseEngine
from search.entries import build_entries, searchable_pages
from search.models import Synonym
from search.query import SearchRequest
from search.synonyms import add_synonym
from tests.factories import ArticlePageFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
# The issue's queries as residents type them → a page that must come first, or be on the first
# page when several guides answer (办身份证: any 居民身份证 guide, before 企业设立登记).
ISSUE_EXAMPLES = {
    "失业金": "失业保险金申领",
    "公租房": "公共租赁住房申请",
    "开公司": "企业设立登记",
    "残疾证": "残疾人证新办",
    "二手房过户": "宝清县不动产登记（二手房转移登记）",
    "怎么办理结婚登记": "内地居民结婚登记",
    "结婚登记需要什么材料": "内地居民结婚登记",
    "去哪办残疾证": "残疾人证新办",
    "我想开公司": "企业设立登记",
    "领证": "内地居民结婚登记",
}


def _titles(engine, q, **params):
    return [e["title"] for e in engine.search(SearchRequest.from_params({"q": q, **params})).entries]


def _check_issue_examples(engine):
    """{query: problem} for the issue's examples on the demo; empty when all pass."""
    problems = {}
    for q, title in ISSUE_EXAMPLES.items():
        titles = _titles(engine, q)
        if not titles or titles[0] != title:
            problems[q] = titles[:3]
    identity = _titles(engine, "办身份证")
    first_id = next((i for i, t in enumerate(identity) if "居民身份证" in t), None)
    company = identity.index("企业设立登记") if "企业设立登记" in identity else len(identity)
    if first_id is None or first_id > company or first_id > 0:
        problems["办身份证"] = identity[:3]
    return problems


@pytest.fixture(params=["database", "elasticsearch"])
def demo_engine(request, demo_entries, db):
    engine = DatabaseEngine() if request.param == "database" else request.getfixturevalue("es_engine")
    engine.replace(demo_entries)
    engine.refresh()
    return engine


def test_the_issues_everyday_words_and_questions_find_their_guides(demo_engine):
    assert _check_issue_examples(demo_engine) == {}


def test_the_engines_agree_on_everyday_words(demo_entries, db, es_engine):
    database = DatabaseEngine()
    database.replace(demo_entries)
    es_engine.replace(demo_entries)
    es_engine.refresh()
    for q in [*ISSUE_EXAMPLES, "办身份证", "社保", "公积金", "低保", "医保", "个体户", "上户口"]:
        request = SearchRequest.from_params({"q": q})
        on_db, on_es = database.search(request), es_engine.search(request)
        assert on_db.total == on_es.total > 0, q
        assert on_db.entries[0]["page_id"] == on_es.entries[0]["page_id"], q


SQLITE_CHECK = """
import django, json
django.setup()
from django.core.management import call_command
from search.engines.database import DatabaseEngine
from tests.search.test_synonyms import _check_issue_examples
call_command("migrate", verbosity=0)
call_command("demo_cluster", verbosity=0)
call_command("search_reindex", verbosity=0)
print(json.dumps(_check_issue_examples(DatabaseEngine()), ensure_ascii=False))
"""


def test_the_issues_examples_on_sqlite_fts5(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cluster.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_CHECK], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, db):
    if request.param == "database":
        return DatabaseEngine()
    return request.getfixturevalue("es_engine")


def _index(engine):
    engine.replace(build_entries(searchable_pages().specific()))
    engine.refresh()


def _guide(parent, title, **fields):
    guide = ServiceGuidePage(
        title=title,
        basis="<p>依据</p>",
        conditions="<p>条件</p>",
        materials="<p>材料</p>",
        location="政务服务中心",
        office_hours="工作日",
        phone="0469-0000000",
        process="<p>流程</p>",
        **fields,
    )
    parent.add_child(instance=guide)
    return guide


def test_a_new_synonym_applies_without_a_reindex(engine, column):
    services = column("jixian", "services/individual-services")
    _guide(services, "五常大米地理标志使用申请")
    ArticlePageFactory(parent=column("portal", "homepage/current-affairs"), title="稻花香品种推广会召开")
    _index(engine)
    assert _titles(engine, "稻花香") == ["稻花香品种推广会召开"]
    Synonym.objects.create(term="稻花香", expansions="五常大米")
    assert sorted(_titles(engine, "稻花香")) == ["五常大米地理标志使用申请", "稻花香品种推广会召开"]
    Synonym.objects.filter(term="稻花香").delete()
    assert _titles(engine, "稻花香") == ["稻花香品种推广会召开"]


def test_an_alternative_needs_all_its_words_and_every_group_must_match(engine, column):
    news = column("portal", "homepage/current-affairs")
    ArticlePageFactory(parent=news, title="公共租赁住房申请受理", body="<p>受理。</p>")
    ArticlePageFactory(parent=news, title="公共场所卫生检查", body="<p>住房安全。</p>")  # 公共, 住房; no 租赁
    ArticlePageFactory(parent=news, title="公租房分配结果公示", body="<p>结果。</p>")
    _index(engine)
    assert sorted(_titles(engine, "公租房")) == ["公共租赁住房申请受理", "公租房分配结果公示"]
    assert _titles(engine, "公租房 受理") == ["公共租赁住房申请受理"]
    assert _titles(engine, '"公共租赁" 公租房') == ["公共租赁住房申请受理"]


def test_a_guides_common_names_find_it_first(engine, column):
    services = column("jixian", "services/individual-services")
    _guide(services, "食品经营许可", keywords="开饭店、开餐馆,小吃店")
    ArticlePageFactory(
        parent=column("portal", "homepage/current-affairs"),
        title="全市餐饮行业安全检查",
        body="<p>市民开餐馆要先办许可。</p>",
    )
    _index(engine)
    assert _titles(engine, "开餐馆") == ["食品经营许可", "全市餐饮行业安全检查"]
    assert _titles(engine, "小吃店怎么办") == ["食品经营许可"]
    assert _titles(engine, "开饭店") == ["食品经营许可"]


def test_hostile_queries_answer_without_error(engine, column):
    ArticlePageFactory(parent=column("portal", "homepage/current-affairs"), title="公共租赁住房申请受理")
    _index(engine)
    for q in ["公租房" * 400, "！？。，、……“”" * 10, '" OR ) ( AND NEAR * ^ :', "公租房Москва gjj ２０２５", "'; DROP"]:
        results = engine.search(SearchRequest.from_params({"q": q}))
        assert results.total >= 0
    assert _titles(engine, "公租房 Москва") == []


def test_add_synonym_creates_then_merges_and_records_who(db):
    editor = UserFactory()
    first = add_synonym(" 稻花香 ", "五常大米", editor)
    assert (first.term, first.expansions, first.updated_by) == ("稻花香", "五常大米", editor)
    again = add_synonym("稻花香", "响水大米", None)
    assert again.pk == first.pk and again.expansions == "五常大米\n响水大米"
    assert add_synonym("稻花香", "五常大米", editor).expansions == "五常大米\n响水大米"
    starter = add_synonym("公租房", "廉租住房", editor)
    assert starter.expansions == "公共租赁住房\n廉租住房"


@pytest.mark.parametrize(
    "term, expansion, field",
    [
        ("", "五常大米", "term"),
        ("稻花香", "", "expansions"),
        ("稻花香", "稻花香", "expansions"),
        ("稻" * 51, "米", "term"),
    ],
)
def test_add_synonym_refuses_bad_pairs_and_changes_nothing(db, term, expansion, field):
    before = list(Synonym.objects.values_list("term", "expansions"))
    with pytest.raises(ValidationError) as refused:
        add_synonym(term, expansion, None)
    assert field in refused.value.message_dict
    assert list(Synonym.objects.values_list("term", "expansions")) == before


def test_add_synonym_stops_at_twenty_expansions(db):
    add_synonym("稻花香", "\n".join(f"大米{n}" for n in range(20)), None)
    with pytest.raises(ValidationError, match="最多20个"):
        add_synonym("稻花香", "大米甲", None)
    assert len(Synonym.objects.get(term="稻花香").expansions.splitlines()) == 20
