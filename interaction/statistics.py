"""群众来信统计: letters received, accepted, answered, answered in time, the average working days
to answer and the residents' satisfaction, per site, per handling unit, per type and per month.

A letter counts in the month it was received (Beijing time), so each month's row follows the
letters of that month to their end. Its unit is the unit that answered it (答复部门), else the unit
handling it now. Working days are counted on China's calendar from the day of acceptance to the
day of the reply, from one read of the calendar's exceptions and a running count of working days,
never letter by letter.

`letter_statistics` costs the same four queries whatever the number of letters, sites and months
(five when `profiles` is a queryset still to be read): the figures grouped by site, unit, type and
month; the answered letters' dates grouped the same way; the calendar's exceptions; the units'
names.
"""

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, TruncDate
from django.utils import timezone

from sites.models import SiteProfile
from workdays.calendar import exceptions

from .models import Letter, LetterKind

ANSWERED = Letter.State.ANSWERED
# The states in which a letter waits on the staff, its clock running (待补充 stands still).
OPEN_STATES = [
    Letter.State.RECEIVED,
    Letter.State.ACCEPTED,
    Letter.State.FORWARDED,
    Letter.State.DRAFTED,
    Letter.State.APPROVED,
]
KIND_LABELS = dict(LetterKind.choices)


@dataclass
class Figures:
    received: int = 0
    accepted: int = 0
    answered: int = 0
    in_time: int = 0
    timed: int = 0  # answered letters whose working days are known (accepted and replied)
    working_days: int = 0
    satisfied: int = 0
    basically: int = 0
    unsatisfied: int = 0

    def add(self, other):
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def rated(self):
        return self.satisfied + self.basically + self.unsatisfied

    @property
    def in_time_rate(self):
        """按时办结率 in percent (one decimal), None when nothing was answered."""
        return _percent(self.in_time, self.answered)

    @property
    def average_days(self):
        """平均办理工作日 (one decimal), None when nothing was answered."""
        return round(self.working_days / self.timed, 1) if self.timed else None

    @property
    def satisfaction_rate(self):
        """满意率: 满意 and 基本满意 among the rated replies, in percent."""
        return _percent(self.satisfied + self.basically, self.rated)


FIGURES = [f.name for f in fields(Figures)]


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Row(Figures):
    key: object = None
    label: str = ""


@dataclass
class LetterStatistics:
    total: Figures = field(default_factory=Figures)
    by_site: list = field(default_factory=list)
    by_unit: list = field(default_factory=list)
    by_kind: list = field(default_factory=list)
    by_month: list = field(default_factory=list)


def month_bounds(first, last):
    """The aware datetimes from the first day of month `first` to the first day after month
    `last`, both (year, month)."""
    after = date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
    return (
        timezone.make_aware(datetime.combine(date(first[0], first[1], 1), time())),
        timezone.make_aware(datetime.combine(after, time())),
    )


