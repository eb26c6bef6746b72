"""The 三审三校审核表 of an item, filled from the review, proofreading and publication records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from review.sheet import review_sheet
from tests.factories import ArticlePageFactory, UserFactory

from .conftest import ROLES, article_form, refused

pytestmark = pytest.mark.django_db

SHEET_QUERIES = 16  # whatever the number of stages, decisions and records


def sheet_url(page, **params):
    url = reverse("review_sheet", args=[page.pk])
    return url + "?print=1" if params.get("print") else url


def named(user, name):
    user.first_name, user.last_name = name, ""  # Chinese names are kept whole in first_name
    user.save()
    return user


@pytest.fixture
def reviewed(client, submit, act, member, city_reviewer):
    """A sensitive 集贤县 item: 初审 approves, 复审 sends it back, the editor resubmits, 复审 and 终审
    approve, the city approves and it is published."""
    first, second, final = (
        named(member("jixian", role), name)
        for role, name in (("first_review", "王科长"), ("second_review", "李副县长"), ("final_review", "赵县长"))
    )
    named(city_reviewer, "孙审核")
    page = submit("jixian", "news/local-news", "sheet", title="集贤县召开秋季防火工作会议", sensitive=True)
    named(page.editor, "陈编辑")
    act(first, page, comment="初审初校：无误")
    act(second, page, "reject", comment="参会人数需核实")
    client.force_login(page.editor)
    client.post(
        f"/admin/pages/{page.pk}/edit/",
        article_form("集贤县召开秋季防火工作会议", page.slug, sensitive=True, **{"action-submit": "1"}),
    )
    act(second, page, comment="复审复校：同意")
    act(final, page, comment="终审终校：同意发布")
    act(city_reviewer, page, comment="市级审核：同意")
    page.refresh_from_db()
    assert page.live
    return page


def test_the_sheet_names_each_stage_its_reviewer_opinion_and_the_publisher(admin_client, reviewed):
    sheet = review_sheet(reviewed)
    assert sheet.status == "审核通过" and sheet.item.sensitive
    assert [(row.stage, row.decision, row.reviewer, row.comment) for row in sheet.rows] == [
        ("初审初校", "同意", "王科长", "初审初校：无误"),
        ("复审复校", "退回修改", "李副县长", "参会人数需核实"),
        ("复审复校", "同意", "李副县长", "复审复校：同意"),
        ("终审终校", "同意", "赵县长", "终审终校：同意发布"),
        ("市级审核", "同意", "孙审核", "市级审核：同意"),
    ]
    assert [row.duty for row in sheet.rows] == ["科室负责人", "分管领导", "分管领导", "主要领导", "市级敏感信息审核"]
    assert sheet.findings == [] and sheet.publisher == "孙审核"
    assert sheet.published.revision_id == sheet.revision.pk == reviewed.live_revision_id

    response = admin_client.get(sheet_url(reviewed))
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("集贤县人民政府", "本地要闻", "陈编辑", "参会人数需核实", "是（须经市级审核）", "未发现问题"):
        assert text in html, text
    printed = admin_client.get(sheet_url(reviewed, print=True)).content.decode()
    assert "<h1>政府信息公开“三审三校”审核表</h1>" in printed and "终审终校：同意发布" in printed
    assert "w-sidebar" not in printed  # the page alone, without the admin around it


def test_an_ordinary_item_shows_the_city_stage_passed_by_the_system_and_its_final_reviewer_as_publisher(
    submit, act, member
):
    page = submit("youyi", "news/local-news", "plain", title="友谊县开展农机安全检查")
    act(member("youyi", "first_review"), page)
    act(member("youyi", "second_review"), page)
    act(named(member("youyi", "final_review"), "周县长"), page)
    sheet = review_sheet(page)
    assert (sheet.rows[-1].stage, sheet.rows[-1].decision, sheet.rows[-1].reviewer) == ("市级审核", "自动通过", "系统")
    assert sheet.publisher == "周县长"


def test_a_pending_item_shows_where_it_waits_and_what_proofreading_finds(submit, act, member):
    page = submit("jixian", "news/local-news", "pending", title="集贤县部署冬季供暖工作")
    act(member("jixian", "first_review"), page, comment="可以")
    draft = page.get_latest_revision().as_object()
    draft.body = "<p>各部门要再接再励。</p>"
    draft.save_revision()
    page.refresh_from_db()
    sheet = review_sheet(page)
    assert sheet.status == "审核中"
    assert [(row.stage, row.decision) for row in sheet.rows] == [("初审初校", "同意"), ("复审复校", "待审核")]
    assert sheet.published is None
    # What the next approval would publish: the latest revision, saved by a reviewer after 初审.
    assert sheet.revision.as_object().body == draft.body
    assert [finding.rule for finding in sheet.findings] == ["错别字"]


def test_an_item_published_without_review_says_so(admin_client, column, admin_user):
    page = ArticlePageFactory(parent=column("jixian", "news/local-news"), title="市政府直接发布的信息")
    page.save_revision(user=admin_user).publish(user=admin_user)
    sheet = review_sheet(page)
    assert sheet.state is None and sheet.rows == [] and sheet.publisher == admin_user.get_username()
    html = admin_client.get(sheet_url(page)).content.decode()
    assert "本信息尚未提交三审三校" in html and "未经三审三校流程" in html


def test_the_sheet_costs_a_fixed_number_of_queries(reviewed, submit, member, act):
    with CaptureQueriesContext(connection) as first:
        review_sheet(reviewed)
    other = submit("jixian", "news/local-news", "other", title="集贤县另一条信息")
    act(member("jixian", "first_review"), other)
    with CaptureQueriesContext(connection) as second:
        review_sheet(other)
    assert len(first) == len(second) == SHEET_QUERIES


def test_who_may_read_a_sheet(client, reviewed, member, city_reviewer):
    url = sheet_url(reviewed)
    for user in (
        member("jixian", "editor"),
        member("jixian", "first_review"),
        member("portal", "editor"),
        city_reviewer,
    ):
        client.force_login(user)
        assert client.get(url).status_code == 200, user.groups.first()
    for user in (member("youyi", "editor"), member("youyi", "final_review"), member("fuli", "editor")):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 403 and "不能查看其审核表" in response.content.decode()
        assert "参会人数需核实" not in response.content.decode()
    client.force_login(UserFactory())  # no admin access at all
    assert client.get(url)["Location"].startswith("/admin/login/")


def test_the_review_record_links_to_the_sheet(admin_client, reviewed):
    html = admin_client.get(reverse("review_records")).content.decode()
    assert sheet_url(reviewed) in html


def test_the_page_header_offers_the_sheet(client, reviewed, member):
    client.force_login(member("jixian", "editor"))
    html = client.get(f"/admin/pages/{reviewed.pk}/edit/").content.decode()
    assert sheet_url(reviewed) in html


@pytest.mark.parametrize("role", ["editor", *ROLES])
def test_a_county_reads_its_townships_sheets_read_only(client, submit, member, role):
    item = submit("fuli", "news", "fuli-sheet", title="福利镇秋收工作")
    client.force_login(member("jixian", role))
    assert client.get(sheet_url(item)).status_code == 200
    assert not item.permissions_for_user(member("jixian", role)).can_edit()
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[item.pk])))
    client.force_login(member("youyi", role))  # another county does not read it
    assert client.get(sheet_url(item)).status_code == 403
