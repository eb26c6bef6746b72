"""Residents' search: one entry point whichever engine answers."""

import logging
from dataclasses import dataclass, field, replace

from wagtail.models import Site

from . import highlight, ranking, vocabulary
from .engines import database_engine, elasticsearch_engine
from .engines.base import DISPLAY_FIELDS, EngineUnavailable
from .entries import TOKEN_FIELDS, TYPE_LABELS
from .query import MAX_PAGE, Query

logger = logging.getLogger(__name__)
# Fewer results than this, and a correction of the query is offered and the query relaxed.
FEW_RESULTS = 3
RANKING_FIELDS = (*DISPLAY_FIELDS, *TOKEN_FIELDS)


@dataclass
class Facet:
    name: str
    values: list  # [{"value", "label", "count", "selected"}]


@dataclass
class Results:
    request: object
    total: int = 0
    hits: list = field(default_factory=list)
    facets: list = field(default_factory=list)
    engine: str = ""
    corrected: str = ""  # 您是不是要找: the query with its typo put right
    original: str = ""  # set when these are the corrected query's results, the original finding none
    partial: bool = False  # the pages that hold most of the query's words, the original finding few

    @property
    def pages(self):
        return min(-(-self.total // self.request.per_page), MAX_PAGE)

    @property
    def page(self):
        return self.request.page


def _site_names():
    return dict(Site.objects.values_list("hostname", "site_name"))


def _labels(name, values, site_names):
    if name == "site":
        return {v: site_names.get(v, v) for v in values}
    if name == "type":
        return {v: TYPE_LABELS.get(v, v) for v in values}
    return {v: f"{v}年" if name == "year" else v for v in values}


def search(request, engine=None):
    """Results for a SearchRequest, from Elasticsearch when it is set up and answering; from
    `engine` when given (the relevance scoring measures each engine), with no fallback then.

    Few results, and the query with its typo put right is offered (营商环竟 → 营商环境); none at
    all, and the corrected query's results are shown instead when it has some. Failing that, a
    query of several words that finds few pages shows the pages that hold most of its words
    (`partial`), those that hold them all first."""
    if request.query.is_empty:
        return Results(request)
    results = _search(request, engine)
    if results.total >= FEW_RESULTS:
        return results
    corrected = vocabulary.did_you_mean(request.query.text) or ""
    if corrected == request.query.text:
        corrected = ""
    if corrected and results.total == 0:
        better = _search(replace(request, query=Query.parse(corrected)), engine)
        if better.total:
            better.corrected, better.original = corrected, request.query.text
            return better
    relaxed = request.query.relaxed()
    if relaxed is not None:
        partial = _search(replace(request, query=relaxed), engine)
        if partial.total > results.total:
            results, results.partial = partial, True
    results.corrected = corrected
    return results


def _ask(engine, given, request, fields):
    try:
        return engine, engine.search(request, fields)
    except EngineUnavailable as error:
        if given is not None:
            raise
        logger.warning("search: falling back to the database engine: %s", error)
        engine = database_engine()
        return engine, engine.search(request, fields)


def _search(request, engine):
    """One engine's results in the shared order (search.ranking) for the pages it covers."""
    given, engine = engine, engine or elasticsearch_engine() or database_engine()
    if request.sort == "relevance" and request.offset < ranking.WINDOW:
        window = replace(request, page=1, per_page=max(ranking.WINDOW, request.offset + request.per_page))
        engine, raw = _ask(engine, given, window, RANKING_FIELDS)
        if raw.total and request.offset >= raw.total:
            request = request.with_page(min(-(-raw.total // request.per_page), MAX_PAGE))
        ordered = ranking.rerank(request.query, raw.entries)
        raw.entries = ordered[request.offset : request.offset + request.per_page]
    else:
        engine, raw = _ask(engine, given, request, DISPLAY_FIELDS)
        if not raw.entries and raw.total and request.page > 1:
            request = request.with_page(min(-(-raw.total // request.per_page), MAX_PAGE))
            return _search(request, given or engine)

    words = request.query.highlight_words
    hits = []
    for entry in raw.entries:
        hits.append(
            {
                **{k: v for k, v in entry.items() if k in DISPLAY_FIELDS and k != "body"},
                "type_label": TYPE_LABELS.get(entry["content_type"], entry["content_type"]),
                "title_html": highlight.mark(entry["title"], words),
                "snippet_html": highlight.snippet(entry["summary"] or entry["body"], words),
            }
        )
    site_names = _site_names()
    facets = []
    for name, values in raw.facets.items():
        labels = _labels(name, [v for v, _ in values], site_names)
        ordered = sorted(values, key=lambda vc: (-int(vc[0]), 0) if name == "year" else (-vc[1], vc[0]))
        selected = request.filters.get(name)
        facets.append(
            Facet(
                name,
                [{"value": v, "label": labels[v], "count": c, "selected": v == selected} for v, c in ordered],
            )
        )
    return Results(request, raw.total, hits, facets, engine.name)