def letter_statistics(profiles, start=None, end=None, units=None, kind=None):
    """LetterStatistics of the letters written to these SiteProfiles' mailboxes, received from
    `start` (aware datetime, inclusive) to `end` (exclusive); optionally only those answered or
    handled by `units` (SiteProfile ids) and of one LetterKind."""
    profiles = list(profiles)
    letters = Letter.objects.filter(profile__in=[p.pk for p in profiles])
    if start:
        letters = letters.filter(received_at__gte=start)
    if end:
        letters = letters.filter(received_at__lt=end)
    letters = letters.annotate(
        unit=Coalesce("reply_unit", "handler"), year=ExtractYear("received_at"), month=ExtractMonth("received_at")
    ).order_by()
    if units is not None:
        letters = letters.filter(unit__in=list(units))
    if kind:
        letters = letters.filter(kind=kind)
    answered = Q(state=ANSWERED)
    groups = letters.values("profile", "unit", "kind", "year", "month").annotate(
        received=Count("pk"),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        answered=Count("pk", filter=answered),
        in_time=Count("pk", filter=answered & Q(replied_at__date__lte=F("reply_due"))),
        satisfied=Count("pk", filter=Q(rating=Letter.Rating.SATISFIED)),
        basically=Count("pk", filter=Q(rating=Letter.Rating.BASICALLY)),
        unsatisfied=Count("pk", filter=Q(rating=Letter.Rating.UNSATISFIED)),
    )
    cells = {}
    for group in groups:
        key = (group["profile"], group["unit"], group["kind"], (group["year"], group["month"]))
        cells[key] = Figures(**{name: group.get(name, 0) for name in FIGURES})

    spans = list(
        letters.filter(answered, accepted_at__isnull=False, replied_at__isnull=False)
        .annotate(accepted_on=TruncDate("accepted_at"), replied_on=TruncDate("replied_at"))
        .values_list("profile", "unit", "kind", "year", "month", "accepted_on", "replied_on")
        .annotate(n=Count("pk"))
    )
    counter = WorkingDayCounter(min((s[5] for s in spans), default=None), max((s[6] for s in spans), default=None))
    for profile, unit, letter_kind, year, month, accepted_on, replied_on, n in spans:
        cell = cells[(profile, unit, letter_kind, (year, month))]
        cell.timed += n
        cell.working_days += n * counter.between(accepted_on, replied_on)

    names = dict(
        SiteProfile.objects.filter(pk__in={key[1] for key in cells} | {p.pk for p in profiles}).values_list(
            "pk", "name"
        )
    )
    return _tables(cells, profiles, names)


def _tables(cells, profiles, names):
    result = LetterStatistics()
    by = [{}, {}, {}, {}]
    for key, figures in cells.items():
        result.total.add(figures)
        for n, part in enumerate(key):
            by[n].setdefault(part, Figures()).add(figures)
    order = {p.pk: n for n, p in enumerate(profiles)}
    result.by_site = [Row(key=pk, label=names.get(pk, ""), **vars(by[0][pk])) for pk in sorted(by[0], key=order.get)]
    units = sorted(by[1], key=lambda pk: (-by[1][pk].received, names.get(pk, "")))
    result.by_unit = [Row(key=pk, label=names.get(pk, ""), **vars(by[1][pk])) for pk in units]
    result.by_kind = [Row(key=k, label=label, **vars(by[2][k])) for k, label in LetterKind.choices if k in by[2]]
    result.by_month = [Row(key=m, label=f"{m[0]}年{m[1]}月", **vars(by[3][m])) for m in sorted(by[3])]
    return result


class WorkingDayCounter:
    """Working days between any two dates of a span, from one read of the calendar's exceptions:
    a running count of working days over the span, so that each pair costs a subtraction."""

    def __init__(self, first, last):
        self.first = first or timezone.localdate()
        last = max(last or self.first, self.first)
        known = exceptions(self.first, last)
        self.count = []  # working days after `first` up to and including first + k
        running = 0
        for k in range((last - self.first).days + 1):
            day = self.first + timedelta(days=k)
            if k and known.get(day, day.weekday() < 5):
                running += 1
            self.count.append(running)

    def between(self, start, end):
        """Working days after `start` up to and including `end`, as workdays.working_days_between."""
        if end <= start:
            return 0
        return self.count[(end - self.first).days] - self.count[(start - self.first).days]


def overdue_q(latest_workday):
    """Letters past their deadline by at least one working day: still waiting on the staff (not
    paused) with the acceptance or the reply due before `latest_workday`, the last working day up
    to today (`latest_workday_on`)."""
    return Q(state__in=OPEN_STATES) & (
        Q(accepted_at__isnull=True, accept_due__lt=latest_workday)
        | Q(accepted_at__isnull=False, reply_due__lt=latest_workday)
    )


def latest_workday_on(today):
    """The last working day on or before `today` (one query)."""
    known = exceptions(today - timedelta(days=31), today)
    day = today
    while not known.get(day, day.weekday() < 5):
        day -= timedelta(days=1)
    return day
