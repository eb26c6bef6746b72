"""The portal home, the audit and the statistics cost the same SQL queries with 8 units as with 120
(seed 001 has 123), the 专属网页 of city departments created newest first in tree order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assurance.audit import audit_cluster
from assurance.statistics import annual_statistics
from columns.models import ColumnPage
from columns.skeleton import DEPARTMENT_INDEX_KEY
from home.fragments import new_content_generation
from sites.provisioning import provision_site
from sites.units import unit_pages_q
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

PORTAL_HOME_QUERIES = 7  # an empty portal: one fewer than tests/home/test_portal_home.py pins (no photo
# news, so no renditions to prefetch)


def add_departments(numbers):
    for n in numbers:
        profile = provision_site(
            parent="localhost", level="department", name=f"测试局{n:03d}", path=f"{DEPARTMENT_INDEX_KEY}/d{n:03d}"
        ).profile
        column = ColumnPage.objects.filter(unit_pages_q(profile)).get(column_key="government-affairs-info")
        ArticlePageFactory(parent=column, title=f"测试局{n:03d}政务信息", first_published_at=timezone.now())


def count(action):
    action()  # warm caches (content types, renditions, site root paths)
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


def figures(client):
    year = timezone.localdate().year
    return {
        # Building the home's body: kept in the cache, it costs none (tests/home).
        "portal home": count(lambda: (new_content_generation(), client.get("/", HTTP_HOST="localhost"))),
        "audit": count(audit_cluster),
        "statistics": count(lambda: annual_statistics(year)),
    }


def test_queries_are_the_same_with_8_and_with_120_units(client, sites):
    add_departments(range(119, 111, -1))  # newest first: later units take earlier tree positions
    with_8 = figures(client)
    add_departments(range(111, -1, -1))
    with_120 = figures(client)
    audits = audit_cluster()
    assert sum(1 for a in audits if a.profile.level == "department") == 120
    assert with_8 == with_120 == {"portal home": PORTAL_HOME_QUERIES, "audit": 12, "statistics": 5}
