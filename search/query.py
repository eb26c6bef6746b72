"""What a resident asked for: the query text parsed once, and the filters, sort and page."""

import re
from dataclasses import dataclass, field

from . import analysis

MAX_QUERY_LENGTH = 200
PER_PAGE = 10
MAX_PAGE = 1000  # Elasticsearch's default result window is 10,000 hits.
FACETS = ("site", "type", "year", "unit")
SORTS = ("relevance", "date")
SCOPES = ("site", "all")
PHRASE = re.compile(r'"([^"]+)"|“([^”]+)”|「([^」]+)」')


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple = ()
    phrases: tuple = ()  # each a tuple of words that must stand together, in order

    @classmethod
    def parse(cls, text):
        text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
        phrases = []
        for match in PHRASE.finditer(analysis.normalize(text)):
            phrase_words = analysis.words(next(g for g in match.groups() if g))
            if phrase_words:
                phrases.append(tuple(phrase_words))
        rest = PHRASE.sub(" ", analysis.normalize(text))
        terms = tuple(dict.fromkeys(analysis.query_terms(rest)))
        return cls(text=text, terms=terms, phrases=tuple(phrases))

    @property
    def is_empty(self):
        return not self.terms and not self.phrases

    @property
    def exact(self):
        """The query as a document number would be typed (双政办文〔2017〕3号), for an exact match."""
        return self.text.strip().strip('"“”')

    @property
    def highlight_words(self):
        return list(self.terms) + [w for phrase in self.phrases for w in phrase]


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
