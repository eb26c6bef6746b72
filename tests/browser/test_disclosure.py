"""Disclosure on request through Chromium: an application to 集贤县人民政府 is received, sent back
for 补正, corrected by the applicant, extended, partly disclosed with its 告知书 and file, approved
by the final reviewer and sent; the applicant reads the outcome with number and code. And the
county's 2025 report: checked, refused while blank, completed and published in its column."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core import mail
from wagtail.models import Site

from annualreports.models import DisclosureReport
from disclosure.models import Application, ApplicationEvent
from sites.caching import forget_sites
from sites.models import SiteGroup, SiteProfile
from tests.browser.helpers import in_thread, login, solve_captcha
from tests.conftest import build_base_cluster
from tests.disclosure.factories import application
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RELEASED = b"%PDF-1.4 2025 road repair approvals, names of private persons blacked out"


@pytest.fixture
def cluster(live_server):
    port = urlsplit(live_server.url).port
    build_base_cluster()
    Site.objects.update(port=port)
    forget_sites()
    county = SiteProfile.objects.get(site__hostname="jixian.localhost")
    users = {}
    for role in ("editor", "final_review"):
        group = SiteGroup.objects.get(profile=county, role=role).group
        users[role] = UserFactory(username=f"jixian_{role}", groups=[group]).username
    # 2025's applications, newest first: one carried into 2026, one partly disclosed, one
    # received in 2024 and answered in January
    application(county, received=date(2025, 12, 22), state=Application.State.RECEIVED)
    application(county, received=date(2025, 3, 3), closed_on=date(2025, 3, 20), outcome="partial")
    application(county, received=date(2024, 12, 20), closed_on=date(2025, 1, 10), outcome="disclose")
    return {
        "admin": f"http://localhost:{port}/admin",
        "county": f"http://jixian.localhost:{port}",
        "profile": county.pk,
        "users": users,
    }


def act(page, admin, application_id, action, fields=None, choose=None, files=None):
    """Take a step from the application's page: text fields, radio or select choices, uploads."""
    page.goto(f"{admin}/disclosure/{application_id}/")
    form = page.locator(f"form[action$='/disclosure/{application_id}/{action}/']")
    for name, value in (fields or {}).items():
        form.locator(f"[name='{action}-{name}']").fill(value)
    for name, value in (choose or {}).items():
        field = form.locator(f"[name='{action}-{name}']")
        if field.first.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            form.locator(f"[name='{action}-{name}'][value='{value}']").check()
    for name, payload in (files or {}).items():
        form.locator(f"[name='{action}-{name}']").set_input_files(payload)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "请按提示修改" not in page.content(), page.inner_text("main")


def state_of(number):
    made = Application.objects.get(number=number)
    return made.pk, made.state, made.extension_days, made.outcome


def events_of(number):
    return list(Application.objects.get(number=number).events.order_by("pk").values_list("action", flat=True))


def outbox():
    return [(message.to, message.subject) for message in mail.outbox]


def lookup(page, county, number, code):
    page.goto(f"{county}/disclosure/lookup/")
    page.fill("input[name=number]", number)
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.click("button:has-text('查询')")


def fetch(page, href):
    """(status, body) of a GET from the page, with its cookies."""
    status, body = page.evaluate(
        "href => fetch(href).then(r => r.arrayBuffer().then(b => [r.status, Array.from(new Uint8Array(b))]))", href
    )
    return status, bytes(body)


