"""通报: the weekly and quarterly circular ranking the sites and units that fail, with their reasons.

A period's circular reads each site's latest audit snapshot within the period, so a past
circular can be produced again unchanged."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max

from .models import SiteSnapshot

PERIOD_KEY = re.compile(r"^(\d{4})-(W(\d{1,2})|Q([1-4]))$")


class BadPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date

    @property
    def key(self):
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"

    @property
    def label(self):
        if self.kind == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year}年第{week}周（{self.start:%m月%d日}—{self.end:%m月%d日}）"
        return f"{self.start.year}年第{(self.start.month - 1) // 3 + 1}季度"

    def shifted(self, steps):
        if self.kind == "week":
            return week_of(self.start + timedelta(weeks=steps))
        month = self.start.month - 1 + 3 * steps
        return quarter_of(date(self.start.year + month // 12, month % 12 + 1, 1))


def week_of(day):
    start = day - timedelta(days=day.weekday())
    return Period("week", start, start + timedelta(days=6))


def quarter_of(day):
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    after = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
    return Period("quarter", first, after - timedelta(days=1))


def parse_period(kind, key, today):
    """The period a `2026-W47` or `2026-Q4` key names; the current one when key is empty."""
    if not key:
        return week_of(today) if kind == "week" else quarter_of(today)
    match = PERIOD_KEY.match(key)
    if not match or (kind == "week") != bool(match.group(3)):
        example = "2026-W47" if kind == "week" else "2026-Q4"
        raise BadPeriod(f"期间“{key}”格式不对，应如 {example}。")
    year = int(match.group(1))
    if kind == "quarter":
        return quarter_of(date(year, 3 * int(match.group(4)) - 2, 1))
    try:
        return week_of(date.fromisocalendar(year, int(match.group(3)), 1))
    except ValueError:
        raise BadPeriod(f"{year} 年没有第 {match.group(3)} 周。") from None


@dataclass
class Entry:
    rank: int
    kind: str
    name: str
    overdue: int
    empty: int
    vetoes: str
    reasons: str
    letters: int = 0  # letters past their deadline (units only)


def circular(period, profiles):
    """[Entry]: failing sites first (single-veto items, then problem columns), then units."""
    latest = (
        SiteSnapshot.objects.filter(profile__in=profiles, date__range=(period.start, period.end))
        .order_by()
        .values("profile")
        .annotate(last=Max("date"))
    )
    wanted = {(row["profile"], row["last"]) for row in latest}
    snapshots = [
        s
        for s in SiteSnapshot.objects.filter(
            profile__in={p for p, _d in wanted}, date__range=(period.start, period.end)
        ).select_related("profile__site", "profile__root_page")
        if (s.profile_id, s.date) in wanted
    ]
    failing = [s for s in snapshots if s.vetoes or s.overdue or s.empty]
    failing.sort(key=lambda s: (-len(s.vetoes), -(s.overdue + s.empty), s.profile.site_code or "", s.profile.name))
    entries = [
        Entry(
            rank=n,
            kind="站点",
            name=str(s.profile),
            overdue=s.overdue,
            empty=s.empty,
            vetoes="、".join(v["label"] for v in s.vetoes),
            reasons="；".join(
                [*(f"{v['label']}：{v['detail']}" for v in s.vetoes), f"逾期栏目 {s.overdue} 个，空白栏目 {s.empty} 个"]
            ),
        )
        for n, s in enumerate(failing, 1)
    ]
    units = {}
    for s in snapshots:
        for u in s.units:
            entry = units.setdefault(
                u["unit"], {"name": u["name"], "overdue": 0, "empty": 0, "columns": [], "letters": 0}
            )
            entry["overdue"] += u["overdue"]
            entry["empty"] += u["empty"]
            entry["letters"] += u.get("letters", 0)  # snapshots before letters have none
            entry["columns"] += [f"{s.profile} › {c}" for c in u["columns"]]
    ranked = sorted(
        units.values(), key=lambda u: (-(u["overdue"] + u["empty"] + u["letters"]), -u["overdue"], u["name"])
    )
    entries += [
        Entry(
            rank=n,
            kind="单位",
            name=u["name"],
            overdue=u["overdue"],
            empty=u["empty"],
            vetoes="",
            letters=u["letters"],
            reasons=_unit_reasons(u),
        )
        for n, u in enumerate(ranked, 1)
    ]
    return entries


def _unit_reasons(unit):
    columns = unit["columns"]
    parts = []
    if columns:
        parts.append("、".join(columns[:5]) + (f" 等 {len(columns)} 个栏目" if len(columns) > 5 else ""))
    if unit["letters"]:
        parts.append(f"逾期未办理群众来信 {unit['letters']} 件")
    return "；".join(parts)
