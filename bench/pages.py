#!/usr/bin/env python
"""Resident pages: SQL queries and render time (p50/p95) of a county's news item, its news column,
the county home and the portal home, with a warm cache (each page is requested once first).

    scripts/with-postgres.sh .venv/bin/python bench/pages.py    # PostgreSQL
    .venv/bin/python bench/pages.py                             # SQLite, the embedded default

It builds a throwaway test database, so it never touches your data.
"""

import os
import pickle
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
SUBSITES = 8
NEWS_PER_SITE = 10


def build_cluster():
    """The portal with its blocks filled, and SUBSITES counties and districts with their news.
    Returns the pages to measure as (label, hostname, path)."""
    from columns.models import ColumnPage
    from sites.provisioning import provision_portal, provision_site
    from tests.factories import ArticlePageFactory, ImageFactory, NoticePageFactory

    portal = provision_portal(name="双鸭山市人民政府", hostname="localhost", code="2305000001").site
    columns = {c.column_key: c for c in ColumnPage.objects.descendant_of(portal.root_page)}
    for n in range(10):
        ArticlePageFactory(
            parent=columns["homepage/current-affairs/secretary-mayor-activities"], title=f"市政府常务会议{n}"
        )
        NoticePageFactory(parent=columns["homepage/notices"], title=f"通知公告{n}")
        ArticlePageFactory(parent=columns["homepage/photo-news"], title=f"图片{n}", kind="photo", image=ImageFactory())
    item = None
    for n in tqdm(range(SUBSITES), desc="subsites", unit="site"):
        level = "county" if n % 2 else "district"
        site = provision_site(parent="localhost", level=level, name=f"测试{n}区县", hostname=f"s{n}.localhost").site
        news = site.root_page.get_descendants().get(columnpage__column_key="news/local-news")
        now = timezone.now()
        for k in range(NEWS_PER_SITE):
            page = ArticlePageFactory(
                parent=news,
                title=f"测试{n}区县新闻{k}",
                first_published_at=now,
                image=ImageFactory() if k == 0 else None,
            )
            if n == 1 and k == 0:
                item = page
    county = "s1.localhost"
    item_path = item.url_path.removeprefix(item.get_site().root_page.url_path.rstrip("/"))
    column_path = item_path.rsplit("/", 2)[0] + "/"
    return [
        ("item page", county, item_path),
        ("column", county, column_path),
        ("county home", county, "/"),
        ("portal home", "localhost", "/"),
    ]


def measure(label, hostname, path):
    client = Client()
    assert client.get(path, HTTP_HOST=hostname).status_code == 200  # warms the caches, makes renditions
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        assert client.get(path, HTTP_HOST=hostname).status_code == 200
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get(path, HTTP_HOST=hostname)
        times.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(times, n=20)[18]
    print(
        f"{label:>12}: p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
        f"SQL queries {len(queries):3}  ({REQUESTS} requests, {connection.vendor})"
    )


def cached_sizes():
    """What a request reads from the cache for its site (sites.caching), pickled as Redis keeps it."""
    from wagtail.models import Site

    from sites.caching import chrome_of, hosts

    sizes = [f"{site.hostname} {len(pickle.dumps(chrome_of(site.pk))) / 1024:.1f} KiB" for site in Site.objects.all()]
    print(f"cached per site: {', '.join(sizes[:3])} …; the hosts table {len(pickle.dumps(hosts())) / 1024:.1f} KiB")


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        pages = build_cluster()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh tables have no statistics; autovacuum keeps them in production
        for page in pages:
            measure(*page)
        cached_sizes()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
