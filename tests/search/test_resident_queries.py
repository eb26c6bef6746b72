"""Queries as residents type them (resident_queries.yaml, issue 18): Recall@5 and MRR over the top 5
through search.service.search, above the floors below on each engine; and the top 5 the same on
PostgreSQL and Elasticsearch, and on SQLite but for its own demo's extra copies."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from search import service
from search.engines.base import EngineUnavailable
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.query import SearchRequest
from search.vocabulary import rebuild_terms
from tests.search.relevance import (
    KINDS,
    RESIDENT_QUERIES,
    Outcome,
    figures,
    load_cases,
    misses,
    run_cases,
    table,
)

ROOT = Path(__file__).resolve().parents[2]
# What today's code scores on every engine (Recall@5 0.896, MRR 0.850), less about 0.03: the demo's
# dates move with the day it is built, and ranks with them. The three engines order the candidates
# by one ranking (search.ranking), so their top 5 are the same.
MIN_RECALL_AT_5 = 0.87
MIN_MRR = 0.82
# PostgreSQL and Elasticsearch search one database's demo and agree on every query. The SQLite run
# builds its demo in a fresh database of its own (demo_cluster), not over the test session's base
# cluster, and in a full CI run 13 queries differed there, each only in which copies of a guide
# shown in several columns (one text, one date) fill the top 5; none when this module runs alone.
MAX_SQLITE_DIFFERENCES = 16
MIN_QUERIES = 90
ISSUE_EXAMPLES = (
    "公用事业",
    "市长信箱",
    "营商环竟",
    "gongjijin",
    "怎么办理结婚登记",
    "办身份证",
    "失业金",
    "公租房",
    "开公司",
    "残疾证",
    "二手房过户",
)

SQLITE_RUN = """
import dataclasses, django, json
django.setup()
from django.core.management import call_command
from search.engines.database import DatabaseEngine
from tests.search.relevance import load_cases, run_cases
call_command("migrate", verbosity=0)
call_command("demo_cluster", verbosity=0)
outcomes = run_cases(load_cases(), DatabaseEngine())
print(json.dumps([dataclasses.asdict(o) for o in outcomes], ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def sqlite_outcomes(tmp_path_factory):
    """The set run on the database engine on SQLite (the embedded default), in a process of its own."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cluster.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'db.sqlite3'}",
        "ELASTICSEARCH_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_RUN], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [Outcome(**o) for o in json.loads(result.stdout.strip().splitlines()[-1])]


def _check(name, outcomes):
    figure = figures(outcomes)["all"]
    report = f"{table({name: outcomes})}\nmisses:\n" + "\n".join(misses(outcomes))
    print(report)
    assert len(outcomes) >= MIN_QUERIES
    assert figure["recall@5"] >= MIN_RECALL_AT_5, report
    assert figure["mrr"] >= MIN_MRR, report


def test_the_set_is_as_residents_type_and_every_page_exists(demo_entries, db):
    cases = load_cases()  # fails loudly on a page missing from the demo
    assert len(cases) >= MIN_QUERIES
    assert len({c.q for c in cases}) == len(cases)
    assert {c.kind for c in cases} == set(KINDS)
    assert all(1 <= len(c.expected) <= 3 and c.why for c in cases)
    assert set(ISSUE_EXAMPLES) <= {c.q for c in cases}
    named = ("column", "leader")  # a column or a person is typed as named
    labelled = yaml.safe_load(RESIDENT_QUERIES.read_text(encoding="utf-8"))
    copied = [c["q"] for c in labelled if c["kind"] not in named and c["q"] in {e["title"] for e in c["expect"]}]
    assert copied == [], "queries copied from the titles they expect"


def test_a_page_missing_from_the_demo_fails_loudly(demo_entries, db, tmp_path):
    labelled = tmp_path / "queries.yaml"
    labelled.write_text(
        "- q: 办身份证\n  kind: everyday\n  expect:\n    - {site: portal, title: 居民身份证补领}\n", encoding="utf-8"
    )
    with pytest.raises(LookupError, match="居民身份证补领"):
        load_cases(labelled)
    labelled.write_text(
        "- q: 政策解读\n  expect:\n    - {site: portal, title: 政策解读, under: 办事服务}\n", encoding="utf-8"
    )
    with pytest.raises(LookupError, match="under"):
        load_cases(labelled)


def indexed(demo_entries):
    """The demo in the database engine with its word list, as search_reindex leaves an installation."""
    database = DatabaseEngine()
    database.replace(demo_entries)
    rebuild_terms()
    return database


def test_database_engine_on_postgresql(demo_entries, db):
    engine = indexed(demo_entries)
    _check("database", run_cases(load_cases(), engine))


def test_elasticsearch_engine(demo_entries, db, es_engine):
    indexed(demo_entries)
    es_engine.replace(demo_entries)
    _check("elasticsearch", run_cases(load_cases(), es_engine))


def test_database_engine_on_sqlite_the_embedded_default(sqlite_outcomes):
    _check("database (SQLite)", sqlite_outcomes)


def test_the_three_engines_give_the_same_top_5(demo_entries, db, es_engine, sqlite_outcomes):
    database = indexed(demo_entries)
    es_engine.replace(demo_entries)
    cases = load_cases()
    runs = {
        "database": run_cases(cases, database),
        "elasticsearch": run_cases(cases, es_engine),
        "database (SQLite)": sqlite_outcomes,
    }
    differ, sqlite_differs = [], []
    for on_db, on_es, on_sqlite in zip(*runs.values(), strict=True):
        if not on_db.top[:5] == on_es.top[:5] == on_sqlite.top[:5]:
            line = f"{on_db.q}:\n  {on_db.top[:5]}\n  {on_es.top[:5]}\n  {on_sqlite.top[:5]}"
            (differ if on_db.top[:5] != on_es.top[:5] else sqlite_differs).append(line)
    report = f"{table(runs)}\n{len(differ) + len(sqlite_differs)} queries whose top 5 differ:\n" + "\n".join(
        differ + sqlite_differs
    )
    print(report)
    assert differ == [], report
    assert len(sqlite_differs) <= MAX_SQLITE_DIFFERENCES, report


def test_the_engine_given_answers_with_no_fallback(db, settings):
    request = SearchRequest.from_params({"q": "供暖"})
    nowhere = ElasticsearchEngine("http://127.0.0.1:9", "nowhere")  # nothing listens there
    with pytest.raises(EngineUnavailable):
        service.search(request, engine=nowhere)
    assert service.search(request, engine=DatabaseEngine()).engine == "database"
    settings.SEARCH_ELASTICSEARCH_URL = "http://127.0.0.1:9"
    assert service.search(request).engine == "database"  # the service's own choice falls back
