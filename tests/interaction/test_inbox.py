"""The admin's 群众来信: confinement of the inbox, the letter's page and its actions, personal
data shown only to the handling staff and logged, a fixed number of queries."""

from datetime import date

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import SecurityEvent
from interaction import handling
from interaction.models import ErrorReport, Letter, LetterAttachment, LetterEvent

from .conftest import at

pytestmark = pytest.mark.django_db


def inbox(client, user, **query):
    client.force_login(user)
    return client.get(reverse("interaction_admin:index"), query)


def pii_logs():
    return SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERSONAL_DATA).count()


def test_a_county_sees_its_own_letters_and_a_township_only_what_was_forwarded(client, letter, staff, sites):
    own = letter("jixian", title="集贤县的来信")
    forwarded = letter("jixian", title="转给福利镇的来信")
    letter("youyi", title="友谊县的来信")
    office = staff("jixian")
    handling.accept(forwarded, office)
    handling.forward(forwarded, office, sites["fuli"].profile)
    text = inbox(client, office).content.decode()
    assert own.title in text and forwarded.title in text and "友谊县的来信" not in text
    text = inbox(client, staff("fuli")).content.decode()
    assert forwarded.title in text and own.title not in text and "友谊县的来信" not in text
    text = inbox(client, staff("portal")).content.decode()
    assert own.title in text and "友谊县的来信" in text


def test_filters_and_search(client, letter, staff):
    office = staff("jixian")
    complaint = letter(kind="complaint", title="投诉噪声")
    letter(kind="consultation", title="咨询社保")
    text = inbox(client, office, kind="complaint").content.decode()
    assert "投诉噪声" in text and "咨询社保" not in text
    text = inbox(client, office, q=complaint.number).content.decode()
    assert "投诉噪声" in text and "咨询社保" not in text
    assert "咨询社保" not in inbox(client, office, state="accepted").content.decode()


def test_the_overdue_badge_and_filter(client, letter, staff):
    late = letter(received_at=at(date(2026, 9, 28)), title="逾期的来信")
    letter(received_at=at(date(2026, 10, 8)), title="刚收到的来信")
    office = staff("jixian")
    with time_machine.travel(at(date(2026, 10, 9)), tick=False):
        response = inbox(client, office)
        text = response.content.decode()
        assert "逾期 2 个工作日" in text  # due 9-30: late on 10-8 and 10-9
        overdue = inbox(client, office, due="overdue").content.decode()
    assert late.accept_due == date(2026, 9, 30)
    assert "逾期的来信" in overdue and "刚收到的来信" not in overdue


