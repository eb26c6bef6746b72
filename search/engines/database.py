"""The database engine: PostgreSQL full-text search, or SQLite FTS5 in the embedded default.

Both match the tokens of search.analysis, weigh fields by FIELD_WEIGHTS and scale by recency the
way the Elasticsearch engine does, so residents get the same hits whichever engine answers.
"""

import json
from datetime import datetime

from django.db import connection, transaction
from django.utils.dateparse import parse_datetime

from ..entries import TOKEN_FIELDS
from ..models import SearchEntry
from .base import DISPLAY_FIELDS, EXACT_NUMBER_BONUS, FIELD_WEIGHTS, RECENCY_HALF_LIFE_DAYS, EngineResults

TABLE = SearchEntry._meta.db_table
FTS_TABLE = "search_entry_fts"
FACET_COLUMNS = {"site": "site_hostname", "type": "content_type", "year": "year", "unit": "unit"}
# tsvector weights: A title and document number, B summary, C metadata, D body.
PG_FIELD_CLASS = {
    "title_tokens": "A",
    "number_tokens": "A",
    "summary_tokens": "B",
    "meta_tokens": "C",
    "body_tokens": "D",
}
_PG_ORDER = ("body_tokens", "meta_tokens", "summary_tokens", "title_tokens")  # D, C, B, A
PG_WEIGHTS = "{" + ",".join(str(FIELD_WEIGHTS[f] / FIELD_WEIGHTS["title_tokens"]) for f in _PG_ORDER) + "}"
PG_MAX_POSITION = 16383


def _pg_lexeme(token):
    escaped = token.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def tsvector_literal(entry):
    """A tsvector for PostgreSQL: every token with its position and its field's weight class."""
    positions = {}
    position = 0
    for name in TOKEN_FIELDS:
        weight = PG_FIELD_CLASS[name]
        for token in entry[name].split():
            position = min(position + 1, PG_MAX_POSITION)
            positions.setdefault(token, []).append(f"{position}{weight}")
        position = min(position + 10, PG_MAX_POSITION)  # no phrase across fields
    return " ".join(f"{_pg_lexeme(t)}:{','.join(p[:256])}" for t, p in positions.items())


