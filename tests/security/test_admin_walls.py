"""Every admin URL, filled with another site's objects, asked by a county editor, a county reviewer,
a city department's editor who keeps portal columns (facing another department's kept column) and
the English translator: refused, or an answer that shows nothing of the other side and changes
nothing of it.

The patterns come from Django's resolver when the tests are collected, so a view added later is
tried without anyone listing it; an argument of a new pattern that tests/security/admin_urls.py
cannot fill fails its test by name.
"""

import re
import warnings
from functools import partial
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import TestCase
from wagtail.models import Collection, Locale
from wagtail.test.utils.form_data import rich_text

from tests.admin import XHR

from .admin_urls import Unmapped, admin_patterns, build_url, expand, fillings
from .foreign import MARKERS, SEARCH_WORD, build, foreign_links, snapshot

ACTORS = ("county-editor", "county-reviewer", "department-editor", "translator")
PATTERNS = admin_patterns()
COMMENTS = {"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0"}


@pytest.fixture(scope="module")
def walls(django_db_setup, django_db_blocker):
    """The other side's objects, built once for the module inside a transaction rolled back at its
    end; each test runs in a savepoint of it (pytest-django's own), each request in one more."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            sides = build()
            yield sides, snapshot(sides)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def hostile_query(side, subject):
    return {"id": subject.pk, "q": SEARCH_WORD, "collection_id": side.foreign[Collection].pk, "next": "/admin/"}


def plausible_body(side):
    return {
        "title": "改写",
        "slug": "walls-rewritten",
        "kind": "news",
        "body": rich_text("<p>改写</p>"),
        **COMMENTS,
        "name": "改写",
        "comment": "改写",
        "reason": "改写",
        "note": "改写",
        "pattern": "改写",
        "collection": side.foreign[Collection].pk,
        "tags": "",
        "action-publish": "action-publish",
        "action-submit": "1",
        "publish_translations": "on",
        "locales": list(Locale.objects.values_list("pk", flat=True)),
        "restriction_type": "none",
        "password": "x",
        "confirm": "1",
        "next": "/admin/",
        **foreign_links(side),
    }


def _text(response):
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
        response.close()
    else:
        body = response.content
    text = body.decode("utf-8", "replace")
    # JSON answers escape Chinese as \uXXXX.
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return text + "\n" + response.get("Location", "")


def shown(response):
    """The markers of the other side in the answer, each with a little of what surrounds it."""
    text = _text(response)
    lower = text.lower()
    found = []
    for marker in MARKERS:
        at = lower.find(marker)
        if at >= 0:
            context = re.sub(r"\s+", " ", text[max(0, at - 80) : at + len(marker) + 40])
            found.append(f"{marker!r} in …{context}…")
    return found


def _diff(before, after):
    return [f"{key}: {before.get(key)!r} -> {after.get(key)!r}" for key in before if before.get(key) != after.get(key)]


def probe(client, url, side, subject, sides, baseline):
    """GET and POST, bare and with the other side's ids in the query (a view may refuse the bare
    request and answer the other), in a savepoint, each request in one more."""
    problems = []
    query = urlencode(hostile_query(side, subject), doseq=True)
    requests = [
        ("GET", url, None, {}),
        ("GET", f"{url}?{query}", None, XHR),
        ("POST", url, {}, {}),
        ("POST", f"{url}?{query}", plausible_body(side), {}),
    ]

    def send(method, address, data, headers):
        try:
            with transaction.atomic(), TestCase.captureOnCommitCallbacks(execute=True):
                send_request = client.get if method == "GET" else partial(client.post, data=data)
                response = send_request(address, **headers)
        except Exception as error:  # noqa: BLE001 - a crash on hostile input is a finding too
            problems.append(f"{method} {address}: raises {type(error).__name__}: {str(error)[:200]}")
            return None
        if response.status_code >= 500:
            # A crash names nothing and (the snapshot says) changes nothing: not a hole in the wall,
            # but shown, since hostile input should get a clear refusal.
            warnings.warn(f"{method} {address} as {side.actor.username}: answers {response.status_code}", stacklevel=1)
        for finding in shown(response):
            problems.append(f"{method} {address} [{response.status_code}] shows {finding}")
        return response

    with transaction.atomic():
        for request in requests:
            send(*request)
        for change in _diff(baseline, snapshot(sides)):
            problems.append(f"after GET/POST {url}: the other side changed: {change}")
        transaction.set_rollback(True)
    return problems


CASES = [pytest.param(pattern, actor, id=f"{pattern.route} {actor}") for pattern in PATTERNS for actor in ACTORS]


@pytest.mark.parametrize(("pattern", "actor"), CASES)
def test_admin_url_keeps_the_other_side_out(pattern, actor, walls, client, db):
    sides, baseline = walls
    side = sides[actor]
    client.force_login(side.actor)
    client.raise_request_exception = False
    problems = []
    try:
        variants = fillings(pattern, side.foreign, side.own)
        urls = [
            (build_url(pattern, kwargs), subject) for _label, filled, subject in variants for kwargs in expand(filled)
        ]
    except Unmapped as error:
        pytest.fail(f"unmapped URL argument: {error}")
    for url, subject in urls:
        problems += probe(client, url, side, subject, sides, baseline)
    assert not problems, "\n".join(problems)


def test_every_admin_pattern_is_walked():
    """The resolver's admin patterns are all here: Wagtail's, wagtail-localize's and the project's."""
    routes = [pattern.route for pattern in PATTERNS]
    assert len(routes) > 250
    for prefix in (
        "admin/pages/",
        "admin/api/main/",
        "admin/localize/",
        "admin/snippets/",
        "admin/reports/",
        "admin/review/",
        "admin/proofreading/",
        "admin/submissions/",
        "admin/assurance/",
        "admin/letters/",
        "admin/disclosure/",
    ):
        assert any(route.startswith(prefix) for route in routes), prefix
