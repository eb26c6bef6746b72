"""The index's own words, for reading what residents type: pinyin and typos.

The word list (SearchTerm) holds every word of the indexed titles and column titles with its
toneless pinyin (公积金 → gongjijin), its initials (gjj) and how many entries use it. Latin words
are kept too, with empty pinyin, so a Latin query word the index itself uses (policy, app, change)
is known as a word and not read as pinyin. It is rebuilt from SearchEntry — by search_reindex and
by a daily schedule — rather than on every publish: a full rebuild takes seconds, keeps the counts
exact, and leaves the engines' write path alone.
"""

import re
from collections import Counter
from functools import lru_cache

from django.db import transaction
from django.db.models import Q
from pypinyin import lazy_pinyin
from pypinyin.contrib.tone_convert import to_normal
from pypinyin.pinyin_dict import pinyin_dict

from . import analysis
from .models import SearchEntry, SearchTerm, Synonym

HAN_TERM = re.compile(r"[\u3400-\u9fff]{2,30}")
LATIN_TERM = re.compile(r"[a-z]{2,50}")
# Pages whose whole title is a name residents type (a leader's name), when it is this short.
NAMED_TYPES = ("leader", "institution", "service")
MAX_NAME_TERM = 8
LATIN_QUERY = re.compile(r"[a-z]{2,40}")
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
BATCH = 2000
MAX_ALTERNATIVES = 5
INITIALS_LENGTH = (2, 5)
NOT_INITIALS = set("iuv")  # no syllable begins with these
MAX_TYPO_TEXT = 40  # longer queries are not corrected
MAX_WINDOW = 8

# Characters residents mistake for one another by their shape (形近字); same-sound mistakes are
# found through the pinyin.
SIMILAR_SHAPES = (
    "己已巳 末未 侯候 拔拨 竟境竞 幕慕暮募墓 辨辩辫瓣 账帐 即既 戊戌戍 析折拆 持待特侍 授受 证征 "
    "清请情晴 籍藉 绩积迹 经径 练炼拣 贫贪 赢嬴 密蜜 峰锋蜂 徒徙 栽裁载 祟崇 准淮 冶治 刺剌 券卷 "
    "洽恰 土士 干千于 入人八 日曰 历厉 货贷 买卖 型形 象像 在再 做作 梁粱 副幅 辛幸 衷哀 休体 "
    "苦若 住往柱 杨扬 汤场 检验捡险俭 健建 缴激 赔陪 卸御 缓援暖暧 概慨 浇烧 陷馅 微徽 茶荼 设没 访仿 斤斥 全金 "
    "早旱 免兔 今令 大太犬 厂广 鸣呜 泊怕拍 渴喝 绿缘 很狠 挤济 输偷 锻缎 遣遗 戴载 茅矛 坏怀 侯喉 粮浪 钓钩"
)


@lru_cache(maxsize=1)
def _similar():
    similar = {}
    for group in SIMILAR_SHAPES.split():
        for char in group:
            similar.setdefault(char, set()).update(c for c in group if c != char)
    return {char: "".join(sorted(chars)) for char, chars in similar.items()}


@lru_cache(maxsize=1)
def syllables():
    """Every toneless syllable in pypinyin's dictionary, less the interjections without a vowel
    (m, n, ng, hm, hng), which would let almost any string pass as pinyin."""
    found = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            syllable = to_normal(reading)
            if syllable.isascii() and syllable.isalpha() and re.search("[aeiouv]", syllable):
                found.add(syllable)
    return frozenset(found)


def pinyin_of(term):
    """(pinyin, initials) of a Chinese word, or None when a character has no reading."""
    parts = lazy_pinyin(term)
    if len(parts) != len(term) or not all(p.isascii() and p.isalpha() for p in parts):
        return None
    return "".join(parts), "".join(p[0] for p in parts)


# The word list


def _column_terms(title, cache):
    if title not in cache:
        terms = set(analysis.index_text(title).split())
        if HAN_TERM.fullmatch(title):
            terms.add(title)
        cache[title] = terms
    return cache[title]


