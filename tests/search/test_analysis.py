"""One analyser for both engines: Chinese words inside longer runs, English and Russian stems."""

import pytest

from search import analysis
from search.query import Query
from tests.search.conftest import elasticsearch_url


@pytest.mark.parametrize(
    "word, text",
    [("防火", "森林防火工作"), ("网站", "政府网站集约化"), ("内容保障", "市政府门户网站内容保障工作")],
)
def test_a_word_inside_a_longer_run_of_han_characters_is_indexed(db, word, text):
    indexed = set(analysis.index_text(text).split())
    assert set(Query.parse(word).terms) <= indexed


def test_english_and_russian_are_stemmed_so_word_forms_meet():
    assert analysis.words("Investment projects") == analysis.words("investing project") == ["invest", "project"]
    assert analysis.words("инвестиционные проекты") == analysis.words("инвестиционный проект")


def test_full_width_forms_and_case_are_folded():
    assert analysis.words("ＡＢＣ１２３") == analysis.words("abc123") == ["abc123"]


def test_queries_keep_phrases_and_drop_stopwords(db):  # a query reads the synonym dictionary
    query = Query.parse("“春耕生产” 的 集贤")
    assert query.phrases == (("春耕生产",),)
    assert query.terms == ("集贤",)


def test_elasticsearch_splits_the_stored_tokens_exactly_as_they_were_analysed():
    """Elasticsearch's whitespace analyser adds nothing of its own to the tokens it is given."""
    from elasticsearch import Elasticsearch

    text = "双鸭山市人民政府办公室关于做好森林草原防火工作的通知 Investment Городские услуги"
    tokens = analysis.index_text(text)
    response = Elasticsearch(elasticsearch_url()).indices.analyze(analyzer="whitespace", text=tokens)
    assert [t["token"] for t in response["tokens"]] == tokens.split()