def test_the_inbox_costs_the_same_queries_for_few_and_many_letters(client, letter, staff, sites):
    office = staff("jixian")
    client.force_login(office)
    url = reverse("interaction_admin:index")
    for _ in range(3):
        letter()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(20):
        handling.accept(letter(), office)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_another_countys_letter_is_out_of_reach(client, letter, staff):
    foreign = letter("youyi")
    attachment = LetterAttachment.objects.create(
        letter=foreign,
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        name="a.pdf",
        content_type="application/pdf",
        size=8,
    )
    client.force_login(staff("jixian"))
    assert client.get(reverse("interaction_admin:detail", args=[foreign.pk])).status_code == 404
    response = client.post(reverse("interaction_admin:action", args=[foreign.pk, "accept"]), {"state": "received"})
    assert response.status_code == 404
    url = reverse("interaction_admin:attachment", args=[foreign.pk, attachment.pk])
    assert client.get(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == Letter.State.RECEIVED and not foreign.events.exists() and pii_logs() == 0


def test_handling_staff_see_personal_data_and_each_view_is_logged(client, letter, staff):
    received = letter()
    client.force_login(staff("jixian"))
    url = reverse("interaction_admin:detail", args=[received.pk])
    for expected in (1, 2):
        text = client.get(url).content.decode()
        assert "张三丰" in text and "13800000000" in text and "resident@example.cn" in text
        assert pii_logs() == expected
    assert received.number in SecurityEvent.objects.latest("pk").detail


def test_overseeing_city_staff_read_the_letter_masked_and_cannot_act(client, letter, staff):
    received = letter()
    client.force_login(staff("portal"))
    text = client.get(reverse("interaction_admin:detail", args=[received.pk])).content.decode()
    assert received.title in text and "张某某" in text
    assert "张三丰" not in text and "13800000000" not in text and "resident@example.cn" not in text
    assert pii_logs() == 0 and "没有可办理的操作" in text
    response = client.post(reverse("interaction_admin:action", args=[received.pk, "accept"]), {"state": "received"})
    assert response.status_code == 400 and "无权" in response.content.decode()
    received.refresh_from_db()
    assert received.state == Letter.State.RECEIVED


def test_actions_from_the_page_and_their_errors(client, letter, staff, sites):
    received = letter()
    client.force_login(staff("jixian"))
    action = lambda name: reverse("interaction_admin:action", args=[received.pk, name])  # noqa: E731
    response = client.post(action("accept"), {"state": "received"})
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.state == Letter.State.ACCEPTED
    # a stale page: the state it showed is gone
    response = client.post(action("refuse"), {"state": "received", "refuse-reason": "duplicate", "refuse-note": "x"})
    assert response.status_code == 400 and "该信件已被他人处理（当前状态：已受理）" in response.content.decode()
    # another county as the target: refused beside the field, typed note kept
    response = client.post(
        action("forward"),
        {"state": "accepted", "forward-to": sites["youyi"].profile.pk, "forward-note": "请办理MYNOTE"},
    )
    text = response.content.decode()
    assert response.status_code == 400 and "只能转办给本站点下属的运行中单位" in text and "请办理MYNOTE" in text
    assert client.post(action("nonsense"), {}).status_code == 404
    response = client.post(action("forward"), {"state": "accepted", "forward-to": sites["fuli"].profile.pk})
    received.refresh_from_db()
    assert response.status_code == 302 and received.handler == sites["fuli"].profile


def test_an_attachment_streams_as_a_download_and_is_logged(client, letter, staff):
    received = letter()
    attachment = LetterAttachment.objects.create(
        letter=received,
        file=ContentFile(b"%PDF-1.4 ok", name="x.pdf"),
        name="现场照片.pdf",
        content_type="application/pdf",
        size=11,
    )
    client.force_login(staff("jixian"))
    response = client.get(reverse("interaction_admin:attachment", args=[received.pk, attachment.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 ok" and pii_logs() == 1
    client.force_login(staff("portal"))
    assert client.get(reverse("interaction_admin:attachment", args=[received.pk, attachment.pk])).status_code in (
        302,
        403,
    )


def test_error_reports_of_the_users_sites_and_marking_one_handled(client, staff, sites):
    def report(site, number):
        return ErrorReport.objects.create(
            profile=sites[site].profile,
            number=number,
            url="/x/",
            kind="broken_link",
            description="链接打不开",
            received_at=at(date(2026, 10, 9)),
            due=date(2026, 10, 14),
        )

    own, foreign = report("jixian", "E1"), report("youyi", "E2")
    client.force_login(staff("jixian"))
    text = client.get(reverse("interaction_admin:error_reports")).content.decode()
    assert "E1" in text and "E2" not in text
    assert client.get(reverse("interaction_admin:error_report", args=[foreign.pk])).status_code == 404
    url = reverse("interaction_admin:error_report", args=[own.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "已修复链接"}).status_code == 302
    own.refresh_from_db()
    assert own.state == ErrorReport.State.DONE and own.note == "已修复链接"


def test_a_residents_own_steps_show_in_the_history_without_an_account(client, letter, staff):
    """The history of a letter as the public form writes it: its first step has no staff actor."""
    received = letter()
    LetterEvent.objects.create(letter=received, action=LetterEvent.Action.RECEIVED)
    client.force_login(staff("jixian"))
    response = client.get(reverse("interaction_admin:detail", args=[received.pk]))
    assert response.status_code == 200
    assert "来信人" in response.content.decode()
