"""What residents searched, by ISO week (Monday, Beijing time) and site: the most searched
queries, the queries that found nothing and those whose results nobody opened. Three queries
whatever the size of the log: each ranks its groups in the database and keeps the first few."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Min, Q, Window
from django.db.models.functions import RowNumber, TruncWeek
from django.utils import timezone

from .models import SearchLog

TOP = 20  # rows per section, week and site
SECTIONS = {"top": "热门搜索词", "empty": "无结果搜索词", "unopened": "无人点击搜索词"}


@dataclass
class Row:
    section: str  # a key of SECTIONS
    week: date  # its Monday
    site_hostname: str
    site_name: str
    query: str  # as first typed (the smallest of its spellings)
    searches: int
    empty: int  # searches that found nothing
    opened: int  # searches with a result opened

    @property
    def section_label(self):
        return SECTIONS[self.section]

    @property
    def week_label(self):
        year, week, _ = self.week.isocalendar()
        sunday = self.week + timedelta(days=6)
        return f"{year}年第{week}周（{self.week:%m月%d日}—{sunday:%m月%d日}）"


def monday(day):
    return day - timedelta(days=day.weekday())


def week_bounds(first, last):
    """The aware datetimes from the Monday of `first` to the Monday after `last`, Beijing time."""
    start, end = monday(first), monday(last) + timedelta(days=7)
    return (timezone.make_aware(datetime.combine(d, time.min)) for d in (start, end))


def weekly_report(first, last, site_names, hostnames=None, limit=TOP):
    """Rows for the weeks from `first`'s to `last`'s, on `hostnames` (None: every site); sections
    in order, then newest week, then sites in `site_names`' order, then rank."""
    start, end = week_bounds(min(first, last), max(first, last))
    logs = SearchLog.objects.filter(at__gte=start, at__lt=end)
    if hostnames is not None:
        logs = logs.filter(site_hostname__in=list(hostnames))
    groups = (
        logs.annotate(week=TruncWeek("at"))
        .values("week", "site_hostname", "normalized")
        .annotate(
            query=Min("query"),
            searches=Count("pk"),
            empty=Count("pk", filter=Q(results=0)),
            answered=Count("pk", filter=Q(results__gt=0)),
            opened=Count("pk", filter=Q(opened=True)),
        )
    )
    ranked = {
        "top": (groups, "searches"),
        "empty": (groups.filter(empty__gt=0), "empty"),
        "unopened": (groups.filter(answered__gt=0, opened=0), "answered"),
    }
    order = {hostname: n for n, hostname in enumerate(site_names)}
    rows = []
    for section, (queryset, count) in ranked.items():
        window = Window(
            RowNumber(),
            partition_by=[F("week"), F("site_hostname")],
            order_by=[F(count).desc(), F("normalized").asc()],
        )
        found = queryset.annotate(rank=window).filter(rank__lte=limit)
        found = sorted(
            found,
            key=lambda g: (-_monday_of(g["week"]).toordinal(), order.get(g["site_hostname"], len(order)), g["rank"]),
        )
        rows += [
            Row(
                section=section,
                week=_monday_of(g["week"]),
                site_hostname=g["site_hostname"],
                site_name=site_names.get(g["site_hostname"], g["site_hostname"]),
                query=g["query"],
                searches=g["searches"],
                empty=g["empty"],
                opened=g["opened"],
            )
            for g in found
        ]
    return rows


def _monday_of(value):
    """TruncWeek gives an aware datetime (PostgreSQL) or, on some backends, a date."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
