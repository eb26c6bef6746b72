"""信息公开年报 in the admin: confined to the units the user oversees, the live tables and the offered
draft, errors beside the fields with nothing half-saved, check and publish."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from annualreports.models import AnnualReportPage, DisclosureReport

from .conftest import TEXTS
from .factories import application

pytestmark = pytest.mark.django_db


def edit_url(site, year=2025):
    return reverse("annualreports_admin:edit", args=[site.profile.pk, year])


def form_data(**changes):
    data = {**TEXTS, "licences": "3", "penalties": "0", "coercions": "0", "fees": "0"}
    for group in ("review", "direct", "after_review"):
        for result in ("upheld", "corrected", "other", "pending"):
            data[f"{group}_{result}"] = "0"
    return {**data, **changes}


@time_machine.travel("2026-02-10 10:00 +0800")
def test_the_list_shows_the_users_units_with_state_and_deadline(client, sites, staff, report):
    report("fuli")
    client.force_login(staff("jixian"))
    text = client.get(reverse("annualreports_admin:index")).content.decode()
    assert "集贤县人民政府" in text and "集贤县福利镇人民政府" in text
    assert "友谊县人民政府" not in text and "双鸭山市人民政府" not in text
    assert "2026年3月31日" in text and "草稿" in text and "未编写" in text and "已逾期未发布" not in text


@time_machine.travel("2026-04-02 10:00 +0800")
def test_after_the_deadline_the_list_marks_the_missing_report(client, staff):
    client.force_login(staff("jixian"))
    assert "已逾期未发布" in client.get(reverse("annualreports_admin:index")).content.decode()


def test_another_units_report_is_not_found(client, sites, staff, report):
    report("youyi")
    client.force_login(staff("jixian"))
    assert client.get(edit_url(sites["youyi"])).status_code == 404
    assert client.post(edit_url(sites["youyi"]), form_data(action="publish")).status_code == 404
    assert client.get(edit_url(sites["jixian"], year=1999)).status_code == 404
    assert not AnnualReportPage.objects.exists()
    assert DisclosureReport.objects.get(profile=sites["youyi"].profile).overview == TEXTS["overview"]


def test_the_edit_page_shows_the_live_tables_and_the_offered_draft(client, sites, staff):
    jixian = sites["jixian"].profile
    application(jixian, received=date(2025, 3, 1), closed=date(2025, 3, 9), outcome="disclose", kind="business")
    application(jixian, received=date(2025, 11, 1), kind="person")
    client.force_login(staff("jixian"))
    text = client.get(edit_url(sites["jixian"])).content.decode()
    assert "集贤县人民政府2025年政府信息公开工作年度报告" in text
    assert 'colspan="2">（一）予以公开</th><td>0</td><td>1</td>' in text
    assert "全年新收政府信息公开申请2件，上年结转0件，办结1件（其中予以公开1件），结转下年度继续办理1件。" in text
    assert "插入到“总体情况”" in text


def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(client, sites, staff):
    client.force_login(staff("jixian"))
    response = client.post(
        edit_url(sites["jixian"]),
        form_data(action="save", licences="-1", fees="abc", review_upheld="两件", overview="新的总体情况" * 5),
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "不能小于0。" in text and "请填写金额（万元），如 12.5。" in text and "请填写不小于0的整数。" in text
    assert "新的总体情况" in text  # the typed input kept
    assert not DisclosureReport.objects.exists()


def test_check_reports_without_saving_and_publish_refusal_saves_nothing(client, sites, staff):
    jixian = sites["jixian"].profile
    application(jixian, received=date(2025, 3, 1), closed=date(2025, 3, 9), outcome="", kind="legal")
    client.force_login(staff("jixian"))

    response = client.post(edit_url(sites["jixian"]), form_data(action="check", problems=""))
    text = response.content.decode()
    assert response.status_code == 400
    assert "请填写“五、存在的主要问题及改进情况”。" in text and "“法律服务机构”列不平衡" in text
    assert not DisclosureReport.objects.exists()

    response = client.post(edit_url(sites["jixian"]), form_data(action="publish", overview="我写的总体情况"))
    assert response.status_code == 400
    assert (
        "“法律服务机构”列不平衡：本年新收 1 + 上年结转 0 = 1，而办理结果总计 0 + 结转下年度 0 = 0"
        in response.content.decode()
    )
    assert "我写的总体情况" in response.content.decode()
    assert not DisclosureReport.objects.exists() and not AnnualReportPage.objects.exists()


def test_save_then_publish_then_republish(client, sites, staff):
    client.force_login(staff("jixian"))
    url = edit_url(sites["jixian"])
    assert client.post(url, form_data(action="save", direct_corrected="2")).status_code == 302
    report = DisclosureReport.objects.get()
    assert (
        report.state == "draft" and report.appeals["direct_corrected"] == 2 and report.appeal_cells["direct_total"] == 2
    )

    assert client.post(url, form_data(action="publish", direct_corrected="2")).status_code == 302
    report.refresh_from_db()
    assert report.state == "published" and report.page.live
    assert client.post(url, form_data(action="publish", problems="更正")).status_code == 302
    assert AnnualReportPage.objects.count() == 1 and AnnualReportPage.objects.get().problems == "更正"
    assert "重新发布" in client.get(url).content.decode()
