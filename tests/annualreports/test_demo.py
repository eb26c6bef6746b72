"""The demo's reports: published for the portal and two counties from whatever applications exist
(none at all, or some), and building again adds nothing."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from annualreports.models import AnnualReportPage, DisclosureReport
from sites.demo.annual_reports import DemoAnnualReports, publish_last_year

from .factories import application

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_with_no_applications_and_built_twice(sites):
    logged = []
    assert DemoAnnualReports(NOW, logged.append).build() == 3
    titles = set(AnnualReportPage.objects.values_list("title", flat=True))
    assert titles == {
        "双鸭山市人民政府2025年政府信息公开工作年度报告",
        "集贤县人民政府2025年政府信息公开工作年度报告",
        "友谊县人民政府2025年政府信息公开工作年度报告",
    }
    assert DemoAnnualReports(NOW, logged.append).build() == 0
    assert AnnualReportPage.objects.count() == 3


def test_with_the_demos_applications(sites):
    youyi = sites["youyi"].profile
    application(youyi, received=date(2025, 6, 1), closed=date(2025, 6, 20), outcome="partial", kind="business")
    application(youyi, received=date(2025, 12, 25))
    DemoAnnualReports(NOW, lambda message: None).build()
    report = DisclosureReport.objects.get(profile=youyi)
    assert report.tables["applications"]["partial"]["business"] == 1
    assert "全年新收政府信息公开申请2件" in report.page.overview


def test_a_report_the_filler_published_is_corrected_once_the_applications_exist(sites):
    jixian = sites["jixian"].profile
    page = publish_last_year(jixian, NOW)
    assert page.title == "集贤县人民政府2025年政府信息公开工作年度报告"
    assert publish_last_year(jixian, NOW) is None  # published already
    # built after the deadline, a report is dated a few days before it
    late = publish_last_year(sites["youyi"].profile, datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert late.title == "友谊县人民政府2025年政府信息公开工作年度报告"
    late.refresh_from_db()
    shanghai = ZoneInfo("Asia/Shanghai")
    assert late.first_published_at.astimezone(shanghai).date() == date(2026, 3, 26)
    assert DisclosureReport.objects.get(page=late).published_at.astimezone(shanghai).date() == date(2026, 3, 26)

    application(jixian, received=date(2025, 4, 1), closed=date(2025, 4, 20), outcome="disclose")
    assert DemoAnnualReports(NOW, lambda message: None).build() == 2  # the portal anew, 集贤县 corrected
    report = DisclosureReport.objects.get(profile=jixian, year=2025)
    assert report.tables["applications"]["disclose"]["person"] == 1
    assert report.page_id == page.pk  # the same page, its correction
    assert DemoAnnualReports(NOW, lambda message: None).build() == 0
