"""审核记录: the review decisions of the sites a user oversees, exported as CSV or XLSX."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Page, PageLogEntry

from tests.admin import refused
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decisions(act, submit, member):
    """A 友谊县 item approved at 初审 and sent back at 复审; a 福利镇 item approved at 初审."""
    youyi = submit("youyi", "news/local-news", "report-youyi", title="友谊县审核稿件")
    act(member("youyi", "first_review"), youyi, comment="友谊县初审意见")
    act(member("youyi", "second_review"), youyi, "reject", comment="友谊县复审退回")
    fuli = submit("fuli", "news", "report-fuli", title="福利镇审核稿件")
    act(member("fuli", "first_review"), fuli, comment="福利镇初审意见")
    return youyi, fuli


def report(client, **params):
    return client.get(reverse("review_records"), params)


def test_the_city_sees_every_decision_with_site_task_user_and_comment(admin_client, decisions):
    html = report(admin_client).content.decode()
    for text in ("友谊县审核稿件", "福利镇审核稿件", "友谊县初审意见", "友谊县复审退回", "福利镇初审意见"):
        assert text in html
    assert "复审·友谊县人民政府" in html and "退回修改" in html and "审核通过" in html and "提交审核" in html
    assert "集贤县福利镇人民政府" in html


def test_csv_export_lists_each_decision(admin_client, decisions):
    response = report(admin_client, export="csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert list(rows[0]) == ["页面", "站点", "审核流程", "审核环节", "审核操作", "操作人", "时间", "审核意见"]
    reject = next(row for row in rows if row["审核意见"] == "友谊县复审退回")
    assert reject["站点"] == "友谊县人民政府" and reject["审核环节"] == "复审·友谊县人民政府"
    assert reject["审核操作"] == "退回修改" and reject["页面"] == "友谊县审核稿件" and reject["操作人"]
    assert reject["时间"].startswith(f"{timezone.localdate():%Y-%m-%d}")
    fuli = next(row for row in rows if row["审核意见"] == "福利镇初审意见")
    assert fuli["站点"] == "集贤县福利镇人民政府"


def test_xlsx_export(admin_client, decisions):
    response = report(admin_client, export="xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:5] == ["页面", "站点", "审核流程", "审核环节", "审核操作"]
    assert any("友谊县复审退回" in row for row in values)


def test_a_county_sees_itself_and_its_townships_only(member, decisions):
    client = Client()  # not the one that submitted, whose flash messages name the items
    client.force_login(member("jixian", "final_review"))
    html = report(client).content.decode()
    assert "福利镇审核稿件" in html and "友谊县审核稿件" not in html
    client.force_login(member("youyi", "editor"))
    html = report(client).content.decode()
    assert "友谊县审核稿件" in html and "福利镇审核稿件" not in html
    response = report(client, export="csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "友谊县复审退回" in text and "福利镇" not in text


def test_someone_outside_every_site_is_refused(member, decisions):
    client = Client()
    client.force_login(UserFactory())  # no admin access at all: sent to the login page
    for response in (report(client), report(client, export="csv")):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    outsider = UserFactory()
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)  # in the admin, but in no site's group
    assert refused(client, reverse("review_records"))
    assert refused(client, reverse("review_records") + "?export=csv")


def test_filter_by_site_and_decision(admin_client, decisions, sites):
    html = report(admin_client, site=sites["jixian"].profile.pk).content.decode()
    assert "友谊县审核稿件" not in html and "福利镇审核稿件" not in html  # 福利镇 is a site of its own
    html = report(admin_client, site=sites["fuli"].profile.pk).content.decode()
    assert "福利镇审核稿件" in html
    html = report(admin_client, action="wagtail.workflow.reject").content.decode()
    assert "友谊县复审退回" in html and "友谊县初审意见" not in html


def test_proofreading_and_submissions_entries_are_included_by_prefix(admin_client, decisions):
    youyi, _fuli = decisions
    page_type = ContentType.objects.get_for_model(Page)
    # bulk_create: those apps register their own actions; these names need not be registered here.
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            page=youyi,
            content_type=page_type,
            label=youyi.title,
            action=action,
            timestamp=timezone.now(),
            data={"comment": f"记录 {action}"},
        )
        for action in ("proofreading.checked", "submissions.received", "wagtail.edit")
    )
    html = report(admin_client).content.decode()
    assert "记录 proofreading.checked" in html and "记录 submissions.received" in html
    assert "记录 wagtail.edit" not in html


def test_the_menu_offers_the_report(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert reverse("review_records") in html
