"""When a column is due: its own update requirement (the 分解表) and the national inspection rules.

A column's due date is the earliest of:
- its 更新要求: the last update plus the interval (每日 1 day … 每五年 5 years), or for 每年3月底前
  the end of March after the year the last update fell in;
- the national rule for its kind (国办秘函〔2019〕19号): news and dynamics 2 weeks, notices and policy
  documents 6 months, personnel and plans 1 year — counted from the newest item only.

Dynamic columns (daily to monthly, and news by national rule) are updated only by new items.
Fixed columns are also updated by editing their items or text, and by a unit's check that they
are still current (ColumnCheck).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from columns.models import UpdateFrequency

from .models import ColumnStatus

F = UpdateFrequency
INTERVAL_DAYS = {
    F.DAILY: 1,
    F.WEEKLY: 7,
    F.SEMIMONTHLY: 15,
    F.MONTHLY: 31,
    F.QUARTERLY: 92,
    F.SEMIANNUAL: 183,
    F.YEARLY: 366,
    F.FIVE_YEARLY: 5 * 365 + 1,
}
DYNAMIC_FREQUENCIES = {F.DAILY, F.WEEKLY, F.SEMIMONTHLY, F.MONTHLY}
MAX_DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class NationalRule:
    code: str
    label: str
    keywords: tuple
    days: int


NATIONAL_RULES = [
    NationalRule("news", "动态要闻（2周）", ("动态", "要闻", "新闻"), 14),
    NationalRule("notices", "通知公告、政策文件（6个月）", ("通知", "公告", "文件", "政策"), 183),
    NationalRule("plans", "人事、规划计划（1年）", ("人事", "规划", "计划"), 366),
]
NATIONAL_BY_CODE = {rule.code: rule for rule in NATIONAL_RULES}

# 单项否决 thresholds (national-indicators.md)
HOME_STALE_DAYS = 14
VETO_STALE_NATIONAL_COLUMNS = 5
VETO_STALE_COLUMNS = 10
VETO_EMPTY_COLUMNS = 5
PROBE_WINDOW_DAYS = 7
PROBE_FAILURE_SHARE = 0.05
PROBES_PER_DAY = 20


def national_rule(title):
    """The national rule a column falls under, by the words of its name (first match wins)."""
    for rule in NATIONAL_RULES:
        if any(word in title for word in rule.keywords):
            return rule
    return None


def accepts_checks(frequency, title=""):
    """Whether a unit may mark the column "checked, still current": fixed columns only."""
    rule = national_rule(title)
    return frequency not in DYNAMIC_FREQUENCIES and not (rule and rule.code == "news")


def is_dynamic(frequency, title=""):
    return not accepts_checks(frequency, title)


def due_by_frequency(frequency, last):
    """The date by which a column last updated on `last` must be updated again, or None."""
    if frequency in INTERVAL_DAYS:
        return last + timedelta(days=INTERVAL_DAYS[frequency])
    if frequency == F.YEARLY_BY_MARCH:
        return date(last.year + 1, 3, 31)
    return None


def due_soon_window(due, last):
    return timedelta(days=min(MAX_DUE_SOON_DAYS, (due - last).days // 4))


@dataclass
class Verdict:
    status: str
    due: date | None = None
    days_overdue: int = 0
    last_update: datetime | None = None
    last_update_kind: str = ""
    national: str = ""
    national_overdue: bool = False


def judge(*, frequency, title, today, newest_item, edited, checked, has_content, is_link=False, is_container=False):
    """A column's verdict.

    newest_item: first publication of its newest live item; edited: the latest edit of its items
    or its own text; checked: its latest ColumnCheck; has_content: it has a live item or text.
    All three datetimes are local, or None.
    """
    if is_link or is_container:
        return Verdict(ColumnStatus.NOT_APPLICABLE)
    rule = national_rule(title)
    if not has_content:
        return Verdict(ColumnStatus.EMPTY, national=rule.code if rule else "")
    candidates = [(newest_item, "item")]
    if accepts_checks(frequency, title):
        candidates += [(edited, "edit"), (checked, "check")]
    last, kind = max(((d, k) for d, k in candidates if d), key=lambda c: c[0], default=(None, ""))
    dues = []
    if last and (due := due_by_frequency(frequency, last.date())):
        dues.append((due, last.date()))
    verdict = Verdict(ColumnStatus.OK, last_update=last, last_update_kind=kind, national=rule.code if rule else "")
    if rule and newest_item:
        national_due = newest_item.date() + timedelta(days=rule.days)
        dues.append((national_due, newest_item.date()))
        verdict.national_overdue = today > national_due
    if not dues:
        verdict.status = ColumnStatus.NOT_APPLICABLE
        return verdict
    verdict.due, since = min(dues)
    if today > verdict.due:
        verdict.status = ColumnStatus.OVERDUE
        verdict.days_overdue = (today - verdict.due).days
    elif verdict.due - today <= due_soon_window(verdict.due, since):
        verdict.status = ColumnStatus.DUE_SOON
    return verdict
