#!/usr/bin/env python
"""三审三校, 智能校对 and 信息报送: the submission statistics at seed 001's scale (123 units,
19,860 submissions in a year), 智能校对 of a long item against 1,000 city rules, and an item's
审核表 — time per call and SQL queries.

    scripts/with-postgres.sh .venv/bin/python bench/review.py    # PostgreSQL
    .venv/bin/python bench/review.py                             # SQLite, the embedded default

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
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.utils import timezone
from tqdm import tqdm

COUNTIES = ["集贤县", "友谊县", "宝清县", "饶河县", "尖山区", "岭东区", "四方台区", "宝山区"]
UNITS = 123
SUBMISSIONS = 19_860
RULES = 1_000
RUNS = 20
PARAGRAPH = (
    "近日，{county}召开全县秋季农业生产工作会议，总结前一阶段工作，部署秋收、秋种和秸秆综合利用等重点任务。"
    "会议要求，各乡镇要抢抓晴好天气，组织农机具及时投入收获作业，做到颗粒归仓；要统筹做好粮食收购、"
    "仓储和运输工作，保障农民售粮顺畅。"
)


def timed(call, runs=RUNS):
    """(p50 ms, p95 ms, SQL queries of one call)."""
    call()  # warm caches
    with CaptureQueriesContext(connection) as queries:
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


def build_sites():
    from sites.provisioning import provision_portal, provision_site

    provision_portal(name="双鸭山市人民政府", hostname="localhost", code="2305000001")
    for n, name in enumerate(COUNTIES):
        level = "county" if name.endswith("县") else "district"
        provision_site(parent="localhost", level=level, name=f"{name}人民政府", hostname=f"c{n}.localhost")


def bench_statistics():
    from sites.models import SiteProfile, Unit
    from submissions.models import Submission
    from submissions.services import target_columns
    from submissions.statistics import submission_statistics

    rng = random.Random(2016)
    kinds = [kind for kind, _label in Unit.Kind.choices]
    units = Unit.objects.bulk_create(
        Unit(name=f"第{n + 1}号报送单位", kind=kinds[n % len(kinds)]) for n in range(UNITS)
    )
    columns = list(target_columns())
    profiles = list(SiteProfile.objects.exclude(level=SiteProfile.Level.CITY))
    year = timezone.localdate().year - 1
    start = timezone.make_aware(datetime(year, 1, 1))
    statuses = [Submission.Status.ADOPTED] * 6 + [Submission.Status.RETURNED] * 2 + [Submission.Status.SUBMITTED]
    batch = [
        Submission(
            title=f"报送信息{n}",
            source_url=f"http://c0.localhost/news/{n}/",
            source_profile=rng.choice(profiles),
            unit=rng.choice(units),
            column=rng.choice(columns),
            status=rng.choice(statuses),
            reason="请补充图片",
        )
        for n in tqdm(range(SUBMISSIONS), desc="submissions", unit="item")
    ]
    Submission.objects.bulk_create(batch, batch_size=2000)
    # submitted_at is auto_now_add: spread the year's submissions over its months afterwards.
    for submission in batch:
        submission.submitted_at = start + timedelta(minutes=rng.randint(0, 364 * 24 * 60))
    Submission.objects.bulk_update(batch, ["submitted_at"], batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    table = submission_statistics(year)
    p50, p95, queries = timed(lambda: submission_statistics(year))
    print(
        f"报送统计: {table[-1].submitted:,} submissions of {table[-1].units} units in {year}: "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries} SQL queries ({connection.vendor})"
    )
    p50, p95, queries = timed(lambda: submission_statistics(year, month=6))
    print(f"报送统计, one month: p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries} SQL queries")


def bench_proofreading():
    from columns.models import ColumnPage
    from content.models import ArticlePage
    from proofreading.checks import proofread
    from proofreading.models import ProofreadingRule

    rng = random.Random(6)
    hanzi = [chr(code) for code in range(0x4E00, 0x9FA5)]
    ProofreadingRule.objects.bulk_create(
        ProofreadingRule(
            kind=rng.choice(["miswriting", "forbidden", "sensitive"]),
            pattern="".join(rng.choices(hanzi, k=rng.randint(2, 4))),
            correction="更正",
            severity=rng.choice(["block", "warn"]),
        )
        for _ in range(RULES)
    )
    column = ColumnPage.objects.filter(column_key="news/local-news").first()
    body = "".join(f"<p>{PARAGRAPH.format(county=county)}</p>" for county in COUNTIES * 2)
    page = ArticlePage(title="集贤县召开秋季农业生产工作会议", slug="bench", body=body, summary=PARAGRAPH[:60])
    column.add_child(instance=page)
    rules = ProofreadingRule.objects.filter(active=True).count()
    p50, p95, queries = timed(lambda: proofread(page))
    text = len(body)
    print(
        f"智能校对: a {text:,}-character item against {rules:,} rules: p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
        f"{queries} SQL queries"
    )
    return page


def bench_sheet(page):
    from django.contrib.auth import get_user_model

    from review.sheet import review_sheet
    from sites.models import SiteGroup

    User = get_user_model()
    profile = page.get_parent().get_site().profile
    users = {}
    for link in SiteGroup.objects.filter(profile=profile):
        users[link.role] = User.objects.create(username=f"bench_{link.role}")
        users[link.role].groups.add(link.group)
    page.save_revision(user=users["editor"])
    page.get_workflow().start(page, users["editor"])
    for role in ("first_review", "second_review", "final_review"):
        task_state = page.current_workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, users[role], "approve", comment="同意")
        page.refresh_from_db()
    p50, p95, queries = timed(lambda: review_sheet(page))
    print(f"审核表 (3 stages, city stage, published): p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries} SQL queries")


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        build_sites()
        bench_statistics()
        bench_sheet(bench_proofreading())
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
