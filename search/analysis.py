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
# How residents ask (怎么办理结婚登记, 去哪办残疾证): left out of what a hit must contain, unless
# nothing else is left. Phrases are found in the raw text, longest first, whatever jieba makes of
# them; words only where jieba gives them as a word of their own.
_QUESTION_PHRASES = (
    "怎么办理 如何办理 怎样办理 怎么申请 如何申请 在哪办理 在哪里办理 去哪办理 去哪里办理 哪里办理 "
    "哪里可以办 在哪里办 去哪里办 在哪办 去哪办 怎么办 怎么样 怎么 怎样 如何 咋办 "
    "在哪里 去哪里 在哪儿 去哪儿 哪里 哪儿 在哪 去哪 什么地方 "
    "需要什么材料 要什么材料 需要哪些材料 要哪些材料 需要带什么 要带什么 什么材料 哪些材料 "
    "需要什么 需要哪些 什么 哪些 "
    "办理流程 办事流程 办理程序 有什么条件 什么条件 多少钱 多少费用 收费吗 "
    "多长时间 多久 能不能 可不可以 可以吗 能否 是否 请问 我想 我要 我需要 想要 "
    "什么时候 啥时候 几时 几点 是谁 谁是 叫什么 有什么 有哪些 有没有 要不要 怎么回事"
)
_QUESTION_WORDS = "吗 呢 吧 啊 呀 么 啥 咋 哪 谁 想 要 需要 办 办理 办个 弄 领 能 可以 应该 该 给 有"
QUESTION_PHRASES = tuple(sorted(set(_QUESTION_PHRASES.split()), key=len, reverse=True))
QUESTION_WORDS = frozenset(_QUESTION_WORDS.split())
_QUESTIONS = re.compile("|".join(re.escape(p) for p in QUESTION_PHRASES))


def without_questions(text):
    """The text with how residents ask (怎么办理, 在哪里, 是谁) blanked out."""
    return _QUESTIONS.sub(" ", text)


@lru_cache(maxsize=1)
def _segmenter():
    jieba.setLogLevel(logging.WARNING)
    segmenter = jieba.Tokenizer()
    segmenter.load_userdict(str(USER_DICT))
    return segmenter


def load_dictionary():
    """Load jieba's dictionary now (about 2 s) rather than in a resident's first search."""
    _segmenter().initialize()


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


def spans(text):
    """The words of a normalized text with where each stands: [(word, start, end)]. Latin and
    Cyrillic words are stemmed; their span is the word as written."""
    result = []
    for match in RUNS.finditer(text):
        if match.group(1):
            at = match.start()
            result.extend((w, at + a, at + b) for w, a, b in _segmenter().tokenize(match.group(1)))
        else:
            result.append((_stem(match.group(2)), match.start(), match.end()))
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
