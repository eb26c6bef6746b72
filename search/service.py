"""Residents' search: one entry point whichever engine answers."""

import logging
from dataclasses import dataclass, field, replace

from wagtail.models import Site

from . import highlight, vocabulary
from .engines import database_engine, elasticsearch_engine
from .engines.base import EngineUnavailable
from .entries import TYPE_LABELS
from .query import MAX_PAGE, Query

logger = logging.getLogger(__name__)
# Fewer results than this on the first page, and a correction of the query is offered.
FEW_RESULTS = 3


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

    A first page with few results offers the query with its typo put right (营商环竟 → 营商环境);
    with none at all, the corrected query's results are shown instead."""
    if request.query.is_empty:
        return Results(request)
    results = _search(request, engine)
    if results.total >= FEW_RESULTS or request.page > 1:
        return results
    corrected = vocabulary.did_you_mean(request.query.text)
    if not corrected or corrected == request.query.text:
        return results
    if results.total == 0:
        better = _search(replace(request, query=Query.parse(corrected)), engine)
        if better.total:
            better.corrected, better.original = corrected, request.query.text
            return better
    results.corrected = corrected
    return results


def _search(request, engine):
    given, engine = engine, engine or elasticsearch_engine() or database_engine()
    try:
        raw = engine.search(request)
    except EngineUnavailable as error:
        if given is not None:
            raise
        logger.warning("search: falling back to the database engine: %s", error)
        engine = database_engine()
        raw = engine.search(request)
    if not raw.entries and raw.total and request.page > 1:
        last = min(-(-raw.total // request.per_page), MAX_PAGE)
        request = request.with_page(last)
        raw = engine.search(request)

    words = request.query.highlight_words
    hits = []
    for entry in raw.entries:
        hits.append(
            {
                **{k: v for k, v in entry.items() if k != "body"},
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
