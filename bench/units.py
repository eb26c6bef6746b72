#!/usr/bin/env python
"""专属网页 at the scale of seed 001 (123 units): provisioning 120 city departments under the
portal's 单位分类, then the portal home, the audit and the annual statistics with 8 and with 120
units side by side (time and SQL queries).

    scripts/with-postgres.sh .venv/bin/python bench/units.py    # PostgreSQL
    .venv/bin/python bench/units.py                             # SQLite, the embedded default

It builds a throwaway test database, so it never touches your data.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster.settings.test")

import django

django.setup()

from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from django.utils import timezone
from tqdm import tqdm

UNITS = 120
SMALL = 8
REPEAT = 20


def build_portal():
    from sites.provisioning import provision_portal, provision_site

    provision_portal(name="双鸭山市人民政府", hostname="localhost", code="2305000001")
    for n in range(4):
        provision_site(parent="localhost", level="county", name=f"测试{n}县", hostname=f"c{n}.localhost")


def provision_departments(start, stop):
    """Seconds per 专属网页, each with its six columns, four groups, workflow and one news item."""
    from columns.models import ColumnPage
    from columns.skeleton import DEPARTMENT_INDEX_KEY
    from sites.provisioning import provision_site
    from sites.units import unit_pages_q
    from tests.factories import ArticlePageFactory

    seconds = []
    for n in tqdm(range(start, stop), desc=f"专属网页 {start + 1}–{stop}", unit="unit"):
        began = time.perf_counter()
        profile = provision_site(
            parent="localhost", level="department", name=f"测试局{n:03d}", path=f"{DEPARTMENT_INDEX_KEY}/d{n:03d}"
        ).profile
        seconds.append(time.perf_counter() - began)
        news = ColumnPage.objects.filter(unit_pages_q(profile)).get(column_key="government-affairs-info")
        ArticlePageFactory(parent=news, title=f"测试局{n:03d}政务信息", first_published_at=timezone.now())
    return seconds


def timed(action):
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        action()
    times = []
    for _ in range(REPEAT):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18], len(queries)


def measure(units):
    from assurance.audit import audit_cluster
    from assurance.statistics import annual_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()
    client.get("/", HTTP_HOST="localhost")
    year = timezone.localdate().year
    return {
        "portal home": timed(lambda: client.get("/", HTTP_HOST="localhost")),
        "audit": timed(audit_cluster),
        "statistics": timed(lambda: annual_statistics(year)),
    }


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        build_portal()
        seconds = provision_departments(0, SMALL)
        small = measure(SMALL)
        seconds += provision_departments(SMALL, UNITS)
        large = measure(UNITS)
        p95 = statistics.quantiles(seconds, n=20)[18]
        print(
            f"provisioning {UNITS} 专属网页: {sum(seconds):.1f} s in all, "
            f"p50 {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms each ({connection.vendor})"
        )
        print(f"{'':>12}  {SMALL:>3} units: p50 / p95 / SQL      {UNITS:>3} units: p50 / p95 / SQL")
        for name in small:
            (a50, a95, aq), (b50, b95, bq) = small[name], large[name]
            print(f"{name:>12}  {a50:7.1f} / {a95:7.1f} ms / {aq:3d}   {b50:7.1f} / {b95:7.1f} ms / {bq:3d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
