"""The one analyser both engines index and query with.

Elasticsearch gets text already analysed (a whitespace analyser splits it), and the database
engine stores the same tokens, so the two engines cannot disagree about where a Chinese word
begins. Han runs are segmented by jieba; Latin words are stemmed as English and Cyrillic words
as Russian, whatever the page's locale, so a query needs no language of its own.
"""

import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba
import snowballstemmer

USER_DICT = Path(__file__).resolve().parent / "data" / "userdict.txt"
HAN = re.compile(r"[\u3400-\u9fff]")
RUNS = re.compile(r"([\u3400-\u9fff\uf900-\ufaff]+)|([^\W\u3400-\u9fff\uf900-\ufaff]+)")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[a-z]")

# Left out of queries (not of the index, so phrases keep their positions).
_STOPWORDS = (
    "的 了 和 与 及 或 在 是 对 把 被 之 其 等 "
    "a an and are as at be by for from in is it of on or the to with "
    "и в во на с со по к о об от для не что это как"
)
QUERY_STOPWORDS = frozenset(_STOPWORDS.split())


@lru_cache(maxsize=1)
def _segmenter():
    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.load_userdict(str(USER_DICT))
    return segmenter


_english = snowballstemmer.stemmer("english")
_russian = snowballstemmer.stemmer("russian")


def normalize(text):
    """Full-width forms folded (ＡＢＣ１２３ → abc123), case folded, ё as е."""
    return unicodedata.normalize("NFKC", text or "").lower().replace("ё", "е")


def _stem(word):
    if CYRILLIC.search(word):
        return _russian.stemWord(word)
    if LATIN.search(word) and not word.isdigit():
        return _english.stemWord(word)
    return word


def words(text):
    """The text's words in order: what phrases are matched against."""
    result = []
    for han, other in RUNS.findall(normalize(text)):
        if han:
            result.extend(_segmenter().lcut(han))
        else:
            result.append(_stem(other))
    return result


def index_text(text):
    """What is stored for a text: its words, then the shorter words jieba finds inside long ones.

    Both the whole word and its parts are indexed, so 防火 finds 森林防火 and 网站 finds
    门户网站, while a query for the whole word still matches it as one token.
    """
    tokens = words(text)
    seen = set(tokens)
    parts = []
    for word in tokens:
        if len(word) > 2 and HAN.search(word):
            for part in _segmenter().lcut_for_search(word):
                if part != word and part not in seen:
                    seen.add(part)
                    parts.append(part)
    return " ".join(tokens + parts)


def query_terms(text):
    """A query's words that every hit must contain (stopwords left out)."""
    return [w for w in words(text) if w not in QUERY_STOPWORDS]
