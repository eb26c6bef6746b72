#!/usr/bin/env python
"""The year's 政府信息公开工作年度报告 at scale: 120 units (the portal, 8 counties and districts with
12 townships each, 15 city departments) and 50,000 applications over 2024–2026, then
tables 二 and 三 for every unit at once, and each unit's report checked and published (and
republished, as a correction): p50 / p95 per unit, the total, and SQL queries.

    scripts/with-postgres.sh .venv/bin/python bench/annualreports.py    # PostgreSQL
    .venv/bin/python bench/annualreports.py                             # SQLite, the embedded default

Applications go in with bulk_create, each closed one with an outcome and a closing date after its
receipt, a tenth of them forwarded to a unit nested in the one applied to. It builds a throwaway
test database, so it never touches your data.
"""

import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
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
DEPARTMENTS = 15
APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", 50_000))
YEAR = 2025
BATCH = 5_000


def build_cluster():
    from sites.provisioning import provision_portal, provision_site

    provision_portal(name="双鸭山市人民政府", hostname="localhost", code="2305000001")
    sites = [
        ("localhost", "county" if name.endswith("县") else "district", f"{name}人民政府", f"c{n}.localhost", None)
        for n, name in enumerate(COUNTIES)
    ]
    sites += [
        (f"c{c}.localhost", "township", f"{county}第{t + 1}镇人民政府", f"t{t}.c{c}.localhost", None)
        for c, county in enumerate(COUNTIES)
        for t in range(TOWNSHIPS_PER_COUNTY)
    ]
    # City departments on their own hostnames keep a 信息公开年报 column (the 专属网页 under 单位分类
    # have the portal's department columns of seed 001, without one).
    sites += [("localhost", "department", f"市第{n + 1}局", f"d{n}.localhost", None) for n in range(DEPARTMENTS)]
    for parent, level, name, hostname, path in tqdm(sites, desc="units", unit="unit"):
        if hostname:
            provision_site(parent=parent, level=level, name=name, hostname=hostname)
        else:
            provision_site(parent=parent, level=level, name=name, path=path)


def add_documents(profiles):
    """Three 规范性文件 for each government with such a column: one issued in the year, one repealed in
    it, one issued before and still in force."""
    from columns.models import ColumnPage
    from content.models import GovDocumentPage
    from sites.units import unit_pages_q

    for profile in profiles:
        column = ColumnPage.objects.filter(unit_pages_q(profile), column_key__endswith="normative-documents").first()
        if column is None:
            continue
        for n, (published, validity, changed) in enumerate(
            [
                (date(YEAR, 3, 1), "valid", None),
                (date(2023, 5, 1), "repealed", date(YEAR, 9, 1)),
                (date(2022, 1, 5), "valid", None),
            ]
        ):
            page = GovDocumentPage(
                title=f"{profile.name}规范性文件{n}",
                slug=f"normative-{n}",
                issuer=profile.name,
                doc_number=f"规〔{published.year}〕{n + 1}号",
                written_date=published,
                publish_date=published,
                document_kind="normative",
                validity=validity,
                validity_changed_on=changed,
            )
            column.add_child(instance=page)


def fill_applications(profiles):
    from disclosure.models import ApplicantKind, Application
    from disclosure.outcomes import LEAVES

    rng = random.Random(2026)
    nested = {
        p.pk: [q for q in profiles if q.root_page.path.startswith(p.root_page.path) and q.pk != p.pk] for p in profiles
    }
    kinds = ApplicantKind.values
    weights = [70, 12, 3, 4, 6, 5]
    start = date(2024, 1, 1)
    span = (date(2026, 3, 1) - start).days
    applications = []
    for n in range(APPLICATIONS):
        profile = rng.choice(profiles)
        handler = rng.choice(nested[profile.pk]) if nested[profile.pk] and rng.random() < 0.1 else profile
        received = start + timedelta(days=rng.randrange(span))
        closed = received + timedelta(days=rng.randint(1, 45)) if rng.random() < 0.93 else None
        if closed and closed > date(2026, 3, 1):
            closed = None
        applications.append(
            Application(
                profile=profile,
                handler=handler,
                number=f"B{n:09d}",
                query_code_hash="0" * 64,
                applicant_kind=rng.choices(kinds, weights)[0],
                name="申请人",
                id_type="id_card",
                id_number="230503199001010011",
                phone=f"139{n:08d}",
                description="请公开有关政府信息。",
                medium="electronic",
                delivery="email",
                state=Application.State.CLOSED if closed else Application.State.RECEIVED,
                submitted_at=timezone.make_aware(datetime.combine(received, clock_time(9))),
                received_on=received,
                outcome=rng.choice(LEAVES) if closed else "",
                closed_on=closed,
            )
        )
    for first in tqdm(range(0, APPLICATIONS, BATCH), desc="applications", unit="batch"):
        Application.objects.bulk_create(applications[first : first + BATCH])


def counted(action):
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        began = time.perf_counter()
        result = action()
        elapsed = (time.perf_counter() - began) * 1000
    return result, elapsed, len(queries)


def p95(values):
    return statistics.quantiles(values, n=20)[18]


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from django.contrib.auth import get_user_model

        from annualreports import publishing, tables
        from annualreports.models import DisclosureReport
        from sites.models import SiteProfile

        build_cluster()
        profiles = list(SiteProfile.objects.select_related("root_page").order_by("root_page__path"))
        add_documents(profiles)
        fill_applications(profiles)
        admin = get_user_model().objects.create_superuser("bench-admin", "admin@example.com", "x")
        DisclosureReport.objects.bulk_create(
            [
                DisclosureReport(
                    profile=p,
                    year=YEAR,
                    overview="总体情况。",
                    problems="存在的问题。",
                    other_matters="无。",
                    licences=10,
                )
                for p in profiles
            ]
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

        print(f"{len(profiles)} units, {APPLICATIONS:,} applications, year {YEAR} ({connection.vendor})")
        print(f"{'':<40} {'p50 ms':>9} {'p95 ms':>9} {'total s':>8} {'SQL':>9}")

        ids = [p.pk for p in profiles]
        times, queries = [], []
        for _ in range(5):
            _r, ms, n = counted(
                lambda: (tables.documents_by_unit(profiles, YEAR), tables.applications_by_unit(ids, YEAR))
            )
            times.append(ms)
            queries.append(n)
        print(
            f"{'tables 二 and 三, all units at once':<40} "
            f"{statistics.median(times):9.1f} {p95(times):9.1f} {'':>8} {queries[0]:9d}"
        )

        for label in ("publish each unit's report", "republish (a correction)"):
            times, queries, refused = [], [], 0
            began = time.perf_counter()
            for report in tqdm(
                list(DisclosureReport.objects.select_related("profile__root_page")), desc=label, unit="unit"
            ):
                try:
                    _page, ms, n = counted(lambda r=report: publishing.publish(r, admin))
                except publishing.ReportError:
                    refused += 1
                    continue
                times.append(ms)
                queries.append(n)
            total = time.perf_counter() - began
            spread = f"{min(queries)}–{max(queries)}" if min(queries) != max(queries) else str(queries[0])
            print(
                f"{label + ' (per unit)':<40} "
                f"{statistics.median(times):9.1f} {p95(times):9.1f} {total:8.1f} {spread:>9}"
            )
            if refused:
                print(f"  refused: {refused}")
        published = DisclosureReport.objects.filter(state="published").count()
        pages = DisclosureReport.objects.exclude(page=None).values("page").distinct().count()
        print(f"published reports: {published}; pages: {pages}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
