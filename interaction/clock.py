"""A letter's clock, in working days on China's calendar (workdays.calendar).

受理 is due INTERACTION_ACCEPT_DAYS working days after the letter arrives; the reply
INTERACTION_REPLY_DAYS[kind] working days after it is accepted, INTERACTION_EXTENDED_REPLY_DAYS in
all after one extension. While the resident is asked for more information the clock stands still:
on resumption every deadline moves by the working days the pause lasted. A site may have its own
limits in INTERACTION_SITE_LIMITS[web address] (same keys: accept_days, reply_days, extended_days).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from workdays.calendar import add_working_days, exceptions, is_workday, working_days_between


def limits(profile):
    own = settings.INTERACTION_SITE_LIMITS.get(profile.web_address, {}) if profile else {}
    return {
        "accept_days": own.get("accept_days", settings.INTERACTION_ACCEPT_DAYS),
        "reply_days": {**settings.INTERACTION_REPLY_DAYS, **own.get("reply_days", {})},
        "extended_days": own.get("extended_days", settings.INTERACTION_EXTENDED_REPLY_DAYS),
    }


def local_date(moment):
    return timezone.localdate(moment)


def accept_due(profile, received_at):
    return add_working_days(local_date(received_at), limits(profile)["accept_days"])


def reply_due(profile, kind, accepted_at):
    return add_working_days(local_date(accepted_at), limits(profile)["reply_days"][kind])


def extended_due(profile, accepted_at, paused_days=0):
    """The reply deadline after the one extension: INTERACTION_EXTENDED_REPLY_DAYS working days
    after acceptance in all, plus the working days the clock stood still."""
    return add_working_days(local_date(accepted_at), limits(profile)["extended_days"] + paused_days)


def paused_working_days(paused_at, resumed_at):
    return working_days_between(local_date(paused_at), local_date(resumed_at))


def shifted(due, days):
    """A deadline moved on by `days` working days (after a pause)."""
    return add_working_days(due, days) if due and days else due


def working_days_late(due, today=None):
    """How many working days past `due` today is (0 when not late)."""
    today = today or timezone.localdate()
    return working_days_between(due, today) if due and today > due else 0


def calendar_for(dates, today=None):
    """The calendar's exceptions for the span of `dates` and today, in one query: for working-day
    counts over many letters (an inbox page, the daily reminders)."""
    today = today or timezone.localdate()
    dates = [d for d in dates if d] + [today]
    return exceptions(min(dates), max(dates))


def counted_days(start, end, known):
    """working_days_between with the exceptions already read."""
    if end <= start:
        return 0
    return sum(1 for k in range(1, (end - start).days + 1) if is_workday(start + timedelta(days=k), known))


def due_badge(due, today, known):
    """("late", N) N working days past due, ("left", N) N working days to go, or None."""
    if due is None:
        return None
    if today > due:
        return ("late", counted_days(due, today, known))
    return ("left", counted_days(today, due, known))
