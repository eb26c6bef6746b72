"""Staff recording what came on paper: an application handed in, posted or faxed, received on the
day art. 31 sets; a 补正 that came on paper. Only for the units the user oversees."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import SecurityEvent
from disclosure import intake
from disclosure.models import Application, ApplicationEvent
from interaction.receipts import code_matches
from tests.factories import UserFactory

from .conftest import ORGANISATION, PERSON, cleaned, pdf
from .factories import application

TODAY = date(2026, 3, 2)


def record_data(profile, base=PERSON, **overrides):
    data = {**base, "profile": str(profile.pk), "channel": "in_person", "received_on": TODAY.isoformat()}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def record(client, django_capture_on_commit_callbacks):
    def send(user, data):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("disclosure_admin:record"), data)

    return send


@time_machine.travel(TODAY, tick=False)
def test_staff_record_an_application_handed_in(client, staff, profiles, record, private_media):
    user = staff("jixian")
    client.force_login(user)
    form = client.get(reverse("disclosure_admin:record")).content.decode()
    assert "登记政府信息公开申请" in form and "收到申请之日" in form and "集贤县福利镇人民政府" in form
    assert "友谊县人民政府" not in form

    response = record(user, record_data(profiles["jixian"], attachments=[pdf()]))
    html = response.content.decode()
    assert response.status_code == 200, html
    made = Application.objects.get()
    code = html.split("<dt>查询码</dt><dd><strong>")[1].split("<")[0]
    assert made.number in html and code_matches(made, code)
    assert made.number.startswith("YS20260302")
    assert made.state == Application.State.RECEIVED and made.received_on == TODAY
    assert made.channel == "in_person" and made.recorded_by == user and made.remote_addr is None
    event = made.events.get()
    assert (event.action, event.actor, event.unit) == (ApplicationEvent.Action.RECORDED, user, profiles["jixian"])
    assert "第三十一条第一项" in event.note
    assert made.files.count() == 1
    assert mail.outbox and code in mail.outbox[0].body and "第三十一条第一项" in mail.outbox[0].body
    logged = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PERSONAL_DATA, user=user)
    assert made.number in logged.detail


@time_machine.travel(TODAY, tick=False)
def test_a_registered_letter_counts_from_the_day_it_was_signed_for(staff, profiles, record):
    response = record(
        staff("jixian"),
        record_data(
            profiles["fuli"],
            ORGANISATION,
            channel="registered_post",
            received_on="2026-02-26",
            email="",
            delivery="post",
        ),
    )
    assert response.status_code == 200
    made = Application.objects.get()
    assert (made.profile, made.received_on, made.applicant_kind) == (profiles["fuli"], date(2026, 2, 26), "business")
    assert mail.outbox == []


@time_machine.travel(TODAY, tick=False)
def test_the_abuse_limits_do_not_apply_to_staff(staff, profiles, record, settings):
    settings.DISCLOSURE_APPLICATIONS_PER_PHONE_PER_DAY = 1
    user = staff("jixian")
    for _ in range(3):
        assert record(user, record_data(profiles["jixian"])).status_code == 200
    assert Application.objects.count() == 3


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "received_on, message",
    [
        ("2026-03-03", "收到申请之日不能晚于今天。"),
        ("2019-05-14", "收到申请之日不能早于2019年5月15日"),
        ("", "请填写收到申请之日。"),
        ("去年", "日期格式不正确"),
    ],
)
def test_a_receipt_date_out_of_bounds_is_refused(staff, profiles, record, received_on, message):
    response = record(staff("jixian"), record_data(profiles["jixian"], received_on=received_on))
    assert response.status_code == 400 and message in response.content.decode()
    assert "王建国" in response.content.decode()  # the typed input is kept
    assert Application.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_the_regulation_start_and_today_are_accepted(profiles, staff):
    user = staff("jixian")
    for day in (date(2019, 5, 15), TODAY):
        made, _code = intake.receive_application(
            profiles["jixian"], cleaned(), channel="fax", received_on=day, recorded_by=user
        )
        assert made.received_on == day and made.state == Application.State.RECEIVED
    with pytest.raises(intake.RefusedAction, match="请填写收到申请之日"):
        intake.receive_application(profiles["jixian"], cleaned(), channel="fax", recorded_by=user)


@time_machine.travel(TODAY, tick=False)
def test_staff_cannot_record_online_or_for_another_sites_unit(staff, profiles, record):
    user = staff("jixian")
    online = record(user, record_data(profiles["jixian"], channel="online"))
    assert online.status_code == 400 and "请从“申请方式”的选项中选择。" in online.content.decode()
    for foreign in ("youyi", "portal"):
        response = record(user, record_data(profiles[foreign]))
        assert response.status_code == 400 and "不在本网站受理范围内" in response.content.decode()
    # a township's staff do not record for their county
    assert record(staff("fuli"), record_data(profiles["jixian"])).status_code == 400
    assert Application.objects.count() == 0


def test_someone_outside_every_site_cannot_record(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("disclosure_admin:record")).status_code in (302, 403)


# A 补正 on paper ------------------------------------------------------------------------------


def clarifying(profile):
    return application(
        profile,
        received=date(2026, 2, 2),
        state=Application.State.CLARIFYING,
        clarification_sent_on=date(2026, 2, 4),
        clarification_request="请写明所需文件的年份和发文机关。",
        clarification_due=date(2026, 3, 4),
    )


def clarify(client, made, text, on):
    url = reverse("disclosure_admin:action", args=[made.pk, "record_clarification"])
    prefix = "record_clarification-"
    return client.post(url, {f"{prefix}clarification": text, f"{prefix}clarified_on": on, "state": made.state})


@time_machine.travel(date(2026, 3, 6), tick=False)
def test_staff_record_a_paper_clarification_on_the_day_it_arrived(client, staff, profiles):
    made = clarifying(profiles["fuli"])
    client.force_login(staff("jixian"))  # the county oversees the township but does not handle it
    refused = clarify(client, made, "2025年福利镇人民政府的批复。", "2026-03-04")
    assert refused.status_code == 302 and refused.url == "/admin/"  # Wagtail's answer to PermissionDenied
    made.refresh_from_db()
    assert made.state == Application.State.CLARIFYING
    user = staff("fuli")
    client.force_login(user)
    page = client.get(reverse("disclosure_admin:detail", args=[made.pk])).content.decode()
    assert "请写明所需文件的年份和发文机关。" in page and "登记补正" in page
    response = clarify(client, made, "2025年福利镇人民政府的批复。", "2026-03-04")
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.state == Application.State.RECEIVED and made.clarified_on == date(2026, 3, 4)
    event = made.events.get(action=ApplicationEvent.Action.CLARIFIED)
    assert event.actor == user and "纸质" in event.note


@time_machine.travel(date(2026, 3, 6), tick=False)
def test_a_paper_clarification_after_its_period_or_in_the_future_is_refused(client, staff, profiles):
    made = clarifying(profiles["jixian"])
    client.force_login(staff("jixian"))
    late = clarify(client, made, "补正内容。", "2026-03-05")
    assert late.status_code == 400 and "补正期限已过（2026年3月4日）" in late.content.decode()
    future = clarify(client, made, "补正内容。", "2026-03-07")
    assert future.status_code == 400 and "收到补正之日不能晚于今天。" in future.content.decode()
    early = clarify(client, made, "补正内容。", "2026-02-03")
    assert early.status_code == 400 and "不能早于补正告知日期" in early.content.decode()
    made.refresh_from_db()
    assert made.state == Application.State.CLARIFYING and not made.events.exists()


def test_another_sites_application_is_not_found(client, staff, profiles):
    made = clarifying(profiles["youyi"])
    client.force_login(staff("jixian"))
    assert client.get(reverse("disclosure_admin:detail", args=[made.pk])).status_code == 404
    assert clarify(client, made, "补正内容。", "2026-03-01").status_code == 404
    made.refresh_from_db()
    assert made.state == Application.State.CLARIFYING