class DatabaseEngine:
    name = "database"

    # Writing

    def _rows(self, entries):
        pg = connection.vendor == "postgresql"
        for entry in entries:
            values = {k: v for k, v in entry.items() if k in _FIELD_NAMES}
            values["published_at"] = datetime.fromisoformat(entry["published_at"])
            if pg:
                values["vector"] = tsvector_literal(entry)
            yield SearchEntry(**values)

    def upsert(self, entries):
        entries = list(entries)
        with transaction.atomic():
            SearchEntry.objects.filter(page_id__in=[e["page_id"] for e in entries]).delete()
            SearchEntry.objects.bulk_create(self._rows(entries), batch_size=500)

    def delete(self, page_ids):
        SearchEntry.objects.filter(page_id__in=list(page_ids)).delete()

    def replace(self, entries, site_hostname=None, batch_size=500):
        """Rebuild the whole index, or one site's part, in one transaction: readers see the old
        entries until the new ones are all written."""
        with transaction.atomic():
            old = SearchEntry.objects.all()
            if site_hostname:
                old = old.filter(site_hostname=site_hostname)
            old.delete()
            batch = []
            for entry in entries:
                batch.append(entry)
                if len(batch) == batch_size:
                    SearchEntry.objects.bulk_create(self._rows(batch))
                    batch = []
            SearchEntry.objects.bulk_create(self._rows(batch))

    def fingerprints(self, site_hostname=None):
        entries = SearchEntry.objects.all()
        if site_hostname:
            entries = entries.filter(site_hostname=site_hostname)
        return dict(entries.values_list("page_id", "fingerprint"))

    def refresh(self):
        pass

    # Searching

    def _source(self, query):
        """FROM clause, its parameters and the text-relevance expression, for this database."""
        if connection.vendor == "postgresql":
            parts = [_pg_lexeme(t) for t in query.terms]
            parts += ["(" + " <-> ".join(_pg_lexeme(w) for w in phrase) + ")" for phrase in query.phrases]
            return (
                f"{TABLE} e CROSS JOIN (SELECT %s::tsquery AS q) tq",
                [" & ".join(parts)],
                f"ts_rank('{PG_WEIGHTS}'::float4[], e.vector, tq.q)",
                "e.vector @@ tq.q",
                "extract(epoch FROM now() - e.published_at) / 86400.0",
            )
        match = " AND ".join(f'"{t}"' for t in [*query.terms, *(" ".join(p) for p in query.phrases)])
        weights = ", ".join(str(FIELD_WEIGHTS[f]) for f in TOKEN_FIELDS)
        return (
            f"{TABLE} e JOIN (SELECT rowid, -bm25({FTS_TABLE}, {weights}) AS rank FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH %s) m ON m.rowid = e.page_id",
            [match],
            "m.rank",
            "1 = 1",
            "julianday('now') - julianday(e.published_at)",
        )

    def search(self, request):
        query = request.query
        source, params, relevance, match, age_days = self._source(query)
        where, where_params = [match], []
        if request.scope_hostname:
            where.append("e.site_hostname = %s")
            where_params.append(request.scope_hostname)
        facet_where, facet_params = list(where), list(where_params)
        for name, value in request.filters.items():
            where.append(f"e.{FACET_COLUMNS[name]} = %s")
            where_params.append(int(value) if name == "year" else value)

        score = (
            f"({relevance}) * (1 + 0.5 * power(0.5, ({age_days}) / {RECENCY_HALF_LIFE_DAYS}.0))"
            f" + CASE WHEN e.doc_number = %s THEN {EXACT_NUMBER_BONUS} ELSE 0 END"
        )
        order = "score DESC, e.published_at DESC" if request.sort == "relevance" else "e.published_at DESC, score DESC"
        columns = ", ".join(f"e.{f}" for f in DISPLAY_FIELDS)
        hits = list(
            SearchEntry.objects.raw(
                f"SELECT {columns}, {score} AS score, count(*) OVER () AS total FROM {source}"
                f" WHERE {' AND '.join(where)} ORDER BY {order}, e.page_id LIMIT %s OFFSET %s",
                [query.exact, *params, *where_params, request.per_page, request.offset],
            )
        )
        if hits:
            total = hits[0].total
        else:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {source} WHERE {' AND '.join(where)}", [*params, *where_params])
                total = cursor.fetchone()[0]
        return EngineResults(
            total=total,
            entries=[_display(hit) for hit in hits],
            facets=self._facets(source, params, facet_where, facet_params),
        )

    def _facets(self, source, params, where, where_params):
        columns = ", ".join(f"e.{c}" for c in FACET_COLUMNS.values())
        union = " UNION ALL ".join(
            f"SELECT '{name}', CAST({column} AS VARCHAR(255)), count(*) FROM m GROUP BY {column}"
            for name, column in FACET_COLUMNS.items()
        )
        sql = f"WITH m AS (SELECT {columns} FROM {source} WHERE {' AND '.join(where)}) {union}"
        facets = {name: [] for name in FACET_COLUMNS}
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *where_params])
            for name, value, count in cursor.fetchall():
                if value:
                    facets[name].append((value, count))
        return facets


_FIELD_NAMES = {f.name for f in SearchEntry._meta.concrete_fields} | {"page_id"}


def _display(hit):
    trail = hit.column_trail
    published_at = hit.published_at
    if isinstance(trail, str):
        trail = json.loads(trail)
    if isinstance(published_at, str):
        published_at = parse_datetime(published_at)
    return {
        "page_id": hit.page_id,
        "title": hit.title,
        "url": hit.url,
        "site_hostname": hit.site_hostname,
        "site_name": hit.site_name,
        "column_trail": trail,
        "content_type": hit.content_type,
        "unit": hit.unit,
        "published_at": published_at,
        "summary": hit.summary,
        "body": hit.body,
        "doc_number": hit.doc_number,
        "locale": hit.locale,
        "score": float(hit.score),
    }
