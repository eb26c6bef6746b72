"""The daily job: reminders 2 working days before and on the due day, never twice; escalation of
overdue letters to the office once per deadline; one digest per unit with open letters."""

from datetime import date

import pytest
import time_machine
from django.core import mail

from interaction import handling
from interaction.jobs import send_reminders
from interaction.models import LetterEvent

from .conftest import at

pytestmark = pytest.mark.django_db


def subjects(prefix):
    return [m for m in mail.outbox if m.subject.startswith(prefix)]


def test_reminders_on_the_right_days_and_never_twice(letter, staff, sites):
    office = staff("jixian", email="office@jixian.cn")
    received = letter(received_at=at(date(2026, 10, 8)))
    assert received.accept_due == date(2026, 10, 10)  # the worked Saturday
    assert send_reminders(date(2026, 10, 8))["reminded"] == 1
    (first,) = subjects("【提前提醒】")
    assert first.to == ["office@jixian.cn"] and "还剩 2 个工作日" in first.body
    assert send_reminders(date(2026, 10, 8))["reminded"] == 0
    assert send_reminders(date(2026, 10, 9))["reminded"] == 0
    assert send_reminders(date(2026, 10, 10))["reminded"] == 1
    assert len(subjects("【到期提醒】")) == 1 and len(subjects("【提前提醒】")) == 1
    notes = list(received.events.filter(action="reminded").values_list("note", flat=True))
    assert notes == ["提前提醒：受理期限 2026-10-10", "到期提醒：受理期限 2026-10-10"]
    # accepted: a new deadline, reminders again for it, to the unit it was forwarded to
    fuli = staff("fuli", email="fuli@fuli.cn")
    with time_machine.travel(at(date(2026, 10, 8), 16), tick=False):
        handling.accept(received, office)
        handling.forward(received, office, sites["fuli"].profile)
    assert received.reply_due == date(2026, 10, 14)  # accepted on the 8th: 9, 10, 12, 13, 14
    mail.outbox.clear()
    assert send_reminders(date(2026, 10, 9))["reminded"] == 0
    assert send_reminders(date(2026, 10, 12))["reminded"] == 1
    assert subjects("【提前提醒】")[0].to == [fuli.email]


def test_an_overdue_letter_is_escalated_to_the_office_once(letter, staff, sites):
    staff("jixian", email="office@jixian.cn")
    staff("fuli", email="fuli@fuli.cn")
    received = letter(received_at=at(date(2026, 9, 28)))
    assert send_reminders(date(2026, 10, 9))["escalated"] == 1
    (escalation,) = subjects("【逾期督办】")
    assert escalation.to == ["office@jixian.cn"] and "已逾期 2 个工作日" in escalation.body
    assert send_reminders(date(2026, 10, 12))["escalated"] == 0
    assert received.events.filter(action=LetterEvent.Action.ESCALATED).count() == 1


def test_no_reminder_while_the_clock_stands_still_or_after_the_answer(letter, staff):
    office = staff("jixian", email="office@jixian.cn")
    paused = letter(received_at=at(date(2026, 10, 8)))
    handling.ask_info(paused, office, "请补充地址")
    refused = letter(received_at=at(date(2026, 10, 8)))
    handling.refuse(refused, office, "duplicate", "重复来信")
    mail.outbox.clear()
    counts = send_reminders(date(2026, 10, 10))
    assert (counts["reminded"], counts["escalated"]) == (0, 0)
    assert not paused.events.filter(action="reminded").exists()


def test_one_digest_per_unit_with_open_letters(letter, staff):
    staff("jixian", email="office@jixian.cn")
    staff("jixian", "first_review", email="reviewer@jixian.cn")
    staff("youyi", email="office@youyi.cn")
    staff("jianshan", email="office@jianshan.cn")  # no letters: no digest
    first, second = letter("jixian"), letter("jixian")
    letter("youyi")
    send_reminders()
    digests = subjects("【来信日报】")
    assert len(digests) == 2
    jixian = next(m for m in digests if "集贤县" in m.subject)
    assert sorted(jixian.to) == ["office@jixian.cn", "reviewer@jixian.cn"]
    assert first.number in jixian.body and second.number in jixian.body and "2 件" in jixian.subject