def test_an_application_from_the_form_to_its_partial_disclosure(cluster, browser):
    admin, county, users = cluster["admin"], cluster["county"], cluster["users"]
    applicant = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    applicant.goto(f"{county}/disclosure/apply/")
    applicant.select_option("select[name=profile]", label="集贤县人民政府")
    applicant.check("input[name=applicant_type][value=person]")
    applicant.fill("input[name=name]", "刘桂芝")
    applicant.fill("input[name=id_number]", "11010519491231002X")
    applicant.fill("input[name=phone]", "13904695678")
    applicant.fill("input[name=email]", "liuguizhi@example.cn")
    applicant.fill("textarea[name=description]", "福利镇道路维修的批复")
    applicant.check("input[name=medium][value=electronic]")
    applicant.check("input[name=delivery][value=online]")
    applicant.check("input[name=consent]")
    solve_captcha(applicant)
    with applicant.expect_navigation():
        applicant.click("button:has-text('提交申请')")
    number = applicant.inner_text("strong.code >> nth=0")
    code = applicant.inner_text("strong.code >> nth=1")
    assert re.fullmatch(r"YS\d{12}", number), number
    application_id, state, _, _ = in_thread(state_of, number)
    assert state == Application.State.SUBMITTED

    office = login(browser, admin, users["editor"])
    office.goto(f"{admin}/disclosure/")
    assert "福利镇道路维修的批复" in office.content()
    act(office, admin, application_id, "confirm_receipt")
    act(office, admin, application_id, "ask_clarification", {"request": "请写明道路名称和批复年份。"})
    assert in_thread(state_of, number)[1] == Application.State.CLARIFYING

    lookup(applicant, county, number, code)
    assert "请写明道路名称和批复年份。" in applicant.content()
    applicant.fill("textarea[name=text]", "福利镇至集贤镇道路2025年维修工程的立项批复。")
    with applicant.expect_navigation():
        applicant.click("button:has-text('提交补正')")
    assert "补正已提交" in applicant.content()
    assert in_thread(state_of, number)[1] == Application.State.RECEIVED

    act(
        office,
        admin,
        application_id,
        "extend",
        {"days": "15", "reason": "需调取县交通运输局档案。", "approver": "赵海军"},
    )
    assert in_thread(state_of, number)[2] == 15
    act(
        office,
        admin,
        application_id,
        "decide",
        {"basis": "所申请的批复由本机关制作并保存。", "withheld": "批复附件中的个人信息，属于条例第十五条规定的情形。"},
        choose={"outcome": "partial"},
        files={"files": {"name": "批复.pdf", "mimeType": "application/pdf", "buffer": RELEASED}},
    )
    assert in_thread(state_of, number)[1:] == (Application.State.DECIDED, 15, "partial")
    office.goto(f"{admin}/disclosure/{application_id}/")
    assert "部分公开" in office.content() and "告知书" in office.content()

    reviewer = login(browser, admin, users["final_review"])
    act(reviewer, admin, application_id, "approve")
    act(office, admin, application_id, "send", choose={"via": "email"})
    assert in_thread(state_of, number)[1] == Application.State.CLOSED
    Action = ApplicationEvent.Action
    history = in_thread(events_of, number)
    for step in (Action.RECEIVED, Action.CLARIFICATION_SENT, Action.CLARIFIED, Action.DECIDED):
        assert step in history, (step, history)
    sent = in_thread(outbox)
    assert any(to == ["liuguizhi@example.cn"] and "延长" in subject for to, subject in sent), sent

    lookup(applicant, county, number, code)
    page = applicant.content()
    assert "已办结" in page and "部分公开" in page and "批复附件中的个人信息" in page
    href = applicant.locator("ul.files a", has_text="批复.pdf").get_attribute("href")
    assert fetch(applicant, href) == (200, RELEASED)

    stranger = browser.new_context().new_page()  # no lookup, no file
    stranger.goto(f"{county}/disclosure/lookup/")
    assert fetch(stranger, href)[0] == 404
    lookup(stranger, county, number, "WRONG123")
    assert "部分公开" not in stranger.content() and "刘桂芝" not in stranger.content()


def report_of(profile_id):
    report = DisclosureReport.objects.get(profile_id=profile_id, year=2025)
    return report.state, report.page_id, report.page.url if report.page_id else None


def test_the_counties_2025_report_checked_and_published(cluster, browser):
    admin, county = cluster["admin"], cluster["county"]
    office = login(browser, admin, cluster["users"]["editor"])
    office.goto(f"{admin}/annual-reports/{cluster['profile']}/2025/")
    rows = {
        row: office.locator(f"tr[data-row='{row}'] td").all_inner_texts()
        for row in ("new", "carried", "partial", "disclose", "forward")
    }
    assert rows == {
        "new": ["2", "0", "0", "0", "0", "0", "2"],
        "carried": ["1", "0", "0", "0", "0", "0", "1"],
        "partial": ["1", "0", "0", "0", "0", "0", "1"],
        "disclose": ["1", "0", "0", "0", "0", "0", "1"],
        "forward": ["1", "0", "0", "0", "0", "0", "1"],
    }, rows

    with office.expect_navigation():
        office.click("button[value=check]")
    assert "检查未通过" in office.content() and "请填写" in office.content()

    office.click("[data-insert-offered]")
    assert office.input_value("textarea[name=overview]").strip()
    office.fill("textarea[name=problems]", "依申请公开答复的规范性有待加强，2026年将组织专题培训。")
    office.fill("textarea[name=other_matters]", "本年度未收取信息处理费。")
    with office.expect_navigation():
        office.click("button[value=check]")
    assert "检查通过" in office.content()
    with office.expect_navigation():
        office.click("button[value=publish]")
    assert "报告已发布" in office.content()

    state, page_id, url = in_thread(report_of, cluster["profile"])
    assert state == DisclosureReport.State.PUBLISHED and page_id
    resident = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    response = resident.goto(f"{county}{urlsplit(url).path}")
    assert response.status == 200
    text = resident.content()
    assert "2025年" in text and "政府信息公开工作年度报告" in text and "2026年将组织专题培训" in text
    assert resident.locator("tr[data-row='new'] td").all_inner_texts()[-1] == "2"
