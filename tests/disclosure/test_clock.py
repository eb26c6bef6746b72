"""The legal clock on real dates: 春节 2026 (2月15日–23日 off, 2月14日 and 2月28日 Saturdays
worked), New Year 2026 (1月4日 Sunday worked), National Day 2026 (9月25日 and 10月1日–7日 off,
10月10日 Saturday worked). The steps run through disclosure.handling on those days."""

from datetime import date

import pytest
import time_machine

from disclosure import clock, handling
from disclosure.models import Application
from workdays.models import CalendarDay

from .handling_factories import application, at, staff

pytestmark = pytest.mark.django_db


def on(day, hour=10):
    return time_machine.travel(at(day, hour), tick=False)


def test_the_calendar_is_the_one_the_tests_assume():
    days = dict(CalendarDay.objects.filter(date__year=2026).values_list("date", "is_workday"))
    assert days[date(2026, 2, 14)] is True and days[date(2026, 2, 28)] is True
    assert all(days[date(2026, 2, d)] is False for d in (16, 17, 18, 19, 20, 23))
    assert days[date(2026, 1, 4)] is True and days[date(2026, 10, 10)] is True


def test_receipt_confirmed_before_spring_festival_runs_across_it():
    office = staff("jixian")
    applied = application(submitted=date(2026, 2, 9))
    with on(date(2026, 2, 10)):
        handling.confirm_receipt(applied, office)
    assert applied.received_on == date(2026, 2, 10) and applied.state == Application.State.RECEIVED
    # 11, 12, 13, 14 (Saturday worked), then 24, 25, 26: the holiday does not count.
    assert clock.clarify_notice_due(applied) == date(2026, 2, 26)
    # 4 before the holiday, 24–27, 28 (Saturday worked), 3月2日–13日, 16
    assert clock.answer_due(applied) == date(2026, 3, 16)
    labels = [item.label for item in clock.timeline(applied)]
    assert labels[:2] == ["收到申请之日", "补正告知期限"] and "答复期限" in labels


def test_a_registered_letter_counts_from_the_day_it_was_signed_for():
    office = staff("jixian")
    applied = application(submitted=date(2026, 2, 12), channel="registered_post")
    with on(date(2026, 2, 24)):
        handling.confirm_receipt(applied, office, {"received_on": date(2026, 2, 13)})
    assert applied.received_on == date(2026, 2, 13)
    assert "签收之日" in applied.events.get(action="received").note


def test_clarification_only_within_seven_working_days_of_receipt():
    office = staff("jixian")
    late = application(received=date(2026, 2, 10))
    with on(date(2026, 2, 27)), pytest.raises(handling.HandlingError, match="2026-02-26"):
        handling.ask_clarification(late, office, {"request": "请说明所需信息的年份。"})
    assert Application.objects.get(pk=late.pk).state == Application.State.RECEIVED
    in_time = application(received=date(2026, 2, 10))
    with on(date(2026, 2, 26)):
        handling.ask_clarification(in_time, office, {"request": "请说明所需信息的年份。"})
    assert in_time.state == Application.State.CLARIFYING and in_time.clarification_sent_on == date(2026, 2, 26)


def test_the_answer_period_restarts_when_the_correction_arrives():
    office = staff("jixian")
    applied = application(received=date(2026, 2, 10))
    with on(date(2026, 2, 12)):
        handling.ask_clarification(applied, office, {"request": "请说明项目名称。"})
    # 15 working days for the applicant: 13, 14, 24–28, 3月2日–6日, 9, 10, 11
    assert applied.clarification_due == date(2026, 3, 11)
    assert clock.answer_due(applied) is None  # the clock waits for the correction
    with on(date(2026, 3, 2)):
        handling.record_clarification(applied, office, {"clarification": "福利镇至集贤镇道路。"})
    assert applied.clarified_on == date(2026, 3, 2)
    assert clock.answer_due(applied) == date(2026, 3, 30)  # 20 working days from 3月2日
    assert clock.clock_start(applied) == date(2026, 3, 2)


def test_an_extension_carried_over_new_year_and_spring_festival():
    office = staff("jixian")
    applied = application(submitted=date(2025, 12, 30), received=date(2025, 12, 31))
    # 1月1日–2日 off, 1月4日 (Sunday) worked
    assert clock.answer_due(applied) == date(2026, 1, 29)
    with on(date(2026, 1, 29)):
        handling.extend(applied, office, {"days": 20, "reason": "需调取档案", "approver": "李主任"})
    assert applied.extension_days == 20 and applied.extended_on == date(2026, 1, 29)
    # 20 more across 春节: 30, 2月2日–14日 (Saturday worked), 24–28, 3月2日–4日
    assert clock.answer_due(applied) == date(2026, 3, 4)
    why = [item.why for item in clock.timeline(applied) if item.label == "答复期限"][0]
    assert "李主任同意延长20个工作日" in why


def test_a_consultation_across_national_day_does_not_count():
    office = staff("jixian")
    applied = application(submitted=date(2026, 9, 23), received=date(2026, 9, 24))
    assert clock.answer_due(applied) == date(2026, 10, 29)  # 9月25日 and 10月1日–7日 off, 10月10日 worked
    with on(date(2026, 9, 28)):
        handling.consult(applied, office, {"third_party": "集贤县某建筑公司"})
    assert applied.state == Application.State.CONSULTING and applied.paused_on == date(2026, 9, 28)
    assert applied.consultation_due == date(2026, 10, 23)  # 15 working days
    with on(date(2026, 10, 12)):
        # while paused the deadline moves on day by day
        assert handling.due_now(applied) == date(2026, 11, 6)
        handling.end_consultation(applied, office, {"note": "第三方不同意公开其商业信息。"})
    # 29, 30, 10月8日, 9, 10 (Saturday worked), 12: six working days
    assert applied.paused_days == 6 and applied.paused_on is None
    assert clock.answer_due(applied) == date(2026, 11, 6)
    assert "不计入答复期限 6 个工作日" in applied.events.get(action="consultation_ended").note
