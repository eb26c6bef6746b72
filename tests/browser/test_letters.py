"""Residents write to their government, through Chromium: a letter to 集贤县's 县长信箱 is accepted,
forwarded to 福利镇, answered, approved by the township's leader, published by the county's office,
and found and rated by the resident with its number and code; and an opinion solicitation from
the draft to its published feedback."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from wagtail.models import Site

from interaction.models import Letter, MailboxPage
from sites.caching import forget_sites
from sites.models import SiteGroup
from solicitation.drafts import publish_draft
from solicitation.models import SolicitationPage
from tests.browser.helpers import in_thread, login, solve_captcha
from tests.conftest import build_base_cluster
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cluster(live_server):
    port = urlsplit(live_server.url).port
    build_base_cluster()
    Site.objects.update(port=port)
    forget_sites()
    users = {}
    for site, role in [
        ("jixian.localhost", "editor"),
        ("fuli.jixian.localhost", "editor"),
        ("fuli.jixian.localhost", "second_review"),
        ("localhost", "editor"),
    ]:
        group = SiteGroup.objects.get(profile__site__hostname=site, role=role).group
        users[site, role] = UserFactory(username=f"{site.split('.')[0]}_{role}", groups=[group]).username
    county = Site.objects.get(hostname="jixian.localhost")
    mailbox = MailboxPage.objects.get(path__startswith=county.root_page.path, column_key="interaction/mailbox")
    column = county.root_page.get_descendants().get(columnpage__column_key="interaction/opinion-solicitation")
    today = timezone.localdate()
    draft = publish_draft(
        column,
        "集贤县农村生活垃圾治理办法（征求意见稿）",
        "为改善农村人居环境，现公开征求意见。",
        None,
        today - datetime.timedelta(days=5),
        today,
        articles=[("第一条", "各乡镇负责本辖区农村生活垃圾的收集和转运。"), ("第二条", "村民应当分类投放生活垃圾。")],
    )
    return {
        "admin": f"http://localhost:{port}/admin",
        "county": f"http://jixian.localhost:{port}",
        "mailbox": f"http://jixian.localhost:{port}{mailbox.url_path[len(county.root_page.url_path) - 1 :]}",
        "draft": draft.pk,
        "draft_url": f"http://jixian.localhost:{port}{draft.url_path[len(county.root_page.url_path) - 1 :]}",
        "users": users,
    }


def act(page, admin, letter_id, action, fields=None, select=None):
    page.goto(f"{admin}/letters/{letter_id}/")
    form = page.locator(f"form[action$='/letters/{letter_id}/{action}/']")
    for name, value in (fields or {}).items():
        form.locator(f"[name='{name}']").fill(value)
    for name, value in (select or {}).items():
        form.locator(f"select[name='{name}']").select_option(label=value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def letter_of(number):
    letter = Letter.objects.select_related("handler").get(number=number)
    return letter.pk, letter.state, letter.handler.name, letter.public_page_id


def test_a_letter_from_writing_to_rating(cluster, browser):
    admin, users = cluster["admin"], cluster["users"]
    resident = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # a phone
    resident.goto(cluster["mailbox"])
    resident.click("text=我要写信")
    resident.check("input[name=kind][value=help]")
    resident.fill("input[name=title]", "福利镇东兴村路灯不亮")
    resident.fill(
        "textarea[name=content]",
        "我叫王秀兰，电话13904691234。东兴村主路的路灯已经两个月不亮，老人晚上出门不方便，请帮助解决。",
    )
    resident.fill("input[name=name]", "王秀兰")
    resident.fill("input[name=phone]", "13904691234")
    solve_captcha(resident)
    with resident.expect_navigation():
        resident.click("button:has-text('提交来信')")
    number = resident.inner_text("strong.code >> nth=0")
    code = resident.inner_text("strong.code >> nth=1")
    assert re.fullmatch(r"\d{12}", number) and len(code) == 8

    letter_id, state, _, _ = in_thread(letter_of, number)
    assert state == Letter.State.RECEIVED

    office = login(browser, admin, users["jixian.localhost", "editor"])
    office.goto(f"{admin}/letters/")
    assert "福利镇东兴村路灯不亮" in office.content()
    act(office, admin, letter_id, "accept")
    act(office, admin, letter_id, "forward", select={"forward-to": "集贤县福利镇人民政府"})
    assert in_thread(letter_of, number)[1:3] == (Letter.State.FORWARDED, "集贤县福利镇人民政府")

    township = login(browser, admin, users["fuli.jixian.localhost", "editor"])
    township.goto(f"{admin}/letters/")
    assert "福利镇东兴村路灯不亮" in township.content()
    reply = "福利镇已安排电工检修，东兴村主路路灯已于本周恢复照明。感谢您的反映。"
    act(township, admin, letter_id, "draft_reply", fields={"draft_reply-text": reply})

    leader = login(browser, admin, users["fuli.jixian.localhost", "second_review"])
    act(leader, admin, letter_id, "approve")
    assert in_thread(letter_of, number)[1] == Letter.State.APPROVED

    act(office, admin, letter_id, "publish")
    _, state, _, public_page = in_thread(letter_of, number)
    assert state == Letter.State.ANSWERED and public_page

    resident.goto(cluster["mailbox"])
    listing = resident.content()
    assert "福利镇东兴村路灯不亮" in listing
    assert "13904691234" not in listing and "王秀兰" not in listing

    resident.goto(f"{cluster['county']}/letters/lookup/")
    resident.fill("input[name=number]", number)
    resident.fill("input[name=code]", code)
    with resident.expect_navigation():
        resident.click("button:has-text('查询')")
    assert reply in resident.content()
    resident.check("input[name=rating][value=satisfied]")
    with resident.expect_navigation():
        resident.click("button:has-text('提交评价')")
    assert "您的评价：满意" in resident.content()


def close(page_id):
    SolicitationPage.objects.filter(pk=page_id).update(ends_on=timezone.localdate() - datetime.timedelta(days=1))


def test_a_solicitation_from_draft_to_feedback(cluster, browser):
    admin, users = cluster["admin"], cluster["users"]
    resident = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    resident.goto(cluster["draft_url"])
    assert "征集中" in resident.content()
    resident.click("text=对本条提意见 >> nth=1")
    resident.fill("textarea[name=content]", "建议在每个村设置有害垃圾回收点，并每月公布清运情况。")
    solve_captcha(resident)
    with resident.expect_navigation():
        resident.click("button:has-text('提交意见')")
    assert "感谢" in resident.content()

    in_thread(close, cluster["draft"])  # the end date passes

    office = login(browser, admin, users["jixian.localhost", "editor"])
    office.goto(f"{admin}/solicitation/{cluster['draft']}/")
    office.check("input[name$=disposition][value=adopted]")
    with office.expect_navigation():
        office.click("text=保存处理结果")
    office.fill("textarea[name$=feedback]", "共收到意见1条，采纳1条：将在各村设置有害垃圾回收点。")
    with office.expect_navigation():
        office.click("button:has-text('发布反馈')")

    resident.goto(cluster["draft_url"])
    page = resident.content()
    assert "已反馈" in page and "意见采纳情况" in page and "有害垃圾回收点" in page
