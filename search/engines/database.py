"""The database engine: PostgreSQL full-text search, or SQLite FTS5 in the embedded default.

Both match the tokens of search.analysis, weigh fields by FIELD_WEIGHTS and scale by recency the
way the Elasticsearch engine does, so residents get the same hits whichever engine answers.
"""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

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
PG_QUERY = "CROSS JOIN (SELECT %s::tsquery AS q) tq"  # the query as `tq.q`, for ts_rank and @@
HEAD_FIELDS = tuple(f for f in TOKEN_FIELDS if f != "body_tokens")
RANK_WINDOW = 1000
# Rows ('site' | 'type' | 'year' | 'unit', value, count) of the facet counts over all matches.
# PostgreSQL counts the four in one pass; GROUPING() tells which column a row counts.
PG_FACETS = (
    "SELECT CASE GROUPING(site_hostname, content_type, year, unit) WHEN 7 THEN 'site' WHEN 11 THEN 'type'"
    " WHEN 13 THEN 'year' ELSE 'unit' END, COALESCE(site_hostname, content_type, CAST(year AS VARCHAR(255)), unit),"
    " CAST(count(*) AS DOUBLE PRECISION) FROM matched"
    " GROUP BY GROUPING SETS ((site_hostname), (content_type), (year), (unit))"
)
SQLITE_FACETS = " UNION ALL ".join(
    f"SELECT '{name}', CAST({column} AS VARCHAR(255)), CAST(count(*) AS DOUBLE PRECISION)"
    f" FROM matched GROUP BY {column}"
    for name, column in FACET_COLUMNS.items()
)


def _pg_lexeme(token):
    escaped = token.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}'"


def tsvector_literal(entry, fields=TOKEN_FIELDS):
    """A tsvector for PostgreSQL: every token of `fields` with its position and its field's weight
    class. Positions count through all of TOKEN_FIELDS, so a head vector agrees with the whole."""
    positions = {}
    position = 0
    for name in TOKEN_FIELDS:
        weight = PG_FIELD_CLASS[name]
        for token in entry[name].split():
            position = min(position + 1, PG_MAX_POSITION)
            if name in fields:
                positions.setdefault(token, []).append(f"{position}{weight}")
        position = min(position + 10, PG_MAX_POSITION)  # no phrase across fields
    return " ".join(f"{_pg_lexeme(t)}:{','.join(p[:256])}" for t, p in positions.items())


def _fts_string(text):
    return '"' + text.replace('"', '""') + '"'


def _either(group, quote, all_of, any_of):
    """A group of alternatives (each a tuple of words, all required) in a match expression."""
    alternatives = [quote(words[0]) if len(words) == 1 else f"({all_of.join(map(quote, words))})" for words in group]
    return alternatives[0] if len(alternatives) == 1 else "(" + any_of.join(alternatives) + ")"


