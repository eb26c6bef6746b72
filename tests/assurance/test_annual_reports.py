"""The audit flags a missing 政府信息公开工作年度报告 after its deadline: a department's by 31 January,
a government's (city, county, district, township) by 31 March, for the previous year."""

from datetime import date

import pytest

from annualreports.models import DisclosureReport
from assurance.audit import audit_cluster
from assurance.models import ColumnStatus
from sites.provisioning import provision_site

pytestmark = pytest.mark.django_db


def audits_on(today):
    return {audit.profile.name: audit for audit in audit_cluster(today=today)}


def reports_row(audit):
    return next(row for row in audit.rows if row.column_key.endswith("annual-disclosure-reports"))


@pytest.fixture
def department(sites):
    # A department site keeps a 信息公开年报 column (the 专属网页 under 单位分类 have seed 001's columns).
    return provision_site(parent="localhost", level="department", name="市审计局", hostname="shenji.localhost").profile


def test_a_department_is_flagged_from_1_february_a_government_from_1_april(sites, department):
    on_31_january = audits_on(date(2026, 1, 31))
    assert on_31_january["市审计局"].missing_report is None
    assert on_31_january["集贤县人民政府"].missing_report is None

    on_1_february = audits_on(date(2026, 2, 1))
    flagged = on_1_february["市审计局"].missing_report
    assert (flagged.year, flagged.deadline, flagged.days_overdue) == (2025, date(2026, 1, 31), 1)
    assert flagged.text == "2025年政府信息公开工作年度报告应于2026年1月31日前发布，已逾期 1 天"
    assert [(f.code, f.detail) for f in on_1_february["市审计局"].flags if f.code == "disclosure_report"] == [
        ("disclosure_report", flagged.text)
    ]
    assert on_1_february["集贤县人民政府"].missing_report is None

    on_31_march = audits_on(date(2026, 3, 31))
    assert all(
        on_31_march[name].missing_report is None
        for name in ("集贤县人民政府", "双鸭山市人民政府", "集贤县福利镇人民政府")
    )

    on_1_april = audits_on(date(2026, 4, 1))
    for name in ("集贤县人民政府", "双鸭山市人民政府", "尖山区人民政府", "集贤县福利镇人民政府"):
        assert on_1_april[name].missing_report.deadline == date(2026, 3, 31), name
    assert on_1_april["市审计局"].missing_report.days_overdue == 60


def test_the_missing_reports_column_is_overdue_and_a_published_report_clears_it(sites):
    jixian = sites["jixian"].profile
    row = reports_row(audits_on(date(2026, 4, 2))["集贤县人民政府"])
    assert row.verdict.status in (ColumnStatus.OVERDUE, ColumnStatus.EMPTY)
    assert row.verdict.status != ColumnStatus.OVERDUE or row.verdict.due == date(2026, 3, 31)

    DisclosureReport.objects.create(profile=jixian, year=2025, state=DisclosureReport.State.DRAFT)
    assert audits_on(date(2026, 4, 2))["集贤县人民政府"].missing_report is not None  # a draft is not a report
    DisclosureReport.objects.filter(profile=jixian).update(state=DisclosureReport.State.PUBLISHED)
    assert audits_on(date(2026, 4, 2))["集贤县人民政府"].missing_report is None
    # The report due is last year's: in 2027 the 2026 report is missing again.
    assert audits_on(date(2027, 4, 1))["集贤县人民政府"].missing_report.year == 2026
