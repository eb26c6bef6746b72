"""The word list, pinyin queries and typo corrections, read from the demo cluster's own titles."""

import pytest
from django.core.management import call_command
from django_q.models import Schedule

from search import analysis, service
from search.engines.database import DatabaseEngine
from search.models import SearchEntry, SearchLog, SearchTerm, Synonym
from search.query import SearchRequest
from search.vocabulary import did_you_mean, pinyin_alternatives, pinyin_of, rebuild_terms, syllables

HOSTILE = [
    "营商环竟" * 250,  # 1,000 characters
    "x" * 1000,
    "！？。，、；：“”‘’（）《》【】!?.,;:'\"()[]{}<>/\\|@#$%^&*~`+=-_",
    "gong积金 yingshang环竟 Москва 123",
    "😀😀😀营商环竟🏛️",
    "\x00\t\n ",
    "",
    "ＧＯＮＧＪＩＪＩＮ",
    "%' OR 1=1 --",
]


ENGLISH = [
    ("Baoshan District at a time of change", "The area by the old mine is one to see. Policy report and news."),
    ("Government service in Baoshan", "Make an appointment by phone; the service takes one day at a time."),
    ("Annual report", "The government report on policy, by area: mining, time and service."),
]


def english_versions(entries):
    """Three of the demo's news items as English pages (the demo built in tests has none)."""
    news = [e for e in entries if e["content_type"] == "news" and "公积金" not in e["title"]][:3]
    versions = []
    for entry, (title, body) in zip(news, ENGLISH, strict=True):
        versions.append(
            {
                **entry,
                "locale": "en",
                "title": title,
                "summary": "",
                "body": body,
                "title_tokens": analysis.index_text(title),
                "summary_tokens": "",
                "body_tokens": analysis.index_text(body),
            }
        )
    return versions


@pytest.fixture(scope="module")
def vocabulary(demo_entries, django_db_blocker):
    """The demo's entries in the database engine, newest first, three of them in English, and the
    word list made from them."""
    english = english_versions(demo_entries)
    replaced = {e["page_id"] for e in english}
    entries = sorted(
        [e for e in demo_entries if e["page_id"] not in replaced] + english,
        key=lambda e: e["published_at"],
        reverse=True,
    )
    with django_db_blocker.unblock():
        DatabaseEngine().replace(entries)
        rebuild_terms()
    return entries


def uses(entry, word):
    titles = [entry["title"]] + [title for title, _url in entry["column_trail"]]
    return any(word in analysis.index_text(title).split() for title in titles)


def terms():
    return sorted(SearchTerm.objects.values_list("term", "pinyin", "initials", "frequency"))


def test_the_word_list_holds_title_and_column_words_with_their_pinyin_and_use(vocabulary, db):
    word = SearchTerm.objects.get(term="公积金")
    assert (word.pinyin, word.initials) == ("gongjijin", "gjj")
    assert word.frequency == sum(1 for e in vocabulary if uses(e, "公积金"))
    # A column's title is a word, and every entry under the column uses it.
    column = SearchTerm.objects.get(term="市长信箱")
    assert column.frequency >= sum(1 for e in vocabulary if any(t == "市长信箱" for t, _url in e["column_trail"]))
    assert column.pinyin == "shizhangxinxiang"
    # Latin words are kept apart: no pinyin.
    assert SearchTerm.objects.filter(term="polici", pinyin="", initials="").exists()
    assert not SearchTerm.objects.filter(term__in=["的", "公"]).exists()  # no single characters
    assert pinyin_of("绿色") == ("lvse", "ls")


def test_the_word_list_rebuilt_is_the_same_whatever_the_order_of_the_entries(vocabulary, db):
    first = terms()
    assert rebuild_terms() == len(first)
    assert terms() == first
    DatabaseEngine().replace(sorted(vocabulary, key=lambda e: e["published_at"]))  # oldest first now
    rebuild_terms()
    assert terms() == first