def _groups(query, quote, all_of, any_of):
    """The query's groups in a match expression: all of them, or for a relaxed query any of the
    combinations of `minimum` of them. None when there are none."""
    combinations = [
        all_of.join(_either(group, quote, all_of, any_of) for group in groups) for groups in query.required if groups
    ]
    if not combinations:
        return None
    return combinations[0] if len(combinations) == 1 else any_of.join(f"({c})" for c in combinations)


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
                values["head_vector"] = tsvector_literal(entry, HEAD_FIELDS)
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

    def _dialect(self, query):
        """The FROM clause and its parameters, the match condition, a rough and a full relevance
        expression, and the age in days, for this database."""
        if connection.vendor == "postgresql":
            groups = _groups(query, _pg_lexeme, " & ", " | ")
            parts = [f"({groups})"] if groups else []
            parts += ["(" + " <-> ".join(_pg_lexeme(w) for w in phrase) + ")" for phrase in query.phrases]
            return _Dialect(
                source=f"{TABLE} e {PG_QUERY}",
                params=[" & ".join(parts)],
                match="e.vector @@ tq.q",
                rough=f"ts_rank('{PG_WEIGHTS}'::float4[], e.head_vector, tq.q)",
                full=f"ts_rank('{PG_WEIGHTS}'::float4[], e.vector, tq.q)",
                # float8 throughout: extract() gives numeric, and numeric power() is slow.
                age_days="CAST(extract(epoch FROM now() - e.published_at) AS DOUBLE PRECISION) / 86400",
                facets=PG_FACETS,
            )
        groups = _groups(query, _fts_string, " AND ", " OR ")
        parts = [f"({groups})"] if groups else []
        match = " AND ".join([*parts, *(_fts_string(" ".join(p)) for p in query.phrases)])
        weights = ", ".join(str(FIELD_WEIGHTS[f]) for f in TOKEN_FIELDS)
        return _Dialect(
            source=f"{TABLE} e JOIN (SELECT rowid, -bm25({FTS_TABLE}, {weights}) AS rank FROM {FTS_TABLE}"
            f" WHERE {FTS_TABLE} MATCH %s) m ON m.rowid = e.page_id",
            params=[match],
            match="1 = 1",
            rough="m.rank",
            full=None,
            age_days="julianday('now') - julianday(e.published_at)",
            facets=SQLITE_FACETS,
        )

    def search(self, request, fields=DISPLAY_FIELDS):
        """Two queries: one ranks, counts and facets the matches; one reads `fields` of the page of hits.

        Ranking reads each match's `vector`, which PostgreSQL keeps out of line (TOAST): on a common
        word that is most of the index. So every match is first scored on `head_vector` (title,
        文号, summary and metadata, kept in the row), and only the best RANK_WINDOW are scored on
        the whole text. Up to RANK_WINDOW matches the order is exact; past it, an item whose only
        match is in its body competes on date alone for a place among them.
        """
        dialect = self._dialect(request.query)
        scope, scope_params = [dialect.match], []
        if request.scope_hostname:
            scope.append("e.site_hostname = %s")
            scope_params.append(request.scope_hostname)
        filters, filter_params = ["1 = 1"], []
        for name, value in request.filters.items():
            filters.append(f"{FACET_COLUMNS[name]} = %s")
            filter_params.append(int(value) if name == "year" else value)

        def score(relevance):
            return (
                f"({relevance}) * (1 + 0.5 * power(0.5, ({dialect.age_days}) / {RECENCY_HALF_LIFE_DAYS}))"
                f" + CASE WHEN e.doc_number = %s THEN {EXACT_NUMBER_BONUS} ELSE 0 END"
            )

        def order(score_column):
            by_date = request.sort == "date"
            return f"{'published_at DESC, ' if by_date else ''}{score_column} DESC, published_at DESC, page_id"

        facet_columns = ", ".join(f"e.{c}" for c in FACET_COLUMNS.values())
        final = "c.rough" if dialect.full is None else score(dialect.full)
        final_params = [] if dialect.full is None else [request.query.exact, *dialect.params]
        final_query = "" if dialect.full is None else f" {PG_QUERY}"
        filtered = " AND ".join(filters)
        sql = (
            f"WITH matched AS MATERIALIZED (SELECT e.page_id, e.published_at, {facet_columns}, {score(dialect.rough)}"
            f" AS rough FROM {dialect.source} WHERE {' AND '.join(scope)}),"
            f" candidates AS (SELECT page_id, published_at, rough FROM matched WHERE {filtered}"
            f" ORDER BY {order('rough')} LIMIT %s),"
            f" ranked AS (SELECT c.page_id, c.published_at, {final} AS score FROM candidates c"
            f" JOIN {TABLE} e ON e.page_id = c.page_id{final_query})"
            f" SELECT 'hit', CAST(page_id AS VARCHAR(255)), score FROM"
            f" (SELECT page_id, score FROM ranked ORDER BY {order('score')} LIMIT %s OFFSET %s) page"
            f" UNION ALL SELECT 'total', '', CAST(count(*) AS DOUBLE PRECISION) FROM matched WHERE {filtered}"
            f" UNION ALL {dialect.facets}"
        )
        params = [
            request.query.exact,
            *dialect.params,
            *scope_params,
            *filter_params,
            max(RANK_WINDOW, request.offset + request.per_page),
            *final_params,
            request.per_page,
            request.offset,
            *filter_params,
        ]
        hits, total, facet_counts = [], 0, {name: [] for name in FACET_COLUMNS}
        pg = connection.vendor == "postgresql"
        with transaction.atomic() if pg else nullcontext(), connection.cursor() as cursor:
            if pg:
                # On a common word the planner prefers reading the whole table to the GIN index,
                # and a sequential scan unpacks every row's out-of-line vector to test it.
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for kind, value, number in rows:
            if kind == "hit":
                hits.append((int(value), number))
            elif kind == "total":
                total = int(number)
            elif value:
                facet_counts[kind].append((value, int(number)))
        return EngineResults(total=total, entries=_display(hits, fields), facets=facet_counts)


@dataclass
class _Dialect:
    source: str
    params: list
    match: str
    rough: str
    full: str | None  # None: the rough relevance is already the full one
    age_days: str
    facets: str


_FIELD_NAMES = {f.name for f in SearchEntry._meta.concrete_fields} | {"page_id"}


def _display(hits, fields):
    """The fields of the ranked (page id, score) pairs, in their order."""
    columns = dict.fromkeys(("page_id", *fields))
    rows = SearchEntry.objects.filter(page_id__in=[page_id for page_id, _ in hits]).values(*columns)
    by_id = {row["page_id"]: row for row in rows}
    return [{**by_id[page_id], "score": score} for page_id, score in hits if page_id in by_id]