def _counts(progress):
    counts = Counter()
    columns = {}
    rows = SearchEntry.objects.values_list("title_tokens", "column_trail", "title", "content_type")
    iterator = rows.iterator(chunk_size=BATCH)
    if progress:
        iterator = progress(iterator, total=rows.count())
    for title_tokens, trail, title, content_type in iterator:
        terms = set(title_tokens.split())
        if content_type in NAMED_TYPES and len(title) <= MAX_NAME_TERM:
            terms.add(analysis.normalize(title))  # 赵志远, whatever jieba makes of it
        for column_title, _url in trail or ():
            terms |= _column_terms(column_title, columns)
        counts.update(t for t in terms if HAN_TERM.fullmatch(t) or LATIN_TERM.fullmatch(t))
    # The other languages' pages are few: their whole text tells which Latin words are words.
    foreign = SearchEntry.objects.exclude(locale__startswith="zh").values_list("summary_tokens", "body_tokens")
    for summary_tokens, body_tokens in foreign.iterator(chunk_size=BATCH):
        counts.update(t for t in set(summary_tokens.split()) | set(body_tokens.split()) if LATIN_TERM.fullmatch(t))
    # The dictionary's words are words residents type (公租房: gongzufang, and never a typo).
    for term in Synonym.objects.values_list("term", flat=True):
        term = analysis.normalize(term).strip()
        if term not in counts and (HAN_TERM.fullmatch(term) or LATIN_TERM.fullmatch(term)):
            counts[term] = 1
    return counts


def rebuild_terms(progress=None) -> int:
    """Rebuild the word list from the database engine's entries (which hold every indexed page
    whichever engine answers); returns how many words it holds. `progress`, if given, wraps an
    iterable with its total, as tqdm does."""
    counts = _counts(progress)
    rows = []
    for term in sorted(counts):
        if LATIN_TERM.fullmatch(term):
            rows.append(SearchTerm(term=term, pinyin="", initials="", frequency=counts[term]))
        elif reading := pinyin_of(term):
            rows.append(SearchTerm(term=term, pinyin=reading[0], initials=reading[1], frequency=counts[term]))
    with transaction.atomic():
        SearchTerm.objects.all().delete()
        SearchTerm.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


# Pinyin


def _boundaries(word):
    """The positions where a syllable may end on some reading of the word as pinyin syllables
    (0 and len(word) included), or None when the word cannot be read so."""
    known, longest = syllables(), 6
    n = len(word)
    forward = {0}
    for i in range(n):
        if i in forward:
            forward.update(j for j in range(i + 1, min(n, i + longest) + 1) if word[i:j] in known)
    if n not in forward:
        return None
    backward = {n}
    for j in range(n, 0, -1):
        if j in backward:
            backward.update(i for i in range(max(0, j - longest), j) if word[i:j] in known)
    return sorted(forward & backward)


def _segment(word, by_pinyin, cuts):
    """The Chinese words spelling the whole word in the fewest pieces (then the most used), as
    [(term, frequency)], or None."""
    best = {0: (0, 0, [])}  # position → (pieces, -total frequency, terms)
    for i in cuts:
        if i not in best:
            continue
        pieces, minus_total, terms = best[i]
        for j in cuts:
            if j > i and (found := by_pinyin.get(word[i:j])):
                candidate = (pieces + 1, minus_total - found[1], [*terms, found])
                if j not in best or candidate[:2] < best[j][:2]:
                    best[j] = candidate
    return best.get(len(word), (0, 0, None))[2]


def pinyin_alternatives(word: str) -> list[str]:
    """The Chinese words a Latin-letter query word spells, most used first (at most 5):
    gongjijin → 公积金 by full pinyin, zhufanggongjijin → 住房公积金 by words that spell it
    together, gjj → 公积金 by initials (2–5 letters).

    A word is read as pinyin only if it splits into pinyin syllables (full pinyin) or is 2–5
    letters that may begin syllables — no i, u or v — and is not one syllable (initials). A word
    the index uses as a Latin word (in titles, or in the text of the English and Russian pages) is
    taken as that word unless the Chinese words it spells are used more; it is then never read as
    initials. So policy and report are never pinyin, and change (嫦娥) only in a corpus about the moon.
    """
    word = analysis.normalize(word).strip()
    if not LATIN_QUERY.fullmatch(word):
        return []
    cuts = _boundaries(word)
    as_initials = (
        INITIALS_LENGTH[0] <= len(word) <= INITIALS_LENGTH[1]
        and not NOT_INITIALS & set(word)
        and word not in syllables()
    )
    if cuts is None and not as_initials:
        return []
    stem = analysis.words(word)[0]
    condition = Q(term=stem, pinyin="")
    if cuts:
        condition |= Q(pinyin__in=[word[i:j] for i in cuts for j in cuts if j > i])
    if as_initials:
        condition |= Q(initials=word)
    rows = list(SearchTerm.objects.filter(condition).values_list("term", "pinyin", "initials", "frequency")[:5000])

    as_word = max((f for t, p, _i, f in rows if t == stem and not p), default=0)
    by_pinyin = {}
    for term, pinyin, _initials, frequency in sorted(rows, key=lambda r: (-r[3], r[0])):
        if pinyin:
            by_pinyin.setdefault(pinyin, (term, frequency))
    found = []  # (term, frequency)
    if cuts:
        exact = sorted(((t, f) for t, p, _i, f in rows if p == word), key=lambda tf: (-tf[1], tf[0]))
        if exact:
            found += exact
        elif pieces := _segment(word, by_pinyin, cuts):
            found.append(("".join(t for t, _f in pieces), min(f for _t, f in pieces)))
        found = [(t, f) for t, f in found if f > as_word]
    if as_initials and not as_word:
        found += sorted(((t, f) for t, p, i, f in rows if i == word and p), key=lambda tf: (-tf[1], tf[0]))
    return list(dict.fromkeys(t for t, _f in found))[:MAX_ALTERNATIVES]