def test_a_word_gone_from_the_index_leaves_the_word_list_on_rebuild(vocabulary, db):
    pages = [e["page_id"] for e in vocabulary if uses(e, "公积金")]
    assert pages
    DatabaseEngine().delete(pages)
    Synonym.objects.filter(term="公积金").delete()  # the dictionary's words stay in the list
    rebuild_terms()
    assert not SearchTerm.objects.filter(term="公积金").exists()
    assert pinyin_alternatives("gongjijin") == []


def test_full_pinyin_and_initials_find_the_chinese_words(vocabulary, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert pinyin_alternatives("gongjijin")[0] == "公积金"
    assert pinyin_alternatives("GongJiJin")[0] == "公积金"
    assert pinyin_alternatives("ＧＯＮＧＪＩＪＩＮ")[0] == "公积金"
    with django_assert_max_num_queries(1):
        found = pinyin_alternatives("gjj")
    assert "公积金" in found
    # Most used first.
    used = dict(SearchTerm.objects.filter(term__in=found).values_list("term", "frequency"))
    assert [used[t] for t in found] == sorted(used.values(), reverse=True)
    assert len(pinyin_alternatives("zf")) == 5  # 政府, 执法, 住房 …: never more than five


def test_a_whole_query_in_pinyin_is_read_as_the_words_that_spell_it(vocabulary, db):
    assert pinyin_alternatives("zhufanggongjijin") == ["住房公积金"]
    assert pinyin_alternatives("yingshanghuanjing") == ["营商环境"]
    # No single word spells it: the words that do, one after another.
    assert not SearchTerm.objects.filter(pinyin="zhengfuxinxigongkai").exists()
    assert pinyin_alternatives("zhengfuxinxigongkai") == ["政府信息公开"]


def test_english_words_are_not_taken_as_pinyin(vocabulary, db):
    for word in ["policy", "report", "news", "service", "government"]:
        assert pinyin_alternatives(word) == [], word
    # Spellable as pinyin (ti-me, mi-ne, a-re-a), but the English pages use them as words.
    assert {"time", "mine", "area"} <= syllable_spellings(["time", "mine", "area"])
    for word in ["time", "mine", "area", "make", "one"]:
        assert pinyin_alternatives(word) == [], word
    # 毕业's initials are by, but the English pages use "by": never read as initials.
    assert SearchTerm.objects.filter(initials="by").exclude(pinyin="").exists()
    assert pinyin_alternatives("by") == []
    # A place the English pages name too, but the Chinese titles far more.
    english = SearchTerm.objects.get(term="baoshan", pinyin="").frequency
    assert SearchTerm.objects.get(term="宝山").frequency > english
    assert pinyin_alternatives("baoshan") == ["宝山"]


def syllable_spellings(words):
    from search.vocabulary import _boundaries

    assert "gong" in syllables() and "ng" not in syllables()
    return {w for w in words if _boundaries(w)}


def test_a_misspelt_word_is_put_right_from_the_titles_words(vocabulary, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert did_you_mean("营商环竟") == "营商环境"  # same sound
    assert did_you_mean("市长信相") == "市长信箱"
    assert did_you_mean("公用事叶") == "公用事业"
    assert did_you_mean("双鸭山市人民正府") == "双鸭山市人民政府"
    assert did_you_mean("住房公积全") == "住房公积金"  # similar shape
    assert did_you_mean("住房公积金  营商环竟") == "住房公积金 营商环境"  # the right word left alone
    assert did_you_mean("ＡＢＣ营商环竟") == "abc营商环境"


def test_a_query_of_known_words_has_nothing_to_put_right(vocabulary, db, django_assert_max_num_queries):
    for query in ["营商环境", "住房公积金", "市长信箱", "政府信息公开", "营商环境 住房公积金", "gongjijin"]:
        with django_assert_max_num_queries(1):
            assert did_you_mean(query) is None, query
    # Words of no title, with no title word of their sound: nothing to offer either.
    for query in ["怎么办理结婚登记", "二手房过户"]:
        assert did_you_mean(query) is None, query


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_is_answered_without_error(vocabulary, db, text):
    alternatives = pinyin_alternatives(text)
    assert isinstance(alternatives, list) and len(alternatives) <= 5
    corrected = did_you_mean(text)
    assert corrected is None or isinstance(corrected, str)


def test_the_command_rebuilds_and_sums_up(vocabulary, db, capsys):
    SearchTerm.objects.all().delete()
    call_command("rebuild_search_terms", verbosity=0)
    out = capsys.readouterr().out
    chinese = SearchTerm.objects.exclude(pinyin="").count()
    assert f"({chinese} Chinese, {SearchTerm.objects.count() - chinese} Latin)" in out
    assert pinyin_alternatives("gjj")


def test_reindexing_rebuilds_the_word_list_and_a_daily_schedule_keeps_it(vocabulary, db, capsys):
    SearchTerm.objects.all().delete()
    hostname = min(SearchEntry.objects.values_list("site_hostname", flat=True))
    call_command("search_reindex", site=hostname, engine="database", verbosity=0)
    assert "words for pinyin and typos" in capsys.readouterr().out
    assert SearchTerm.objects.filter(term="公积金").exists()
    schedule = Schedule.objects.get(func="search.vocabulary.rebuild_terms")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1


@pytest.mark.parametrize("engine_name", ["database", "elasticsearch"])
def test_a_typo_shows_the_corrected_results_and_says_so(vocabulary, db, request, engine_name):
    engine = DatabaseEngine()
    if engine_name == "elasticsearch":
        engine = request.getfixturevalue("es_engine")
        engine.replace(vocabulary)
    typed = service.search(SearchRequest.from_params({"q": "营商环竟"}), engine=engine)
    right = service.search(SearchRequest.from_params({"q": "营商环境"}), engine=engine)
    assert right.total and not right.corrected  # a right query is left alone
    assert (typed.corrected, typed.original) == ("营商环境", "营商环竟")
    assert [h["page_id"] for h in typed.hits] == [h["page_id"] for h in right.hits]
    assert typed.request.query.text == "营商环境"


def test_the_page_says_what_it_shows_and_the_log_keeps_the_typo(vocabulary, db, client):
    DatabaseEngine().replace(vocabulary)  # as the other tests may have left it
    page = client.get("/search/", {"q": "营商环竟"}, HTTP_HOST="localhost").content.decode()
    assert "没有找到与“营商环竟”相关的信息，以下是“<strong>营商环境</strong>”的" in page
    logged = SearchLog.objects.get(query="营商环竟")
    assert (logged.results, logged.corrected) == (0, "营商环境")  # a zero-result query for the report
    api = client.get("/api/search/", {"q": "营商环竟"}, HTTP_HOST="localhost").json()
    assert api["corrected"] == "营商环境" and api["showing_corrected"] is True and api["total"] > 0


def test_a_leaders_name_and_the_dictionarys_words_are_in_the_word_list(vocabulary, db):
    leader = next(e for e in vocabulary if e["content_type"] == "leader" and len(e["title"]) == 3)
    spelt = "".join(pinyin_of(leader["title"])[0])
    assert leader["title"] in pinyin_alternatives(spelt)  # a name, whatever jieba makes of it
    Synonym.objects.update_or_create(term="棚改房", defaults={"expansions": "棚户区改造"})
    assert "棚改房" not in pinyin_alternatives("penggaifang")
    rebuild_terms()
    assert pinyin_alternatives("penggaifang") == ["棚改房"]
    assert did_you_mean("棚改房") is None  # a word residents use is never a typo
    assert SearchTerm.objects.get(term="公积金").frequency == sum(1 for e in vocabulary if uses(e, "公积金"))
