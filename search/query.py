"""What a resident asked for: the query text parsed once, and the filters, sort and page."""

import itertools
import math
import re
from dataclasses import dataclass, field, replace

from . import analysis, synonyms, vocabulary

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
MAX_PAGE = 1000  # Elasticsearch's default result window is 10,000 hits.
FACETS = ("site", "type", "year", "unit")
SORTS = ("relevance", "date")
SCOPES = ("site", "all")
# A relaxed query asks this share of its groups (at least 2 of 3, 3 of 4 or 5); past this many
# groups the combinations would grow too many for a match expression.
RELAXED_SHARE = 0.6
MAX_RELAXED_GROUPS = 8
YEAR = re.compile(r"(?<!\d)(\d{4})\s*(?:年度|年份|年)")  # 2026年 and 2026年度 are 2026
PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」')


@dataclass(frozen=True)
class Query:
    """A query is AND over `groups`; a group is OR over its alternatives; an alternative is a tuple
    of words a hit must all contain. 公租房 is the group (("公", "租房"), ("公共", "租赁", "住房")).
    `terms` are the query's own words (each group's first alternative), for callers that want them."""

    text: str
    terms: tuple = ()
    phrases: tuple = ()  # each a tuple of words that must stand together, in order
    groups: tuple = ()
    minimum: int = 0  # how many groups a hit must hold; 0: all of them

    def __post_init__(self):
        if self.terms and not self.groups:
            object.__setattr__(self, "groups", tuple(((term,),) for term in self.terms))
        elif self.groups and not self.terms:
            own = (word for group in self.groups for word in group[0])
            object.__setattr__(self, "terms", tuple(dict.fromkeys(own)))

    @classmethod
    def parse(cls, text):
        text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
        phrases = []
        for match in PHRASE.finditer(analysis.normalize(text)):
            phrase_words = analysis.words(next(g for g in match.groups() if g))
            if phrase_words:
                phrases.append(tuple(phrase_words))
        rest = YEAR.sub(r"\1 ", PHRASE.sub(" ", analysis.normalize(text)))
        table = synonyms.table()
        groups = _groups(analysis.without_questions(rest), table, drop_questions=True)
        if not groups and not phrases:  # only a question (怎么办理): keep its words
            groups = _groups(rest, table, drop_questions=False)
        return cls(text=text, phrases=tuple(phrases), groups=groups)

    def relaxed(self):
        """The query that a hit satisfies with most of its groups (a resident's question often has
        a word no page uses: 身份证丢了怎么补办), or None when there is nothing to relax."""
        count = len(self.groups)
        if count < 2 or count > MAX_RELAXED_GROUPS:
            return None
        return replace(self, minimum=math.ceil(count * RELAXED_SHARE) if count > 2 else 1)

    @property
    def required(self):
        """The combinations of groups of which a hit must hold one (each a tuple of groups)."""
        if not self.minimum or self.minimum >= len(self.groups):
            return (self.groups,)
        return tuple(itertools.combinations(self.groups, self.minimum))

    @property
    def is_empty(self):
        return not self.groups and not self.phrases

    @property
    def exact(self):
        """The query as a document number would be typed (双政办文〔2017〕3号), for an exact match."""
        return self.text.strip().strip('"“”')

    @property
    def highlight_words(self):
        words = [w for group in self.groups for alternative in group for w in alternative]
        return list(dict.fromkeys([*self.terms, *words, *(w for phrase in self.phrases for w in phrase)]))


def _word_alternatives(word, table):
    """Other ways to write a Latin word of the query, as strings analysed like the query: the
    dictionary's, and the Chinese words it spells in pinyin (gongjijin, gjj → 公积金)."""
    return table.alternatives(word) + vocabulary.pinyin_alternatives(word)


def _alternative(text):
    return tuple(w for w in analysis.words(text) if w not in analysis.QUERY_STOPWORDS)


def _synonym_group(fragment, expansions):
    alternatives = [_alternative(fragment), *(_alternative(e) for e in expansions)]
    return tuple(dict.fromkeys(a for a in alternatives if a))


def _groups(text, table, drop_questions):
    """The query's groups: a word or words of the dictionary (the raw text matched longest first,
    whatever jieba makes of it, but never starting inside a jieba word unless three characters or
    longer: 棚改选房 is 棚改 + 选房 though jieba reads 棚/改选/房) is a group of its alternatives;
    every other word is a group of its own."""
    groups = []
    left_out = analysis.QUESTION_WORDS if drop_questions else frozenset()

    def plain(words):
        for word in words:
            if word not in analysis.QUERY_STOPWORDS and word not in left_out:
                groups.append(((word,),))

    for run in analysis.RUNS.finditer(text):
        if run.group(2):  # a Latin or Cyrillic word, or a number
            word = run.group(2)
            found = _word_alternatives(word, table)
            if found:
                groups.append(_synonym_group(word, found))
            else:
                plain(analysis.words(word))
            continue
        han = run.group(1)
        tokens = list(analysis.spans(han))
        bounds = {0, len(han)} | {end for _word, _start, end in tokens}
        start = i = 0
        while i < len(han):
            for length in range(min(table.longest, len(han) - i), 0, -1):
                fragment = han[i : i + length]
                if (i in bounds or length >= 3) and (expansions := table.alternatives(fragment)):
                    if start in bounds and i in bounds:  # jieba's own words where it can
                        plain(w for w, a, b in tokens if start <= a and b <= i)
                    else:
                        plain(analysis.words(han[start:i]))
                    if group := _synonym_group(fragment, expansions):
                        groups.append(group)
                    i = start = i + length
                    break
            else:
                i += 1
        if start in bounds:
            plain(w for w, a, _b in tokens if a >= start)
        else:
            plain(analysis.words(han[start:]))
    return tuple(dict.fromkeys(groups))


@dataclass(frozen=True)
class SearchRequest:
    query: Query
    scope_hostname: str | None = None  # 本站: only this site's own pages
    filters: dict = field(default_factory=dict)  # facet name → value
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_params(cls, params, current_hostname=None, default_scope="all"):
        """Read GET parameters; anything malformed falls back to its default rather than failing."""
        scope = params.get("scope") if params.get("scope") in SCOPES else default_scope
        filters = {name: params[name].strip() for name in FACETS if params.get(name, "").strip()}
        if "year" in filters and not filters["year"].isdigit():
            del filters["year"]
        return cls(
            query=Query.parse(params.get("q", "")),
            scope_hostname=current_hostname if scope == "site" else None,
            filters=filters,
            sort=params.get("sort") if params.get("sort") in SORTS else "relevance",
            page=_page_number(params.get("page")),
        )

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    def with_page(self, page):
        return SearchRequest(self.query, self.scope_hostname, self.filters, self.sort, page, self.per_page)


def _page_number(value):
    try:
        return min(max(int(value), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1
