#!/usr/bin/env python
"""政府网站工作年度报表 for a cluster of 120 units: the figures of every site on a hostname of its
own computed from a year of records (time and SQL queries per site and for all of them).

The cluster: the portal, 8 counties and districts, 24 township sites (3 per county) and 87 city
departments' 专属网页 under the portal (counted in the portal's figures) = 120 units, 33 sites.
The year 2025 holds 60 items per site and 5 per department, 20,000 letters, 5,000 applications,
hourly availability probes of every site (8,760 each), 2,000 broken links, 52 link-check runs.

    scripts/with-postgres.sh .venv/bin/python bench/websitereports.py    # PostgreSQL
    .venv/bin/python bench/websitereports.py                             # SQLite

It builds a throwaway test database, so it never touches your data.
"""

import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
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

YEAR = 2025
COUNTIES = 8
TOWNSHIPS_PER_COUNTY = 3
DEPARTMENTS = 87
ITEMS_PER_SITE = 60
ITEMS_PER_DEPARTMENT = 5
LETTERS = 20_000
APPLICATIONS = 5_000
BROKEN_LINKS = 2_000
REPEAT = 3


def moment(rng):
    start = timezone.make_aware(datetime(YEAR, 1, 1))
    return start + timedelta(seconds=rng.randrange(365 * 86400))


def build(rng):
    from columns.models import ColumnPage
    from columns.skeleton import DEPARTMENT_INDEX_KEY
    from sites.provisioning import provision_portal, provision_site
    from sites.units import unit_pages_q

    provision_portal(name="双鸭山市人民政府", hostname="localhost", code="2305000001")
    sites = []
    for n in tqdm(range(COUNTIES), desc="counties and townships"):
        county = provision_site(parent="localhost", level="county", name=f"测试{n}县", hostname=f"c{n}.localhost")
        sites.append(county.profile)
        for t in range(TOWNSHIPS_PER_COUNTY):
            township = provision_site(
                parent=f"c{n}.localhost", level="township", name=f"测试{n}县{t}镇", hostname=f"t{t}.c{n}.localhost"
            )
            sites.append(township.profile)
    departments = []
    for n in tqdm(range(DEPARTMENTS), desc="专属网页"):
        departments.append(
            provision_site(
                parent="localhost", level="department", name=f"测试局{n:03d}", path=f"{DEPARTMENT_INDEX_KEY}/d{n:03d}"
            ).profile
        )
    from sites.models import SiteProfile

    portal = SiteProfile.objects.get(site__hostname="localhost")
    sites.insert(0, portal)
    from tests.factories import ArticlePageFactory

    for profile in tqdm(sites + departments, desc="items"):
        columns = list(ColumnPage.objects.filter(unit_pages_q(profile), live=True).exclude(column_key=""))
        count = ITEMS_PER_SITE if profile.site_id else ITEMS_PER_DEPARTMENT
        for i in range(count):
            column = rng.choice(columns)
            ArticlePageFactory(parent=column, title=f"{profile.name}信息{i}", first_published_at=moment(rng))
    return sites, departments


def records(rng, sites, departments):
    from assurance.models import Probe
    from disclosure.models import Application
    from interaction.models import MailboxPage
    from linkcheck.models import BrokenLink, LinkCheckRun
    from tests.interaction.factories import letter

    with_mailbox = [(p, MailboxPage.objects.filter(path__startswith=p.root_page.path).first()) for p in sites]
    with_mailbox = [(p, m) for p, m in with_mailbox if m]
    letters = []
    for _ in range(LETTERS):
        profile, mailbox = rng.choice(with_mailbox)
        received = moment(rng)
        answered = rng.random() < 0.9
        letters.append(
            letter(
                profile,
                mailbox=mailbox,
                received=received,
                replied=received + timedelta(days=rng.randint(1, 15)) if answered else None,
                save=False,
            )
        )
    from interaction.models import Letter

    Letter.objects.bulk_create(letters, batch_size=5000)
    units = sites + departments
    Application.objects.bulk_create(
        [
            Application(
                profile=(unit := rng.choice(units)),
                handler=unit,
                number=f"B{n:09d}",
                query_code_hash="0" * 64,
                applicant_kind="person",
                name="申请人",
                id_type="id_card",
                id_number="230521199001011234",
                phone="13900000000",
                description="信息",
                medium="electronic",
                delivery="email",
                submitted_at=(submitted := moment(rng)),
                received_on=submitted.date(),
                closed_on=(submitted + timedelta(days=20)).date() if rng.random() < 0.8 else None,
            )
            for n in range(APPLICATIONS)
        ],
        batch_size=5000,
    )
    start = timezone.make_aware(datetime(YEAR, 1, 1))
    for profile in tqdm(sites, desc="probes"):
        Probe.objects.bulk_create(
            [
                Probe(profile=profile, probed_at=start + timedelta(hours=h), ok=rng.random() > 0.003)
                for h in range(365 * 24)
            ],
            batch_size=10000,
        )
    pages = {p.pk: p.root_page for p in units}
    BrokenLink.objects.bulk_create(
        [
            BrokenLink(
                page=pages[(unit := rng.choice(units)).pk],
                profile=unit,
                url=f"https://example.invalid/{n}",
                kind="external",
                field="body",
                first_seen=(seen := moment(rng)),
                last_seen=seen,
                fixed_at=seen + timedelta(days=7) if rng.random() < 0.7 else None,
            )
            for n in range(BROKEN_LINKS)
        ],
        batch_size=5000,
    )
    LinkCheckRun.objects.bulk_create(
        [
            LinkCheckRun(started_at=start + timedelta(weeks=w), finished_at=start + timedelta(weeks=w, hours=1))
            for w in range(52)
        ]
    )


def main():
    from websitereports.figures import compute

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        rng = random.Random(17)
        sites, departments = build(rng)
        records(rng, sites, departments)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        per_site, queries = [], []
        for profile in sites:  # once to warm up and count
            captured = []

            def count(execute, sql, *args, captured=captured):
                captured.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(count):
                compute(profile, YEAR)
            queries.append(len(captured))
        runs = []
        for _ in range(REPEAT):
            began = time.perf_counter()
            for profile in sites:
                t = time.perf_counter()
                compute(profile, YEAR)
                per_site.append((time.perf_counter() - t) * 1000)
            runs.append(time.perf_counter() - began)
        portal = compute(sites[0], YEAR)
        print(
            f"{len(sites)} sites ({len(sites) + len(departments)} units) on {connection.vendor}: "
            f"all sites {statistics.median(runs):.2f} s (median of {REPEAT}), "
            f"per site p50 {statistics.median(per_site):.0f} ms, "
            f"p95 {statistics.quantiles(per_site, n=20)[18]:.0f} ms, "
            f"max {max(per_site):.0f} ms; SQL per site {min(queries)}–{max(queries)}, all sites {sum(queries)}"
        )
        print(
            f"portal: 信息发布 {portal['info_total']} (概况 {portal['info_profile']}, 动态 {portal['info_news']}, "
            f"公开目录 {portal['info_catalogue']}), 留言 {portal['letters_received']}/{portal['letters_closed']} "
            f"平均 {portal['letters_average_days']} 天, 依申请公开 {portal['requests_received']}, "
            f"检测 {portal['security_checks']}, 发现问题 {portal['problems_found']}, 整改 {portal['problems_fixed']}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