# Typos


def _windows(run, unknown):
    """(start, text) of every stretch of 2–8 characters of a Han run that holds an unknown one."""
    for length in range(2, min(MAX_WINDOW, len(run)) + 1):
        for start in range(len(run) - length + 1):
            if any(p in unknown for p in range(start, start + length)):
                yield start, run[start : start + length]


def did_you_mean(text: str) -> str | None:
    """The query with its misspelt words put right from the word list (营商环竟 → 营商环境), or
    None when there is nothing to put right.

    A word is misspelt when it is not in the word list: a character of it may be replaced by one
    of the same toneless pinyin, or of a similar shape (SIMILAR_SHAPES), where that makes a stretch
    of the query a word of the list. Characters of known words are never replaced. Two queries at
    most: the query's words, then the candidates.
    """
    text = " ".join(analysis.normalize(text).split())
    if not text or len(text) > MAX_TYPO_TEXT:
        return None
    runs = [(m.start(), m.group()) for m in HAN_RUN.finditer(text)]
    words = []  # (offset in text, word)
    for offset, run in runs:
        position = offset
        for word in analysis.words(run):
            words.append((position, word))
            position += len(word)
    asked = {w for _o, w in words if len(w) > 1} | {run for _o, run in runs if len(run) > 1}
    known = set(SearchTerm.objects.filter(term__in=asked, frequency__gt=0).values_list("term", flat=True))
    known_runs = {offset + i for offset, run in runs if run in known for i in range(len(run))}
    unknown = {
        offset + i
        for offset, word in words
        if word not in known and word not in analysis.QUERY_STOPWORDS
        for i in range(len(word))
    } - known_runs
    if not unknown:
        return None

    windows = []  # (start in text, window)
    for offset, run in runs:
        windows += [(offset + s, w) for s, w in _windows(run, {p - offset for p in unknown})]
    readings, variants = {}, {}
    similar = _similar()
    for start, window in windows:
        if reading := pinyin_of(window):
            readings.setdefault(reading[0], []).append((start, window))
        for i, char in enumerate(window):
            if start + i in unknown:
                for other in similar.get(char, ""):
                    variants.setdefault(window[:i] + other + window[i + 1 :], []).append((start, window))
    if not readings and not variants:
        return None
    rows = SearchTerm.objects.filter(Q(pinyin__in=list(readings)) | Q(term__in=list(variants)), frequency__gt=0)
    candidates = []  # (length, frequency, start, term)
    for term, pinyin, frequency in rows.values_list("term", "pinyin", "frequency"):
        for start, window in readings.get(pinyin, []) + variants.get(term, []):
            changed = [start + i for i, (a, b) in enumerate(zip(window, term, strict=False)) if a != b]
            fits = len(term) == len(window) and 0 < len(changed) <= (1 if len(term) < 4 else 2)
            if fits and all(p in unknown for p in changed):
                candidates.append((len(term), frequency, start, term))
    taken, chars = set(), list(text)
    for length, _frequency, start, term in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2], c[3])):
        span = set(range(start, start + length))
        if not span & taken:
            taken |= span
            chars[start : start + length] = term
    corrected = "".join(chars)
    return corrected if corrected != text else None
