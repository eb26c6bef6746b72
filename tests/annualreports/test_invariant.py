"""一 + 二 = 三(七) + 四 in every column of table 三; a report that breaks it is refused with the
column and its figures, and nothing is published."""

from datetime import date

import pytest

from annualreports import publishing
from annualreports.models import AnnualReportPage, DisclosureReport
from annualreports.tables import applications_by_unit, invariant_errors
from disclosure.models import Application

from .factories import application

pytestmark = pytest.mark.django_db


def errors_of(profile, year=2025):
    return invariant_errors(applications_by_unit([profile.pk], year)[profile.pk])


def test_balanced_data_passes(sites):
    jixian = sites["jixian"].profile
    application(jixian, received=date(2025, 3, 1), closed=date(2025, 3, 20), outcome="disclose")
    application(jixian, received=date(2025, 3, 1), kind="research")
    assert errors_of(jixian) == []


def test_closed_without_an_outcome_breaks_the_column_and_says_so(sites):
    jixian = sites["jixian"].profile
    application(jixian, received=date(2025, 3, 1), closed=date(2025, 3, 20), outcome="disclose")
    application(jixian, received=date(2025, 4, 1), closed=date(2025, 4, 20), outcome="", kind="nonprofit")

    errors = errors_of(jixian)

    assert len(errors) == 2  # 社会公益组织 and 总计
    assert errors[0].startswith(
        "表三“社会公益组织”列不平衡：本年新收 1 + 上年结转 0 = 1，而办理结果总计 0 + 结转下年度 0 = 0"
    )
    assert "其中 1 件申请已办结但没有记录办理结果" in errors[0]
    assert "“总计”列不平衡：本年新收 2 + 上年结转 0 = 2，而办理结果总计 1 + 结转下年度 0 = 1" in errors[1]


def test_a_received_date_edited_after_closing_breaks_the_column(sites):
    jixian = sites["jixian"].profile
    edited = application(jixian, received=date(2025, 3, 1), closed=date(2025, 3, 20), outcome="partial", kind="legal")
    Application.objects.filter(pk=edited.pk).update(received_on=None)  # a 收到日期 erased afterwards
    assert (
        "“法律服务机构”列不平衡：本年新收 0 + 上年结转 0 = 0，而办理结果总计 1 + 结转下年度 0 = 1"
        in errors_of(jixian)[0]
    )
    Application.objects.filter(pk=edited.pk).update(received_on=date(2026, 1, 5))  # received after closing
    assert errors_of(jixian)[0].startswith("表三“法律服务机构”列不平衡")


def test_publishing_refuses_an_unbalanced_report_and_changes_nothing(sites, report, staff):
    jixian = sites["jixian"].profile
    application(jixian, received=date(2025, 4, 1), closed=date(2025, 4, 20), outcome="")
    draft = report("jixian")

    with pytest.raises(publishing.ReportError) as refused:
        publishing.publish(draft, staff("jixian"))

    assert "“自然人”列不平衡：本年新收 1 + 上年结转 0 = 1，而办理结果总计 0 + 结转下年度 0 = 0" in str(refused.value)
    draft.refresh_from_db()
    assert draft.state == DisclosureReport.State.DRAFT and draft.page is None and draft.tables == {}
    assert not AnnualReportPage.objects.exists()
