"""The synonym dictionary and service guides' 俗称 on both engines: applied without a reindex,
every group required, any alternative enough; and the search report's one-step 加为同义词."""

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from content.models import ServiceGuidePage
from search import synonyms
from search.engines.database import DatabaseEngine
from search.entries import build_entries, searchable_pages
from search.models import Synonym
from search.query import Query, SearchRequest
from search.synonyms import add_synonym
from tests.factories import ArticlePageFactory, UserFactory


def _titles(engine, q, **params):
    return [e["title"] for e in engine.search(SearchRequest.from_params({"q": q, **params})).entries]


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


def _starter(name):
    return import_module(f"search.migrations.{name}")


def test_the_second_starter_set_is_loaded_with_the_first(db):
    table = synonyms.table()
    for term, official in {
        "人社局": "人力资源和社会保障局",
        "文旅局": "文化广电和旅游局",
        "公积金中心": "住房公积金管理中心",
        "丢了": "补领",
        "暖气": "供暖",
        "当兵": "征兵",
        "电动车": "电动自行车",
        "法人": "法定代表人",
        "公租房": "公共租赁住房",  # 0008's, still there
    }.items():
        assert official in table.alternatives(term), term
    groups = Query.parse("身份证丢了怎么办").groups
    assert ("补领",) in groups[-1] and ("挂失",) in groups[-1]


def test_the_second_starter_set_is_new_words_in_official_wording():
    first, second = _starter("0008_starter_synonyms").STARTER, _starter("0009_more_starter_synonyms").STARTER
    assert len(second) >= 150 and not set(first) & set(second)  # its reverse must not remove 0008's words
    for term, expansions in second.items():
        assert len(term) >= 2 and 1 <= len(expansions) <= 3 and term not in expansions, term
        assert len(set(expansions)) == len(expansions), term


def test_loading_on_an_empty_table_and_keeping_what_staff_edited(db):
    migration = _starter("0009_more_starter_synonyms")
    Synonym.objects.all().delete()
    migration.load(apps, None)
    assert Synonym.objects.count() == len(migration.STARTER)
    assert Synonym.objects.get(term="医保局").expansions == "医疗保障局"

    edited = Synonym.objects.get(term="人社局")
    edited.expansions = "人力资源和社会保障局\n人社服务中心"
    edited.save()
    Synonym.objects.filter(term="暖气").delete()
    Synonym.objects.create(term="稻花香", expansions="五常大米")
    assert synonyms.table().alternatives("暖气") == []  # cached without it
    migration.load(apps, None)
    assert Synonym.objects.get(term="人社局").expansions == "人力资源和社会保障局\n人社服务中心"
    assert synonyms.table().alternatives("暖气") == ["供暖", "供热"]  # the cache was emptied
    assert synonyms.table().alternatives("人社局") == ["人力资源和社会保障局", "人社服务中心"]

    migration.unload(apps, None)
    assert sorted(Synonym.objects.values_list("term", flat=True)) == ["人社局", "稻花香"]
