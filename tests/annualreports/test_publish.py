"""Publishing: the refusals (texts, numbers, balance), the page in the unit's 信息公开年报 column with
the national tables and the A4 print stylesheet, the figures frozen, one page when republished."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from annualreports import publishing
from annualreports.models import AnnualReportPage, DisclosureReport
from columns.models import ITEM_PAGE_TYPES, ColumnPage

from .factories import application, column_of, document

pytestmark = pytest.mark.django_db


def test_refusals_name_every_missing_text_and_bad_number(report, staff):
    draft = report("jixian", overview="  ", other_matters="", appeals={"review_upheld": -1, "direct_pending": "x"})
    with pytest.raises(publishing.ReportError) as refused:
        publishing.publish(draft, staff("jixian"))
    fields = [field for field, _message in refused.value.errors]
    assert fields == ["overview", "other_matters", "review_upheld", "direct_pending"]
    assert "请填写“一、总体情况”。" in str(refused.value)
    assert not AnnualReportPage.objects.exists()


def test_published_in_the_units_column_with_the_national_tables(client, sites, report, staff):
    jixian = sites["jixian"].profile
    application(
        jixian, received=date(2025, 3, 1), closed=date(2025, 3, 20), outcome="withhold.process", kind="research"
    )
    application(jixian, received=date(2025, 12, 30), kind="business")
    document(column_of(jixian, "normative-documents"), published=date(2025, 6, 1))
    draft = report(
        "jixian", licences=12, fees=Decimal("3.5"), appeals={"review_corrected": 2, "after_review_pending": 1}
    )

    page = publishing.publish(draft, staff("jixian"))

    assert page.title == "集贤县人民政府2025年政府信息公开工作年度报告"
    assert page.live and page.get_parent().specific.column_key == "disclosure/annual-disclosure-reports"
    assert "annualreports.AnnualReportPage" in ITEM_PAGE_TYPES
    assert "annualreports.AnnualReportPage" in ColumnPage.subpage_types
    draft.refresh_from_db()
    assert draft.state == DisclosureReport.State.PUBLISHED and draft.page_id == page.pk
    assert draft.tables["applications"]["withhold.process"]["research"] == 1
    assert draft.tables["appeals"]["review_total"] == 2 and draft.tables["appeals"]["after_review_total"] == 1

    response = client.get(page.url, HTTP_HOST="jixian.localhost")
    text = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ):
        assert heading in text
    assert "第二十条第（一）项" in text and "第二十条第（八）项" in text and "本年收费金额（单位：万元）" in text
    assert '<th scope="row" rowspan="22">三、本年度办理结果</th>' in text
    assert '<th scope="row" rowspan="8">（三）不予公开</th>' in text
    assert "6．属于四类过程性信息</th><td>0</td><td>0</td><td>1</td>" in text
    assert '<td colspan="3">3.5</td>' in text and '<td colspan="3">12</td>' in text
    assert "annualreports/report.css" in text
    css = Path(finders.find("annualreports/report.css")).read_text(encoding="utf-8")
    assert "@page { size: A4;" in css and "@media print" in css
    assert ".site-header, .site-footer, .breadcrumbs" in css and "break-inside: avoid" in css


def test_republishing_a_correction_keeps_one_page_and_the_frozen_figures(client, sites, report, staff):
    jixian = sites["jixian"].profile
    editor = staff("jixian")
    draft = report("jixian")
    page = publishing.publish(draft, editor)
    application(jixian, received=date(2025, 7, 1), closed=date(2025, 7, 9), outcome="disclose")  # after publication
    text = client.get(page.url, HTTP_HOST="jixian.localhost").content.decode()
    assert 'colspan="2">（一）予以公开</th><td>0</td>' in text

    draft.problems = "更正后的问题和改进情况。"
    draft.save()
    again = publishing.publish(draft, editor)

    assert again.pk == page.pk
    assert AnnualReportPage.objects.count() == 1 and again.revisions.count() == 2
    text = client.get(page.url, HTTP_HOST="jixian.localhost").content.decode()
    assert "更正后的问题和改进情况。" in text
    assert 'colspan="2">（一）予以公开</th><td>1</td>' in text


def test_a_township_and_the_portal_publish_in_their_own_columns(sites, report, staff):
    fuli_page = publishing.publish(report("fuli"), staff("fuli"))
    portal_page = publishing.publish(report("portal"), staff("portal"))
    assert fuli_page.get_parent().specific.column_key == "annual-disclosure-reports"
    assert fuli_page.url_path.startswith(sites["fuli"].root_page.url_path)
    assert portal_page.get_parent().specific.column_key == "homepage/annual-disclosure-reports"
    assert portal_page.title == "双鸭山市人民政府2025年政府信息公开工作年度报告"
