"""The audit's check of the 政府信息公开工作年度报告: a unit keeping a 信息公开年报 column that has not
published last year's report after its deadline (departments 31 January, governments 31 March)
has that column overdue, whatever else was published in it (one query for every unit)."""

from dataclasses import dataclass, replace
from datetime import date

from annualreports.deadlines import deadline
from annualreports.models import DisclosureReport
from annualreports.publishing import REPORTS_COLUMN_KEY

from .models import ColumnStatus


@dataclass(frozen=True)
class MissingReport:
    year: int
    deadline: date
    days_overdue: int

    @property
    def text(self):
        due = f"{self.deadline.year}年{self.deadline.month}月{self.deadline.day}日"
        return f"{self.year}年政府信息公开工作年度报告应于{due}前发布，已逾期 {self.days_overdue} 天"


def is_reports_column(key):
    return key == REPORTS_COLUMN_KEY or key.endswith("/" + REPORTS_COLUMN_KEY)


def flag_missing_reports(audits, today):
    """Mark each audit's 信息公开年报 column overdue and set `audit.missing_report` where last year's
    report is past its deadline and not published."""
    year = today.year - 1
    published = set(
        DisclosureReport.objects.filter(
            year=year, state=DisclosureReport.State.PUBLISHED, profile__in=[audit.profile.pk for audit in audits]
        ).values_list("profile", flat=True)
    )
    for audit in audits:
        due = deadline(audit.profile.level, year)
        if today <= due or audit.profile.pk in published:
            continue
        rows = [row for row in audit.rows if is_reports_column(row.column_key)]
        if not rows:
            continue
        audit.missing_report = MissingReport(year, due, (today - due).days)
        for row in rows:
            if row.verdict.status in (ColumnStatus.OK, ColumnStatus.DUE_SOON):
                row.verdict = replace(
                    row.verdict, status=ColumnStatus.OVERDUE, due=due, days_overdue=audit.missing_report.days_overdue
                )
