"""Recall@10 ≥ 0.9 and MRR ≥ 0.7 over the labelled queries, on each engine."""

import json
import os
import subprocess
import sys
from pathlib import Path

from search.engines.database import DatabaseEngine
from search.query import SearchRequest
from tests.search.relevance import evaluate, labelled_queries

ROOT = Path(__file__).resolve().parents[2]
MIN_RECALL, MIN_MRR = 0.9, 0.7


def _check(engine, cases):
    recall, mrr, failures = evaluate(engine, cases)
    print(f"{engine.name}: {len(cases)} queries, Recall@10 {recall:.3f}, MRR {mrr:.3f}; misses: {failures}")
    assert len(cases) >= 40
    assert recall >= MIN_RECALL, failures
    assert mrr >= MIN_MRR, failures
    return recall, mrr


def test_database_engine_on_postgresql(demo_entries, db):
    engine = DatabaseEngine()
    engine.replace(demo_entries)
    _check(engine, labelled_queries())


def test_elasticsearch_engine(demo_entries, db, es_engine):
    es_engine.replace(demo_entries)
    _check(es_engine, labelled_queries())


SQLITE_EVALUATION = """
import django, json
django.setup()
from django.core.management import call_command
from search.engines.database import DatabaseEngine
from tests.search.relevance import evaluate, labelled_queries
call_command("migrate", verbosity=0)
call_command("demo_cluster", verbosity=0)
call_command("search_reindex", verbosity=0)
recall, mrr, failures = evaluate(DatabaseEngine(), labelled_queries())
print(json.dumps({"recall": recall, "mrr": mrr, "failures": failures}))
"""


def test_database_engine_on_sqlite_the_embedded_default(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cluster.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_EVALUATION], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    print("database (SQLite):", figures)
    assert figures["recall"] >= MIN_RECALL, figures["failures"]
    assert figures["mrr"] >= MIN_MRR, figures["failures"]


def test_engines_find_the_same_pages(demo_entries, db, es_engine):
    """Same results either way: as many hits for every query, and nearly the same first page of them."""
    database = DatabaseEngine()
    database.replace(demo_entries)
    es_engine.replace(demo_entries)
    cases = labelled_queries()
    totals, overlaps = [], []
    for q, _expected in cases:
        request = SearchRequest.from_params({"q": q})
        on_db, on_es = database.search(request), es_engine.search(request)
        if on_db.total != on_es.total:
            totals.append((q, on_db.total, on_es.total))
        first_db = {e["page_id"] for e in on_db.entries}
        first_es = {e["page_id"] for e in on_es.entries}
        overlaps.append(len(first_db & first_es) / max(len(first_db), 1))
    mean_overlap = sum(overlaps) / len(overlaps)
    print(f"first pages of hits overlap {mean_overlap:.3f} on average")
    assert totals == []
    assert mean_overlap >= 0.9
