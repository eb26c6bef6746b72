"""报送统计: the items each unit submitted to the portal in a year, and how many the portal adopted
and returned, per unit, per unit kind (小计) and in all (合计), month by month and for the year,
as seed 001 reports 2016 (123 units sent 19,860 items).

A submission counts in the month it was submitted, with its present outcome, so each month's
adopted + returned + pending make its submitted. Withdrawn submissions count nowhere. The unit
is the one recorded at submission: the item's 发布单位, else its site's unit."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from assurance.statistics import KIND_ORDER, UnitRowLabels
from sites.models import Unit

from .models import Submission

OUTCOMES = ["submitted", "adopted", "returned", "pending"]
MONTHS = range(1, 13)
STATUS_OUTCOME = {
    Submission.Status.ADOPTED: "adopted",
    Submission.Status.RETURNED: "returned",
    Submission.Status.SUBMITTED: "pending",
}


@dataclass
class Figures:
    submitted: int = 0
    adopted: int = 0
    returned: int = 0
    pending: int = 0

    def add(self, other):
        for name in OUTCOMES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class StatRow(UnitRowLabels):
    """A unit's figures, a unit kind's 小计, or the 合计; `month` picks the figures shown (None: the year)."""

    kind: str = ""
    unit: Unit | None = None
    row_type: str = "unit"  # unit, subtotal or total
    units: int = 0
    month: int | None = None
    monthly: dict = field(default_factory=lambda: {m: Figures() for m in MONTHS})

    @property
    def pk(self):
        return self.unit.pk if self.unit else None

    @property
    def year(self):
        total = Figures()
        for figures in self.monthly.values():
            total.add(figures)
        return total

    @property
    def shown(self):
        return self.monthly[self.month] if self.month else self.year

    @property
    def submitted(self):
        return self.shown.submitted

    @property
    def adopted(self):
        return self.shown.adopted

    @property
    def returned(self):
        return self.shown.returned

    @property
    def pending(self):
        return self.shown.pending

    @property
    def adoption_rate(self):
        shown = self.shown
        return f"{shown.adopted / shown.submitted:.1%}" if shown.submitted else "—"

    def __getattr__(self, name):
        # m01_submitted … m12_pending: one month's figure, for the spreadsheet's monthly columns.
        if len(name) > 4 and name[0] == "m" and name[1:3].isdigit() and name[3] == "_":
            month, outcome = int(name[1:3]), name[4:]
            if month in MONTHS and outcome in OUTCOMES:
                return getattr(self.monthly[month], outcome)
        raise AttributeError(name)

    def add(self, row):
        for month in MONTHS:
            self.monthly[month].add(row.monthly[month])
        self.units += 1 if row.unit else 0


def year_bounds(year):
    return timezone.make_aware(datetime(year, 1, 1)), timezone.make_aware(datetime(year + 1, 1, 1))


def in_scope(submissions, profiles):
    return submissions if profiles is None else submissions.filter(source_profile__in=profiles)


def years_with_submissions(profiles=None):
    submissions = in_scope(Submission.objects.all(), profiles)
    return sorted({d.year for d in submissions.datetimes("submitted_at", "year")}, reverse=True)


def submission_statistics(year, month=None, profiles=None):
    """Each kind's unit rows (most submitted first) then its 小计, then the 合计: two queries, the
    figures grouped by unit, month and status, and the units."""
    start, end = year_bounds(year)
    groups = (
        in_scope(Submission.objects.all(), profiles)
        .filter(submitted_at__gte=start, submitted_at__lt=end)
        .exclude(status=Submission.Status.WITHDRAWN)
        .annotate(month=ExtractMonth("submitted_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("unit_id", "month", "status")
        .annotate(n=Count("pk"))
    )
    rows = {}
    for group in groups:
        row = rows.setdefault(group["unit_id"], StatRow(month=month))
        figures = row.monthly[group["month"]]
        figures.submitted += group["n"]
        outcome = STATUS_OUTCOME[group["status"]]
        setattr(figures, outcome, getattr(figures, outcome) + group["n"])
    units = Unit.objects.in_bulk([pk for pk in rows if pk is not None])
    for pk, row in rows.items():
        row.unit = units.get(pk)
        row.kind = row.unit.kind if row.unit else ""
    ordered = sorted(
        rows.values(), key=lambda row: (KIND_ORDER.get(row.kind, len(KIND_ORDER)), -row.year.submitted, row.name)
    )
    table, subtotals = [], {}
    total = StatRow(row_type="total", month=month)
    for row in ordered:
        subtotals.setdefault(row.kind, StatRow(kind=row.kind, row_type="subtotal", month=month)).add(row)
        total.add(row)
    for kind, subtotal in subtotals.items():
        table += [row for row in ordered if row.kind == kind]
        table.append(subtotal)
    return [*table, total]
