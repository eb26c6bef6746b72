"""The Elasticsearch 8 engine, through elasticsearch-dsl.

The index is a family of concrete indices (`<name>-<timestamp>`) shaped by one composable index
template; residents search through the alias `<name>`. A rebuild fills a new index and swaps the
alias in one step, and while it runs every write goes to each index of the family.
Text arrives already analysed by search.analysis, so the built-in whitespace analyser is all
Elasticsearch needs (the analysis-common module is not required).
"""

from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from elasticsearch import ApiError, Elasticsearch, TransportError
from elasticsearch.helpers import BulkIndexError, scan, streaming_bulk
from elasticsearch_dsl import A, Date, Document, Index, Integer, Keyword, Object, Q, Search, Text
from elasticsearch_dsl.query import FunctionScore

from ..entries import TOKEN_FIELDS
from .base import (
    DISPLAY_FIELDS,
    EXACT_NUMBER_BONUS,
    FIELD_WEIGHTS,
    RECENCY_HALF_LIFE_DAYS,
    EngineResults,
    EngineUnavailable,
)

FACET_FIELDS = {"site": "site_hostname", "type": "content_type", "year": "year", "unit": "unit"}
FACET_SIZES = {"site": 500, "type": 20, "year": 50, "unit": 100}
RESPONSE_FILTER = ["hits.total", "hits.hits._source", "hits.hits._score", "aggregations.*.buckets"]
ERRORS = (ApiError, TransportError, BulkIndexError)


class PageDocument(Document):
    page_id = Integer()
    locale = Keyword()
    site_hostname = Keyword()
    site_name = Keyword()
    site_level = Keyword()
    column_key = Keyword()
    column_trail = Object(enabled=False)
    unit = Keyword()
    content_type = Keyword()
    published_at = Date()
    year = Integer()
    url = Keyword(index=False)
    title = Keyword(index=False)
    summary = Text(index=False)
    body = Text(index=False)
    doc_number = Keyword()
    issuer = Keyword()
    index_number = Keyword()
    fingerprint = Keyword()
    title_tokens = Text(analyzer="whitespace")
    number_tokens = Text(analyzer="whitespace")
    summary_tokens = Text(analyzer="whitespace")
    meta_tokens = Text(analyzer="whitespace")
    body_tokens = Text(analyzer="whitespace")


