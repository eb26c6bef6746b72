"""Working days on China's calendar: weekends off, public holidays off, 调休 weekend days worked.

The exceptions live in `CalendarDay` (seeded from the chinese-calendar package, edited by city
staff once the State Council announces next year's days). Each function reads the exceptions of
the span it needs in one query.
"""

from datetime import timedelta

from .models import CalendarDay

# A deadline never lies further than this many calendar days per working day (Spring Festival
# and National Day cost at most 8 days off in a row).
_SPAN_PER_WORKING_DAY = 3
_MIN_SPAN = 30


def exceptions(start, end):
    """{date: is_workday} for the stored exceptions from start to end inclusive."""
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "is_workday"))


def is_workday(day, known=None):
    known = exceptions(day, day) if known is None else known
    if day in known:
        return known[day]
    return day.weekday() < 5


def add_working_days(start, n):
    """The date n working days after `start` (the day itself does not count). With n = 0, the
    first working day from `start` on."""
    known = exceptions(start, start + timedelta(days=max(_MIN_SPAN, n * _SPAN_PER_WORKING_DAY)))
    day = start
    if n == 0:
        while not is_workday(day, known):
            day += timedelta(days=1)
        return day
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_workday(day, known):
            counted += 1
    return day


def working_days_between(start, end):
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    known = exceptions(start, end)
    return sum(1 for k in range(1, (end - start).days + 1) if is_workday(start + timedelta(days=k), known))
