#!/usr/bin/env python
"""Relevance on the demo content: Recall@5, Recall@10 and MRR (top 5), overall and per kind, of both
labelled sets (tests/search/queries.yaml, written from the pages' titles, and resident_queries.yaml,
as residents type them) on the three engines, through search.service.search (direct answers count
as rank 1); then the queries that miss.

    scripts/with-postgres.sh scripts/with-elasticsearch.sh .venv/bin/python bench/relevance.py
    .venv/bin/python bench/relevance.py                     # SQLite only

It builds a throwaway test database (PostgreSQL when DATABASE_URL is set, SQLite otherwise), builds
the demo in it (sites.demo.builder.DemoBuilder) and indexes it in the database engine and, when
ELASTICSEARCH_URL is set, in Elasticsearch under an index of its own, removed at the end. On
PostgreSQL it runs itself once more on SQLite (in a process of its own: --json) for the third engine.
"""

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster.settings.test")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test.utils import setup_test_environment

ES_ALIAS = "bench-relevance-pages"
SETS = {"titles (queries.yaml)": "QUERIES", "residents (resident_queries.yaml)": "RESIDENT_QUERIES"}


def build_and_index():
    """The demo in the test database, indexed in every engine there is: {engine name: engine}."""
    from search.engines.database import DatabaseEngine
    from search.entries import build_entries, searchable_pages
    from search.vocabulary import rebuild_terms
    from sites.demo.builder import DemoBuilder

    DemoBuilder(port=80).build()
    entries = list(build_entries(searchable_pages().specific()))
    database = DatabaseEngine()
    database.replace(entries)
    rebuild_terms()  # as search_reindex does: pinyin and typos look words up in it
    engines = {f"database ({'PostgreSQL' if connection.vendor == 'postgresql' else 'SQLite'})": database}
    if url := settings.TEST_ELASTICSEARCH_URL:
        from search.engines.elasticsearch import ElasticsearchEngine

        es = ElasticsearchEngine(url, ES_ALIAS)
        es.drop()
        es.replace(entries)
        engines["elasticsearch"] = es
    return engines


def run_sets(engines):
    """{set name: {engine name: [Outcome]}}."""
    from tests.search import relevance

    runs = {}
    for set_name, path in SETS.items():
        cases = relevance.load_cases(getattr(relevance, path))
        runs[set_name] = {name: relevance.run_cases(cases, engine) for name, engine in engines.items()}
    return runs


def on_sqlite():
    """The same run on SQLite, in a process of its own: {set name: {engine name: [Outcome]}}."""
    from tests.search.relevance import Outcome

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3", "ELASTICSEARCH_URL": ""}
    result = subprocess.run(
        [sys.executable, __file__, "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800
    )
    if result.returncode != 0:
        print("SQLite run failed:\n" + result.stderr[-3000:], file=sys.stderr)
        return {}
    raw = json.loads(result.stdout.strip().splitlines()[-1])
    return {s: {e: [Outcome(**o) for o in outcomes] for e, outcomes in by.items()} for s, by in raw.items()}


def report(runs):
    from tests.search.relevance import figures, misses, table

    for set_name, by_engine in runs.items():
        print(f"\n== {set_name}: {len(next(iter(by_engine.values())))} queries ==")
        for engine_name, outcomes in by_engine.items():
            f = figures(outcomes)["all"]
            print(f"{engine_name:<24} Recall@5 {f['recall@5']:.3f}  Recall@10 {f['recall@10']:.3f}  MRR {f['mrr']:.3f}")
        print()
        print(table(by_engine))
        for engine_name, outcomes in by_engine.items():
            missed = misses(outcomes)
            print(f"\nmisses on {engine_name} ({len(missed)}; ranks of the expected pages, None: not in the top 10):")
            print("\n".join(f"  {line}" for line in missed))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the outcomes as JSON (the SQLite run)")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    engines = {}
    try:
        engines = build_and_index()
        runs = run_sets(engines)
    finally:
        if es := engines.get("elasticsearch"):
            es.drop()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.json:
        as_dicts = {s: {e: [dataclasses.asdict(o) for o in out] for e, out in by.items()} for s, by in runs.items()}
        print(json.dumps(as_dicts, ensure_ascii=False))
        return
    if connection.vendor != "sqlite":
        for set_name, by_engine in on_sqlite().items():
            runs[set_name].update(by_engine)
    report(runs)


if __name__ == "__main__":
    main()
