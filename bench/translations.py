#!/usr/bin/env python
"""Translations on the demo cluster: the report's figures, and what the report, the dashboard's
status and an English page cost (p50/p95 over 100 requests, SQL queries).

    scripts/with-postgres.sh .venv/bin/python bench/translations.py    # PostgreSQL
    .venv/bin/python bench/translations.py                             # SQLite, the embedded default

It builds the demo in a throwaway test database, so it never touches your data.
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
from tqdm import tqdm

REQUESTS = 100


def measure(label, request):
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        request()
    times = []
    for _ in tqdm(range(REQUESTS), desc=label, leave=False):
        start = time.perf_counter()
        request()
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[18]
    print(f"{label:>28}: p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  SQL queries {len(queries)}")


def main():
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from wagtail.models import Page

    from columns.models import ColumnPage
    from sites.demo.builder import DemoBuilder
    from tests.conftest import ensure_wagtail_roots
    from translations.policy import translatable_q
    from translations.status import counts, translation_states

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        ensure_wagtail_roots()
        start = time.perf_counter()
        DemoBuilder(port=80).build()
        print(f"demo built in {time.perf_counter() - start:.1f} s")
        print(f"translatable pages: {Page.objects.filter(translatable_q()).count()}")
        for locale, by_state in counts(translation_states()).items():
            print(f"  {locale.language_code}: " + ", ".join(f"{label} {n}" for label, n in by_state.items()))

        # A Chinese editor changes the text of two 本市概况 columns: both languages fall out of date.
        for key in ("city-profile/climate", "city-profile/population"):
            column = ColumnPage.objects.get(column_key=key, locale__language_code="zh-hans")
            with transaction.atomic():
                column.intro += "<p>本栏目数据已按最新统计公报更新。</p>"
                column.save_revision().publish()
        print("after two Chinese columns are edited:")
        for locale, by_state in counts(translation_states()).items():
            print(f"  {locale.language_code}: " + ", ".join(f"{label} {n}" for label, n in by_state.items()))

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = Client()
        client.force_login(get_user_model().objects.get(username="admin"))
        measure("translation_states()", translation_states)
        measure("report page", lambda: client.get("/admin/reports/translations/"))
        measure("report CSV", lambda: b"".join(client.get("/admin/reports/translations/?export=csv").streaming_content))
        measure("admin dashboard", lambda: client.get("/admin/"))
        measure("/en/city-profile/geography/", lambda: client.get("/en/city-profile/geography/", HTTP_HOST="localhost"))
        print(f"({REQUESTS} requests each, {connection.vendor})")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
