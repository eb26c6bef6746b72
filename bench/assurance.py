#!/usr/bin/env python
"""Content assurance: the cluster audit over 110 sites with their full column skeletons (time and
SQL queries), then the link checker over 10,000 links against a local server (links/s).

    scripts/with-postgres.sh .venv/bin/python bench/assurance.py    # PostgreSQL
    .venv/bin/python bench/assurance.py                             # SQLite, the embedded default

It builds a throwaway test database, so it never touches your data.
"""

import importlib.util
import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster.settings.test")

import django

django.setup()

from django.db import connection
from django.test.utils import setup_test_environment
from django.utils import timezone
from tqdm import tqdm

COUNTIES = ["集贤县", "友谊县", "宝清县", "饶河县", "尖山区", "岭东区", "四方台区", "宝山区"]
TOWNSHIPS_PER_COUNTY = 12
DEPARTMENTS = ["市发改委", "市教育局", "市财政局", "市卫健委", "市统计局"]
ITEMS_PER_COLUMN = 2
RUNS = 10


def build_cluster():
    """The portal, 8 counties and districts with 12 townships each, and 5 departments: 110 sites."""
    from sites.provisioning import provision_portal, provision_site

    provision_portal(name="双鸭山市人民政府", hostname="localhost", code="2305000001")
    sites = [
        ("localhost", "county" if name.endswith("县") else "district", f"{name}人民政府", f"c{n}.localhost")
        for n, name in enumerate(COUNTIES)
    ]
    sites += [
        (f"c{c}.localhost", "township", f"{county}第{t + 1}镇人民政府", f"t{t}.c{c}.localhost")
        for c, county in enumerate(COUNTIES)
        for t in range(TOWNSHIPS_PER_COUNTY)
    ]
    sites += [("localhost", "department", name, f"d{n}.localhost") for n, name in enumerate(DEPARTMENTS)]
    for parent, level, name, hostname in tqdm(sites, desc="sites", unit="site"):
        provision_site(parent=parent, level=level, name=name, hostname=hostname)


def fill_columns():
    """Items in most columns, published at random over the past two years; some columns stay empty."""
    from columns.models import ColumnPage
    from tests.factories import ArticlePageFactory

    rng = random.Random(2026)
    now = timezone.now()
    columns = [c for c in ColumnPage.objects.all() if not c.get_children().type(ColumnPage).exists()]
    for column in tqdm(columns, desc="items", unit="column"):
        if rng.random() < 0.15:
            continue
        for _ in range(ITEMS_PER_COLUMN):
            ArticlePageFactory(parent=column, first_published_at=now - timedelta(days=rng.randint(0, 700)))


def measure_audit():
    from assurance.audit import audit_cluster, record_audit

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    audit_cluster()  # warm the content type cache
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        audits = audit_cluster()
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        audit_cluster()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    audit_cluster()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    start = time.perf_counter()
    record_audit()
    recorded = time.perf_counter() - start
    columns = sum(len(a.rows) for a in audits)
    print(
        f"audit: {len(audits)} sites, {columns} columns: p50 {statistics.median(times):.2f} s, "
        f"max {max(times):.2f} s over {RUNS} runs, SQL queries {len(queries)}, peak Python memory {peak:.0f} MiB; "
        f"recorded (findings + snapshots) in {recorded:.2f} s ({connection.vendor})"
    )


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        build_cluster()
        fill_columns()
        measure_audit()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    spec = importlib.util.spec_from_file_location("bench_linkcheck", ROOT / "bench" / "linkcheck.py")
    links = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(links)
    links.print_figures(links.bench_links(10_000))


if __name__ == "__main__":
    main()
