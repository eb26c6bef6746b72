"""The daily job: reminders to the handling unit within DISCLOSURE_REMIND_DAYS_BEFORE working
days of the answer deadline, escalation of overdue answers to the organ's office, at most once a
day per application; closing what the applicant let lapse."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from disclosure import handling
from disclosure.jobs import send_reminders
from disclosure.models import Application, ApplicationEvent

from .handling_factories import application, at, profile_of, staff

pytestmark = pytest.mark.django_db


def run(day):
    with time_machine.travel(at(day, 7), tick=False):
        return send_reminders()


def subjects(word):
    return [m for m in mail.outbox if word in m.subject]


def test_reminded_within_five_working_days_once_a_day():
    staff("jixian", email="office@jixian.cn")
    applied = application(received=date(2026, 3, 2))  # due 2026-03-30
    assert run(date(2026, 3, 20))["reminded"] == 0  # 6 working days left
    assert run(date(2026, 3, 23))["reminded"] == 1
    (first,) = subjects("提前提醒")
    assert first.to == ["office@jixian.cn"] and "还剩 5 个工作日" in first.body and applied.number in first.subject
    assert run(date(2026, 3, 23))["reminded"] == 0  # the same day again
    assert run(date(2026, 3, 24))["reminded"] == 1
    assert run(date(2026, 3, 30))["reminded"] == 1
    assert "今天到期" in subjects("到期提醒")[0].body
    notes = list(applied.events.filter(action="reminded").order_by("pk").values_list("note", flat=True))
    assert notes == ["提前提醒：答复期限 2026-03-30", "提前提醒：答复期限 2026-03-30", "到期提醒：答复期限 2026-03-30"]


def test_a_forwarded_application_reminds_the_unit_and_escalates_to_the_office():
    staff("jixian", email="office@jixian.cn")
    staff("fuli", email="fuli@fuli.cn")
    applied = application(received=date(2026, 3, 2))
    handling.forward(applied, staff("jixian"), {"to": profile_of("fuli"), "note": "镇里掌握"})
    run(date(2026, 3, 27))
    assert subjects("提前提醒")[0].to == ["fuli@fuli.cn"]
    mail.outbox.clear()
    counts = run(date(2026, 4, 1))
    assert counts["escalated"] == 1
    (escalation,) = subjects("逾期督办")
    assert escalation.to == ["office@jixian.cn", "fuli@fuli.cn"] and "已逾期 2 个工作日" in escalation.body
    assert run(date(2026, 4, 1))["escalated"] == 0


def test_no_reminder_while_paused_or_after_closing():
    staff("jixian", email="office@jixian.cn")
    office = staff("jixian")
    consulting = application(received=date(2026, 3, 2))
    handling.consult(consulting, office, {"third_party": "某公司"})
    decided = application(received=date(2026, 3, 2))
    handling.decide(decided, office, {"outcome": "withhold.internal", "basis": "内部事务"})
    handling.approve(decided, staff("jixian", "final_review"))
    handling.send(decided, office, {"via": "print"})
    assert run(date(2026, 3, 30)) == {"reminded": 0, "escalated": 0, "not_corrected": 0, "fee_unpaid": 0}


def test_lapsed_correction_and_fee_periods_are_closed_once():
    office = staff("jixian")
    clarifying = application(received=date(2026, 3, 2))
    with time_machine.travel(at(date(2026, 3, 3)), tick=False):
        handling.ask_clarification(clarifying, office, {"request": "请写明年份。"})
    with override_settings(DISCLOSURE_FEES_CHARGED={"jixian.localhost": True}):
        charged = application(received=date(2026, 3, 2))
        with time_machine.travel(at(date(2026, 3, 4)), tick=False):
            handling.fee_notice(charged, office, {"method": "volume", "pages": 31})
    assert run(date(2026, 3, 24))["not_corrected"] == 0  # the last day of the 补正 period
    mail.outbox.clear()
    counts = run(date(2026, 4, 2))
    assert counts["not_corrected"] == 1 and counts["fee_unpaid"] == 1
    clarifying.refresh_from_db()
    charged.refresh_from_db()
    assert (clarifying.state, clarifying.outcome) == (Application.State.CLOSED, "other.not_corrected")
    assert (charged.state, charged.outcome) == (Application.State.CLOSED, "other.fee_unpaid")
    event = ApplicationEvent.objects.get(application=clarifying, action="not_corrected")
    assert event.actor is None and clarifying.closed_on == date(2026, 4, 2)
    assert len(subjects("答复告知书")) == 2  # the applicant is told
    assert run(date(2026, 4, 3))["not_corrected"] == 0
