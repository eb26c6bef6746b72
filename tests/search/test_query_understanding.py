"""How a query is read before any engine sees it: the dictionary's everyday words become groups
of alternatives, questions drop out, and the dictionary costs no SQL once cached."""

import pytest
from django.core.cache import cache

from search import synonyms
from search.models import Synonym
from search.query import Query

pytestmark = pytest.mark.django_db


def test_an_everyday_word_becomes_a_group_of_its_alternatives():
    query = Query.parse("公租房")
    assert query.groups == ((("公", "租房"), ("公共", "租赁", "住房")),)
    assert query.terms == ("公", "租房")
    assert {"公共", "租赁", "住房", "租房"} <= set(query.highlight_words)


def test_the_dictionary_is_matched_in_the_raw_text_longest_first():
    """jieba cuts 我想开公司 as 我/想开/公司; 开公司 is still found; 二手房过户 gives two groups."""
    assert Query.parse("我想开公司").groups == ((("开", "公司"), ("企业", "设立"), ("公司", "设立")),)
    assert Query.parse("二手房过户").groups == ((("二手房",), ("存量房",)), (("过户",), ("转移", "登记")))
    Synonym.objects.create(term="二手房过户", expansions="存量房转移登记")
    assert Query.parse("二手房过户").groups == ((("二手房", "过户"), ("存量房", "转移", "登记")),)


def test_a_short_word_is_not_found_across_a_word_boundary():
    """低保 stands inside 最低保障 (最低/保障) but is not a word of it."""
    assert Query.parse("最低保障").groups == ((("最低",),), (("保障",),))
    assert Query.parse("低保").groups == ((("低保",), ("最低", "生活", "保障")),)


@pytest.mark.parametrize(
    "text, terms",
    [
        ("怎么办理结婚登记", ("结婚登记",)),
        ("结婚登记需要什么材料", ("结婚登记",)),
        ("办身份证", ("身份证",)),
        ("去哪办残疾证", ("残疾证",)),
        ("请问失业金怎么领", ("失业", "金")),
        ("我要上户口", ("上", "户口")),
        ("居住证在哪里办理呢", ("居住证",)),
        ("公积金提取多少钱吗", ("公积金", "提取")),
    ],
)
def test_questions_do_not_stop_a_match(text, terms):
    assert Query.parse(text).terms == terms


def test_a_question_alone_keeps_its_words():
    assert Query.parse("怎么办理").terms == ("怎么", "办理")
    assert Query.parse("办理流程").terms == ("办理", "流程")
    assert Query.parse("需要什么材料").terms == ("需要", "什么", "材料")


def test_a_phrase_is_left_as_typed_and_the_rest_is_read():
    query = Query.parse("“春耕生产” 怎么 的 集贤")
    assert query.phrases == (("春耕生产",),)
    assert query.groups == ((("集贤",),),)
    only_a_phrase = Query.parse("“怎么办理” 怎么")
    assert only_a_phrase.phrases == (("怎么", "办理"),) and only_a_phrase.groups == ()


def test_callers_that_build_a_query_from_terms_still_can():
    query = Query(text="防汛 应急", terms=("防汛", "应急"))
    assert query.groups == ((("防汛",),), (("应急",),))
    assert not query.is_empty and Query(text="").is_empty


@pytest.mark.parametrize(
    "text",
    ["防" * 1000, "社保" * 500, "公租房怎么" * 200, '" * : ( ) { } [ ] ~ ^ \\ / ！？。，', "…………", "", "   "],
)
def test_hostile_input_parses_within_bounds(text):
    query = Query.parse(text)
    assert len(query.text) <= 200
    assert all(alternative for group in query.groups for alternative in group)


def test_mixed_scripts_keep_each_word():
    query = Query.parse("社保Card Москва 2025年 ｇｊｊ")
    assert query.groups[0] == (("社保",), ("社会保险",), ("社会保障",))
    assert [g[0] for g in query.groups[1:]] == [("card",), ("москв",), ("2025",), ("gjj",)]


def test_a_latin_term_of_the_dictionary_is_expanded():
    Synonym.objects.create(term="ETC", expansions="电子不停车收费")
    assert Query.parse("etc 办理").groups == ((("etc",), ("电子", "不", "停车", "收费")),)


def test_a_warm_dictionary_costs_no_sql(django_assert_num_queries):
    Query.parse("公租房")
    with django_assert_num_queries(0):
        assert Query.parse("我想开公司 二手房过户 社保").groups


def test_a_saved_or_deleted_synonym_applies_to_the_next_query_at_once(django_assert_num_queries):
    assert Query.parse("稻花香").groups == ((("稻",),), (("花香",),))
    synonym = Synonym.objects.create(term="稻花香", expansions="五常大米")
    assert Query.parse("稻花香").groups == ((("稻", "花香"), ("五常", "大米")),)
    synonym.expansions = "五常大米\n响水大米"
    synonym.save()
    assert Query.parse("稻花香").groups == ((("稻", "花香"), ("五常", "大米"), ("响水", "大米")),)
    synonym.delete()
    assert Query.parse("稻花香").groups == ((("稻",),), (("花香",),))
    with django_assert_num_queries(0):
        Query.parse("稻花香")


def test_the_cache_holds_the_whole_dictionary():
    synonyms.table()
    cached = cache.get(synonyms.CACHE_KEY)
    assert cached["公租房"] == ("公共租赁住房",)
    assert len(cached) == Synonym.objects.count() >= 60


def test_the_starter_set_maps_the_issues_everyday_words():
    starter = {s.term: synonyms.split_expansions(s.expansions) for s in Synonym.objects.all()}
    for term, official in {
        "社保": "社会保险",
        "公积金": "住房公积金",
        "低保": "最低生活保障",
        "公租房": "公共租赁住房",
        "医保": "医疗保险",
        "开公司": "企业设立",
        "个体户": "个体工商户",
        "过户": "转移登记",
        "上户口": "户口登记",
        "失业金": "失业保险金",
        "残疾证": "残疾人证",
        "身份证": "居民身份证",
        "结婚证": "结婚登记",
        "领证": "结婚登记",
        "二手房": "存量房",
    }.items():
        assert official in starter[term], term
    assert all(term not in expansions for term, expansions in starter.items())


def test_a_year_is_its_number_however_written_and_a_dictionary_word_may_start_a_jieba_word():
    for text in ("2026年医保缴费", "2026年度医保缴费", "2026 年 医保缴费", "2026医保缴费"):
        assert [g[0] for g in Query.parse(text).groups] == [("2026",), ("医保",), ("缴费",)], text
    assert ("12",) in [g[0] for g in Query.parse("12年").groups]  # not a year: 年 kept
    assert Query.parse("棚改选房").groups[0][1] == ("棚户区", "改造")  # jieba reads 棚/改选/房