@lru_cache(maxsize=4)
def client(url):
    return Elasticsearch(url, request_timeout=5, max_retries=1, retry_on_timeout=False)


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, url, alias):
        # Residents' searches give up quickly (and fall back); index work may take its time.
        self.client = client(url).options(request_timeout=120)
        self.reader = client(url)
        self.alias = alias

    def _guard(self, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except ERRORS as error:
            raise EngineUnavailable(f"Elasticsearch: {error}") from error

    # The index family

    def _template(self):
        index = Index(self.alias)
        index.document(PageDocument)
        index.settings(number_of_shards=1, number_of_replicas=settings.SEARCH_INDEX_REPLICAS)
        return index.as_composable_template(f"{self.alias}-template", pattern=f"{self.alias}-*")

    def _family(self):
        return sorted(self.client.indices.get(index=f"{self.alias}-*", expand_wildcards="open"))

    def _new_index(self):
        self._template().save(using=self.client)
        name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        self.client.indices.create(index=name)
        return name

    def ensure_index(self):
        """Create the first index and point the alias at it, unless the alias exists."""

        def ensure():
            if not self.client.indices.exists_alias(name=self.alias):
                self.client.indices.put_alias(index=self._new_index(), name=self.alias)

        self._guard(ensure)

    def drop(self):
        """Remove every index of the family and the template (tests, tear-down)."""
        family = self._guard(self._family)
        if family:
            self._guard(self.client.indices.delete, index=",".join(family))
        if self._guard(self.client.indices.exists_index_template, name=f"{self.alias}-template"):
            self._guard(self.client.indices.delete_index_template, name=f"{self.alias}-template")

    # Writing

    def _bulk(self, actions, indices):
        def expand():
            for action in actions:
                for index in indices:
                    yield {**action, "_index": index}

        for _ok, _item in streaming_bulk(self.client, expand(), chunk_size=500, raise_on_error=True):
            yield

    def _write(self, actions):
        self.ensure_index()

        def write():
            for _ in self._bulk(actions, self._family()):
                pass

        self._guard(write)

    def upsert(self, entries):
        self._write({"_op_type": "index", "_id": e["page_id"], "_source": e} for e in entries)

    def delete(self, page_ids):
        def write():
            try:
                for _ in self._bulk(({"_op_type": "delete", "_id": pk} for pk in page_ids), self._family()):
                    pass
            except BulkIndexError as error:
                if any(item.get("delete", {}).get("status") != 404 for item in error.errors):
                    raise

        self.ensure_index()
        self._guard(write)

    def replace(self, entries, site_hostname=None, progress=None):
        """Rebuild: the whole index into a new one then swap the alias; or one site in place."""
        if site_hostname:
            return self._replace_site(entries, site_hostname)

        def rebuild():
            old = self._family()
            new = self._new_index()
            actions = ({"_op_type": "index", "_id": e["page_id"], "_source": e} for e in entries)
            for _ in self._bulk(actions, [new]):
                pass
            self.client.indices.refresh(index=new)
            swap = [{"add": {"index": new, "alias": self.alias}}]
            swap += [{"remove": {"index": i, "alias": self.alias}} for i in old if self._has_alias(i)]
            self.client.indices.update_aliases(actions=swap)
            if old:
                self.client.indices.delete(index=",".join(old))

        self._guard(rebuild)

    def _has_alias(self, index):
        return self.client.indices.exists_alias(index=index, name=self.alias).body

    def _replace_site(self, entries, site_hostname):
        kept = set()

        def tracked():
            for entry in entries:
                kept.add(entry["page_id"])
                yield entry

        self.upsert(tracked())
        stale = set(self.fingerprints(site_hostname)) - kept
        if stale:
            self.delete(stale)

    def fingerprints(self, site_hostname=None):
        self.ensure_index()
        query = {"term": {"site_hostname": site_hostname}} if site_hostname else {"match_all": {}}

        def read():
            hits = scan(self.client, index=self.alias, query={"query": query, "_source": ["fingerprint"]})
            return {int(hit["_id"]): hit["_source"].get("fingerprint") for hit in hits}

        return self._guard(read)

    def refresh(self):
        self.ensure_index()
        self._guard(self.client.indices.refresh, index=self.alias)

    # Searching

    def _fields(self):
        return [f"{name}^{FIELD_WEIGHTS[name]}" for name in TOKEN_FIELDS]

    def _word(self, word):
        return Q("multi_match", query=word, fields=self._fields(), type="best_fields")

    def _group(self, group):
        """Any of the group's alternatives, each with all of its words."""
        alternatives = [
            self._word(words[0]) if len(words) == 1 else Q("bool", must=[self._word(w) for w in words])
            for words in group
        ]
        if len(alternatives) == 1:
            return alternatives[0]
        return Q("bool", should=alternatives, minimum_should_match=1)

    def search(self, request, fields=DISPLAY_FIELDS):
        query = request.query
        groups = [self._group(group) for group in query.groups]
        if query.minimum and query.minimum < len(groups):
            must = [Q("bool", should=groups, minimum_should_match=query.minimum)]
        else:
            must = groups
        must += [
            Q("multi_match", query=" ".join(phrase), fields=self._fields(), type="phrase") for phrase in query.phrases
        ]
        should = [Q("constant_score", filter=Q("term", doc_number=query.exact), boost=EXACT_NUMBER_BONUS)]
        scope = [Q("term", site_hostname=request.scope_hostname)] if request.scope_hostname else []
        matched = Q("bool", must=must, should=should, filter=scope)
        ranked = FunctionScore(
            query=matched,
            functions=[
                {
                    "exp": {"published_at": {"origin": "now", "scale": f"{RECENCY_HALF_LIFE_DAYS}d", "decay": 0.5}},
                    "weight": 0.5,
                },
                {"weight": 1},
            ],
            score_mode="sum",
            boost_mode="multiply",
        )
        search = Search().query(ranked).source(list(fields)).extra(track_total_hits=True)
        for name, value in request.filters.items():
            search = search.post_filter("term", **{FACET_FIELDS[name]: value})
        for name, field in FACET_FIELDS.items():
            search.aggs.bucket(name, A("terms", field=field, size=FACET_SIZES[name]))
        if request.sort == "date":
            search = search.sort("-published_at", "_score")
        else:
            search = search.sort("_score", "-published_at", "page_id")
        search = search[request.offset : request.offset + request.per_page]
        # The plain client and its dicts: elasticsearch-dsl's response wrappers cost more than the
        # search itself when the facets bring back hundreds of buckets.
        response = self._guard(
            self.reader.search, index=self.alias, body=search.to_dict(), filter_path=RESPONSE_FILTER
        ).body
        hits = response.get("hits", {})
        entries = [
            {
                **hit["_source"],
                "published_at": datetime.fromisoformat(hit["_source"]["published_at"]),
                "score": hit.get("_score") or 0.0,
            }
            for hit in hits.get("hits", [])
        ]
        aggregations = response.get("aggregations", {})
        facets = {
            name: [(str(b["key"]), b["doc_count"]) for b in aggregations[name]["buckets"] if str(b["key"])]
            for name in FACET_FIELDS
        }
        return EngineResults(total=hits["total"]["value"], entries=entries, facets=facets)
