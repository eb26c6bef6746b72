"""报送统计: submitted, adopted and returned per unit, per unit kind and in all, month by month and
for the year, in a constant number of queries, with XLSX and CSV exports and each user's scope."""

import io
from datetime import datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sites.models import SiteProfile, Unit
from submissions.models import Submission
from submissions.statistics import submission_statistics
from tests.factories import UnitFactory

from .conftest import site_user

pytestmark = pytest.mark.django_db

YEAR = 2016
URL = "/admin/submissions/statistics/"
S, A, R, W = (Submission.Status.SUBMITTED, Submission.Status.ADOPTED, Submission.Status.RETURNED, "withdrawn")


def at(month, day=10, year=YEAR):
    return timezone.make_aware(datetime(year, month, day, 12))


def add(profile, unit, status, when, column, n=1):
    for _ in range(n):
        submission = Submission.objects.create(
            title="报送信息",
            source_url="http://example.cn/",
            source_profile=profile,
            unit=unit,
            column=column,
            status=status,
            reason="不符合要求" if status == R else "",
        )
        Submission.objects.filter(pk=submission.pk).update(submitted_at=when)


@pytest.fixture
def figures(sites, column):
    """集贤县 (county), 福利镇 (its township), 市司法局 through the portal's profile and 银监局."""
    current_affairs = column("portal", "homepage/current-affairs")
    jixian, fuli, portal = (SiteProfile.objects.get(site=sites[key]) for key in ("jixian", "fuli", "portal"))
    justice = UnitFactory(name="市司法局", kind=Unit.Kind.CITY_DEPARTMENT)
    bank = UnitFactory(name="双鸭山银监局", kind=Unit.Kind.CENTRAL_PROVINCIAL)
    add(jixian, jixian.unit, A, at(3), current_affairs, 3)
    add(jixian, jixian.unit, R, at(3, 31), current_affairs)
    add(jixian, jixian.unit, S, at(12, 31), current_affairs)
    add(jixian, jixian.unit, W, at(4), current_affairs)  # withdrawn: counts nowhere
    add(jixian, jixian.unit, A, at(1, 5, YEAR + 1), current_affairs)  # another year
    add(fuli, fuli.unit, A, at(5), current_affairs, 2)
    add(portal, justice, A, at(6), current_affairs, 4)
    add(portal, justice, R, at(7), current_affairs)
    add(portal, bank, R, at(7), current_affairs)
    return {"jixian": jixian.unit, "fuli": fuli.unit, "justice": justice, "bank": bank}


def table(rows):
    return [(row.name, row.kind_label, row.submitted, row.adopted, row.returned, row.pending) for row in rows]


def test_figures_per_unit_per_kind_and_in_all(figures):
    rows = submission_statistics(YEAR)
    assert table(rows) == [
        ("集贤县人民政府", "县区政府", 5, 3, 1, 1),
        ("县区政府小计（1家）", "县区政府", 5, 3, 1, 1),
        ("集贤县福利镇人民政府", "乡镇政府（街道）", 2, 2, 0, 0),
        ("乡镇政府（街道）小计（1家）", "乡镇政府（街道）", 2, 2, 0, 0),
        ("市司法局", "市直单位", 5, 4, 1, 0),
        ("市直单位小计（1家）", "市直单位", 5, 4, 1, 0),
        ("双鸭山银监局", "中省直单位", 1, 0, 1, 0),
        ("中省直单位小计（1家）", "中省直单位", 1, 0, 1, 0),
        ("合计（4家）", "", 13, 9, 3, 1),
    ]
    jixian = rows[0]
    assert (jixian.m03_submitted, jixian.m03_adopted, jixian.m03_returned) == (4, 3, 1)
    assert (jixian.m12_submitted, jixian.m04_submitted) == (1, 0)
    assert jixian.adoption_rate == "60.0%" and rows[-1].m07_returned == 2


def test_one_month(figures):
    rows = submission_statistics(YEAR, month=3)
    assert table(rows)[0] == ("集贤县人民政府", "县区政府", 4, 3, 1, 0)
    assert table(rows)[-1] == ("合计（4家）", "", 4, 3, 1, 0)


def test_a_county_sees_its_own_site_and_townships(figures, sites):
    profiles = SiteProfile.objects.filter(site__in=[sites["jixian"], sites["fuli"]])
    assert [row.name for row in submission_statistics(YEAR, profiles=profiles)] == [
        "集贤县人民政府",
        "县区政府小计（1家）",
        "集贤县福利镇人民政府",
        "乡镇政府（街道）小计（1家）",
        "合计（2家）",
    ]


def test_the_query_count_does_not_grow_with_units_or_submissions(figures, sites, column, admin_client):
    def count(fn):
        with CaptureQueriesContext(connection) as queries:
            fn()
        return len(queries)

    before = count(lambda: submission_statistics(YEAR))
    admin_client.get(URL, {"year": YEAR})  # the sites' cache (sites.caching) is filled by the first request
    view_before = count(lambda: admin_client.get(URL, {"year": YEAR, "export": "xlsx"}))
    portal = SiteProfile.objects.get(site=sites["portal"])
    for n in range(30):
        unit = UnitFactory(name=f"市直单位{n}", kind=Unit.Kind.CITY_DEPARTMENT)
        add(portal, unit, A, at(n % 12 + 1), column("portal", "homepage/department-news"), 2)
    assert count(lambda: submission_statistics(YEAR)) == before == 2
    assert count(lambda: admin_client.get(URL, {"year": YEAR, "export": "xlsx"})) == view_before


def test_the_report_and_its_exports(admin_client, figures):
    html = admin_client.get(URL, {"year": YEAR}).content.decode()
    assert "报送统计" in html and "集贤县人民政府" in html and "合计（4家）" in html and "2017年" in html

    response = admin_client.get(URL, {"year": YEAR, "export": "xlsx"})
    assert 'filename="submission-statistics-2016.xlsx"' in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    header = rows[0]
    assert header[:7] == ("单位", "单位类别", "报送", "采用", "退回", "待处理", "采用率")
    assert header[7:10] == ("1月报送", "1月采用", "1月退回") and header[-1] == "12月退回" and len(header) == 7 + 36
    assert rows[1][:7] == ("集贤县人民政府", "县区政府", 5, 3, 1, 1, "60.0%")
    march = header.index("3月报送")
    assert rows[1][march : march + 3] == (4, 3, 1)
    assert rows[-1][:6] == ("合计（4家）", None, 13, 9, 3, 1)

    march_only = admin_client.get(URL, {"year": YEAR, "month": 3, "export": "csv"}).getvalue().decode("utf-8")
    lines = march_only.strip().splitlines()
    assert lines[0].startswith("单位,单位类别,报送,采用,退回,待处理,采用率") and "1月报送" not in lines[0]
    assert lines[1].startswith("集贤县人民政府,县区政府,4,3,1,0,75.0%")


def test_a_county_editor_gets_the_report_for_its_sites(client, sites, figures):
    client.force_login(site_user(sites, "jixian", "editor"))
    html = client.get(URL, {"year": YEAR}).content.decode()
    assert "集贤县福利镇人民政府" in html and "市司法局" not in html and "合计（2家）" in html
