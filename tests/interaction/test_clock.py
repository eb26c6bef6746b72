"""The letter's clock on China's real calendar: 2026's 中秋 and 国庆 (Sep 25–27, Oct 1–7), with the
worked Sunday 2026-09-20 and Saturday 2026-10-10."""

from datetime import date

import pytest
import time_machine

from interaction import clock, handling
from interaction.models import Letter

from .conftest import at

pytestmark = pytest.mark.django_db


def test_a_letter_received_before_national_day_is_due_after_it(letter):
    received = letter(received_at=at(date(2026, 9, 29)))
    assert received.accept_due == date(2026, 10, 8)  # 9-30, then 10-8


@pytest.mark.parametrize(
    ("kind", "due"),
    [("consultation", date(2026, 10, 12)), ("help", date(2026, 10, 12)), ("complaint", date(2026, 10, 14))],
)
def test_reply_due_counts_the_worked_saturday_and_skips_the_holiday(letter, staff, kind, due):
    office = staff("jixian")
    received = letter(received_at=at(date(2026, 9, 29)), kind=kind)
    with time_machine.travel(at(date(2026, 9, 29), 15), tick=False):
        handling.accept(received, office)
    # 9-30, 10-8, 10-9, 10-10 (worked Saturday), 10-12; a complaint 10-13, 10-14
    assert received.reply_due == due
    assert received.accepted_at == at(date(2026, 9, 29), 15)


@pytest.mark.parametrize(
    ("received_on", "due"),
    [
        (date(2026, 9, 19), date(2026, 9, 21)),  # a Saturday: the worked Sunday 9-20 counts
        (date(2026, 10, 3), date(2026, 10, 9)),  # in the holiday: 10-8, 10-9
        (date(2026, 9, 26), date(2026, 9, 29)),  # 中秋 Saturday: 9-28, 9-29
    ],
)
def test_a_letter_received_on_a_day_off(letter, received_on, due):
    assert letter(received_at=at(received_on)).accept_due == due


def test_one_extension_to_fifteen_working_days_and_no_second(letter, staff):
    office = staff("jixian")
    received = letter(received_at=at(date(2026, 9, 29)))
    with time_machine.travel(at(date(2026, 9, 29), 15), tick=False):
        handling.accept(received, office)
    with time_machine.travel(at(date(2026, 10, 9)), tick=False):
        handling.extend(received, office, "需要现场核实供暖管网情况")
    assert received.reply_due == date(2026, 10, 26)
    assert received.extended and received.extension_reason == "需要现场核实供暖管网情况"
    with pytest.raises(handling.HandlingError, match="已延期一次"):
        handling.extend(received, office, "再延一次")
    received.refresh_from_db()
    assert received.reply_due == date(2026, 10, 26)
    assert received.events.filter(action="extended").count() == 1


def test_a_pause_across_the_holiday_moves_the_deadline_by_the_working_days_it_lasted(letter, staff):
    office = staff("jixian")
    received = letter(received_at=at(date(2026, 9, 28)), kind="complaint")
    with time_machine.travel(at(date(2026, 9, 28), 11), tick=False):
        handling.accept(received, office)
    assert received.reply_due == date(2026, 10, 13)
    with time_machine.travel(at(date(2026, 9, 30)), tick=False):
        handling.ask_info(received, office, "请补充小区名称和楼号")
    assert received.state == Letter.State.AWAITING_INFO
    with time_machine.travel(at(date(2026, 10, 9)), tick=False):
        handling.info_received(received, office, "来信人电话补充了小区名称")
    # paused 10-8 and 10-9: two working days
    assert (received.state, received.paused_days, received.reply_due) == (Letter.State.ACCEPTED, 2, date(2026, 10, 15))
    assert "计时暂停 2 个工作日" in received.events.get(action="info_received").note
    with time_machine.travel(at(date(2026, 10, 12)), tick=False):
        handling.extend(received, office, "涉及多个部门")
    assert received.reply_due == date(2026, 10, 27)  # 15 + 2 working days after 9-28


def test_a_pause_before_acceptance_moves_the_acceptance_deadline(letter, staff):
    office = staff("jixian")
    received = letter(received_at=at(date(2026, 9, 29)))
    with time_machine.travel(at(date(2026, 9, 30)), tick=False):
        handling.ask_info(received, office, "请说明具体地点")
    with time_machine.travel(at(date(2026, 10, 8)), tick=False):
        handling.info_received(received, office, "已补充")
    assert (received.state, received.accept_due) == (Letter.State.RECEIVED, date(2026, 10, 9))


def test_lateness_in_working_days():
    assert clock.working_days_late(date(2026, 9, 30), date(2026, 10, 9)) == 2
    assert clock.working_days_late(date(2026, 10, 9), date(2026, 10, 9)) == 0
