#!/usr/bin/env python
"""Residents' letters at scale: 100,000 letters over 110 units (the portal, 8 counties and
districts with 12 townships each, 5 departments), then the letter statistics (all sites and one
site), the public reply list of the busiest mailbox and the admin inbox (a county editor and a
superuser): p50 / p95 and SQL queries.

    scripts/with-postgres.sh .venv/bin/python bench/interaction.py    # PostgreSQL
    .venv/bin/python bench/interaction.py                             # SQLite, the embedded default

Letters go in with bulk_create. Each published reply is a real LetterPage under its mailbox, but
built in bulk: its wagtailcore_page row by Page.objects.bulk_create with a treebeard path computed
from the mailbox's (Page._get_path), its interaction_letterpage row by one executemany, the
mailbox's numchild set once — no revisions, no search indexing, no signals, which a page
published through the admin would have. It builds a throwaway test database, so it never touches
your data.
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster.settings.test")

import django

django.setup()

from django.db import connection
from django.template import TemplateDoesNotExist
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from tqdm import tqdm

COUNTIES = ["集贤县", "友谊县", "宝清县", "饶河县", "尖山区", "岭东区", "四方台区", "宝山区"]
TOWNSHIPS_PER_COUNTY = 12
DEPARTMENTS = ["市发改委", "市教育局", "市财政局", "市卫健委", "市统计局"]
LETTERS = int(os.environ.get("BENCH_LETTERS", 100_000))  # smaller for a quick try
BATCH = 5_000
REPEAT = 20


def build_cluster():
    """110 sites, as bench/assurance.py builds them."""
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


def fill_letters():
    """LETTERS letters over the past two years; the portal's 市长信箱›回复受理 gets a fifth of them
    (the busy mailbox). Most are answered, by the site itself or a unit nested in it; a few are
    still open, some overdue; published replies become LetterPages."""
    from interaction.models import Letter, LetterKind, MailboxPage
    from sites.models import SiteProfile
    from sites.units import UnitIndex

    rng = random.Random(2026)
    profiles = list(SiteProfile.objects.select_related("root_page"))
    index = UnitIndex.of(profiles)
    mailboxes = list(MailboxPage.objects.order_by("path"))
    owners = {m.pk: index(m.path) for m in mailboxes}
    nested = {
        p.pk: [q for q in profiles if q.root_page.path.startswith(p.root_page.path) and q.pk != p.pk] for p in profiles
    }
    busy = next(m for m in mailboxes if m.mailbox_kind == "mailbox" and owners[m.pk].level == "city")
    now = timezone.now()
    kinds = LetterKind.values
    letters = []
    for n in range(LETTERS):
        mailbox = busy if rng.random() < 0.2 else rng.choice(mailboxes)
        profile = owners[mailbox.pk]
        handler = rng.choice(nested[profile.pk]) if nested[profile.pk] and rng.random() < 0.6 else profile
        received = now - timedelta(days=rng.uniform(0, 730))
        fate = rng.random()
        accepted = received + timedelta(days=rng.uniform(0.1, 3)) if fate > 0.04 else None
        replied = accepted + timedelta(days=rng.uniform(1, 25)) if accepted and fate > 0.1 else None
        if replied and replied > now:
            replied = None
        state = (
            Letter.State.ANSWERED
            if replied
            else Letter.State.FORWARDED
            if accepted
            else Letter.State.REFUSED
            if fate < 0.02
            else Letter.State.RECEIVED
        )
        letters.append(
            Letter(
                mailbox=mailbox,
                profile=profile,
                handler=handler,
                number=f"B{n:09d}",
                query_code_hash="0" * 64,
                kind=rng.choice(kinds),
                title=f"关于第{n}号事项的来信",
                content="来信内容。" * 20,
                name="张三",
                phone=f"138{n:08d}",
                publishable=rng.random() < 0.7,
                state=state,
                received_at=received,
                accept_due=(received + timedelta(days=3)).date(),
                accepted_at=accepted,
                reply_due=(accepted + timedelta(days=9)).date() if accepted else None,
                replied_at=replied,
                reply_unit=handler if replied else None,
                reply="答复内容。" * 20 if replied else "",
                public_title=f"关于第{n}号事项的来信",
                public_content="来信内容。" * 20,
                public_reply="答复内容。" * 20 if replied else "",
                rating=rng.choice(["", "", "satisfied", "basically", "unsatisfied"]) if replied else "",
            )
        )
    for start in tqdm(range(0, LETTERS, BATCH), desc="letters", unit="batch"):
        Letter.objects.bulk_create(letters[start : start + BATCH])
    publish_replies(mailboxes)
    return busy


def publish_replies(mailboxes):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from interaction.models import Letter, LetterPage
    from sites.models import SiteProfile

    content_type = ContentType.objects.get_for_model(LetterPage)
    by_mailbox = {}
    published = Letter.objects.filter(state=Letter.State.ANSWERED, publishable=True).order_by("replied_at")
    for letter in published.only("pk", "mailbox_id", "kind", "public_title", "accepted_at", "replied_at", "reply_unit"):
        by_mailbox.setdefault(letter.mailbox_id, []).append(letter)
    names = dict(SiteProfile.objects.values_list("pk", "name"))
    pages_made = 0
    for mailbox in tqdm(mailboxes, desc="reply pages", unit="mailbox"):
        letters = by_mailbox.get(mailbox.pk, [])
        for start in range(0, len(letters), BATCH):
            chunk = letters[start : start + BATCH]
            pages = [
                Page(
                    title=letter.public_title,
                    draft_title=letter.public_title,
                    slug=f"letter-{letter.pk}",
                    path=Page._get_path(mailbox.path, mailbox.depth + 1, mailbox.numchild + start + n + 1),
                    depth=mailbox.depth + 1,
                    numchild=0,
                    url_path=f"{mailbox.url_path}letter-{letter.pk}/",
                    content_type=content_type,
                    locale_id=mailbox.locale_id,
                    live=True,
                    first_published_at=letter.replied_at,
                    last_published_at=letter.replied_at,
                )
                for n, letter in enumerate(chunk)
            ]
            Page.objects.bulk_create(pages)
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {LetterPage._meta.db_table} (page_ptr_id, letter_kind, question, reply, "
                    "received_on, replied_on, reply_unit) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [
                        (
                            page.pk,
                            letter.kind,
                            "来信内容。" * 20,
                            "答复内容。" * 20,
                            timezone.localdate(letter.accepted_at),
                            timezone.localdate(letter.replied_at),
                            names.get(letter.reply_unit_id, ""),
                        )
                        for page, letter in zip(pages, chunk, strict=True)
                    ],
                )
            for page, letter in zip(pages, chunk, strict=True):
                letter.public_page_id = page.pk
            Letter.objects.bulk_update(chunk, ["public_page"])
        Page.objects.filter(pk=mailbox.pk).update(numchild=mailbox.numchild + len(letters))
        pages_made += len(letters)
    return pages_made


def timed(action, repeat=REPEAT):
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        action()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[18], len(queries)


def ok(response):
    assert response.status_code == 200, response.status_code
    return response


def measure(busy):
    from django.contrib.auth import get_user_model

    from assurance.audit import audit_cluster
    from interaction.models import Letter
    from interaction.statistics import letter_statistics
    from sites.models import SiteGroup, SiteProfile

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    everyone = list(SiteProfile.objects.order_by("root_page__path"))
    county = SiteProfile.objects.get(site__hostname="c0.localhost")
    results = {
        "statistics, all sites": timed(lambda: letter_statistics(everyone)),
        "statistics, one county": timed(lambda: letter_statistics([county])),
        "audit (with the veto)": timed(audit_cluster, repeat=5),
    }
    anonymous = Client()
    url = busy.get_url()
    try:
        ok(anonymous.get(url, HTTP_HOST="localhost"))
    except TemplateDoesNotExist:
        print("busy mailbox page: not measured (the residents' mailbox template is not on this branch)")
    else:
        results["busy mailbox page"] = timed(lambda: ok(anonymous.get(url, HTTP_HOST="localhost")))
    try:
        inbox = reverse("interaction_admin:index")
    except NoReverseMatch:
        inbox = None
    if inbox:
        User = get_user_model()
        admin = User.objects.create_superuser("bench-admin", "admin@example.com", "x")
        editor = User.objects.create_user("bench-county", "county@example.com", "x")
        editor.groups.add(SiteGroup.objects.get(profile=county, role="editor").group)
        for label, user in (("inbox, county editor", editor), ("inbox, superuser", admin)):
            client = Client()
            client.force_login(user)
            ok(client.get(inbox, HTTP_HOST="localhost"))
            results[label] = timed(lambda c=client: ok(c.get(inbox, HTTP_HOST="localhost")))
    counts = {
        "letters": Letter.objects.count(),
        "busy mailbox": Letter.objects.filter(mailbox=busy).count(),
        "published": Letter.objects.filter(public_page__isnull=False).count(),
    }
    return results, counts, bool(inbox)


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        build_cluster()
        busy = fill_letters()
        results, counts, inbox = measure(busy)
        print(
            f"{counts['letters']:,} letters ({counts['published']:,} published as LetterPages; "
            f"{counts['busy mailbox']:,} in the busiest mailbox) over 110 units ({connection.vendor})"
        )
        print(f"{'':<26} {'p50 ms':>9} {'p95 ms':>9} {'SQL':>5}")
        for name, (p50, p95, queries) in results.items():
            print(f"{name:<26} {p50:9.1f} {p95:9.1f} {queries:5d}")
        if not inbox:
            print("admin inbox: not measured (URL interaction_admin:index not installed on this branch)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
