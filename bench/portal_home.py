#!/usr/bin/env python
"""Portal home: render time (p50/p95 over 200 requests) and SQL queries, with 8 and with 30 subsites.

    scripts/with-postgres.sh .venv/bin/python bench/portal_home.py    # PostgreSQL
    .venv/bin/python bench/portal_home.py                             # SQLite, the embedded default

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

REQUESTS = 200
NEWS_PER_SITE = 10


def build_portal():
    from columns.models import ColumnPage
    from sites.provisioning import provision_portal
    from tests.factories import ArticlePageFactory, ImageFactory, NoticePageFactory

    portal = provision_portal(name="双鸭山市人民政府", hostname="localhost", code="2305000001").site
    columns = {c.column_key: c for c in ColumnPage.objects.descendant_of(portal.root_page)}
    for n in range(10):
        ArticlePageFactory(
            parent=columns["homepage/current-affairs/secretary-mayor-activities"], title=f"市政府常务会议{n}"
        )
        NoticePageFactory(parent=columns["homepage/notices"], title=f"通知公告{n}")
        ArticlePageFactory(parent=columns["homepage/department-news"], title=f"部门动态{n}")
        ArticlePageFactory(parent=columns["homepage/photo-news"], title=f"图片{n}", kind="photo", image=ImageFactory())


def add_subsites(start, stop):
    from sites.provisioning import provision_site
    from tests.factories import ArticlePageFactory

    for n in tqdm(range(start, stop), desc=f"subsites {start + 1}–{stop}", unit="site"):
        level = "county" if n % 2 else "district"
        site = provision_site(parent="localhost", level=level, name=f"测试{n}区县", hostname=f"s{n}.localhost").site
        news = site.root_page.get_descendants().get(columnpage__column_key="news/local-news")
        now = timezone.now()
        for k in range(NEWS_PER_SITE):
            ArticlePageFactory(parent=news, title=f"测试{n}区县新闻{k}", first_published_at=now)


def measure(label):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh tables have no statistics; autovacuum keeps them in production
    client = Client()
    client.get("/", HTTP_HOST="localhost")  # first render makes the renditions
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        assert client.get("/", HTTP_HOST="localhost").status_code == 200
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get("/", HTTP_HOST="localhost")
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[18]
    print(
        f"{label:>12}: p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
        f"SQL queries {len(queries)}  ({REQUESTS} requests, {connection.vendor})"
    )


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        build_portal()
        add_subsites(0, 8)
        measure("8 subsites")
        add_subsites(8, 30)
        measure("30 subsites")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
