"""The deadlines of many applications with the calendar read once: for the admin's inbox and the
daily job. Same rules as disclosure.clock, which reads the calendar per application."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from workdays.calendar import exceptions, is_workday

from .models import Application

State = Application.State
# States in which the answer period runs: the office's deadline.
RUNNING = (State.RECEIVED, State.DECIDED, State.APPROVED)
# Fields the answer deadline is computed from (for .only()/.values()).
CLOCK_FIELDS = ("pk", "state", "received_on", "clarified_on", "clarification_sent_on", "extension_days", "paused_days")
_SPAN_PER_WORKING_DAY = 3


def _start(application):
    return application.clarified_on or application.received_on


def _days(application):
    return settings.DISCLOSURE_ANSWER_DAYS + application.extension_days + application.paused_days


def calendar_for(applications, today=None):
    """The calendar's exceptions from the earliest clock start (or today) to beyond the latest
    possible deadline, in one query."""
    today = today or timezone.localdate()
    started = [a for a in applications if _start(a)]
    first = min([today, *(_start(a) for a in started)])
    last = max([today, *(_start(a) + timedelta(days=_days(a) * _SPAN_PER_WORKING_DAY + 30) for a in started)])
    return exceptions(first, last)


def add_days(start, n, known):
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_workday(day, known):
            counted += 1
    return day


def counted_days(start, end, known):
    if end <= start:
        return 0
    return sum(1 for k in range(1, (end - start).days + 1) if is_workday(start + timedelta(days=k), known))


def answer_due(application, known):
    """clock.answer_due with the calendar already read."""
    start = _start(application)
    if start is None or (application.clarification_sent_on and not application.clarified_on):
        return None
    return add_days(start, _days(application), known)


def running_due(application, known):
    """The office's answer deadline while its clock runs; None while paused, awaiting receipt,
    or closed."""
    if application.state not in RUNNING:
        return None
    return answer_due(application, known)


def badge(due, today, known):
    """("late", N) N working days past due, ("left", N) N working days to go, or None."""
    if due is None:
        return None
    if today > due:
        return ("late", counted_days(due, today, known))
    return ("left", counted_days(today, due, known))


def status(application, today, known):
    """(label, date, badge text, late?) of the deadline the application waits on now."""
    a = application
    if a.state == State.SUBMITTED:
        return ("待确认收到", None, "", False)
    if a.state == State.CLOSED:
        return ("办结日期", a.closed_on, "", False)
    if a.state == State.CLARIFYING:
        return ("补正期限", a.clarification_due, "计时暂停，待申请人补正", False)
    if a.state == State.CONSULTING:
        return ("第三方答复期限", a.consultation_due, "计时暂停，征求第三方意见", False)
    if a.state == State.FEE_PENDING:
        return ("缴费期限", a.fee_due, "计时暂停，待缴费", False)
    due = running_due(a, known)
    kind, days = badge(due, today, known)
    if kind == "late":
        return ("答复期限", due, f"逾期 {days} 个工作日", True)
    return ("答复期限", due, f"剩 {days} 个工作日", False)


def due_within(applications, today, days, known):
    """The pks of the applications whose running deadline is today or within `days` working
    days (not overdue), and of those overdue: (soon, overdue)."""
    soon, overdue = set(), set()
    for a in applications:
        due = running_due(a, known)
        if due is None:
            continue
        if today > due:
            overdue.add(a.pk)
        elif counted_days(today, due, known) <= days:
            soon.add(a.pk)
    return soon, overdue
