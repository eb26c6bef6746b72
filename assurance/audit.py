"""The cluster audit: every column of every open site judged by assurance.rules, each site's
home page and its single-veto items, in one pass whose query count does not grow with the
number of sites, columns or items."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

from columns.models import ITEM_PAGE_TYPES, ChannelPage, ColumnPage, LinkColumnPage, UpdateFrequency
from content.models import ServiceGuidePage
from interaction.models import Letter
from interaction.statistics import latest_workday_on, overdue_q
from sites.models import SiteProfile
from sites.units import UnitIndex, link_parents
from websitereports.overdue import missing_reports

from . import rules
from .annual_reports import flag_missing_reports
from .availability import probe_summary
from .models import ColumnCheck, ColumnFinding, ColumnStatus, SiteSnapshot

STEP = Page.steplen
SERVICE_GUIDE_ELEMENTS = {"basis": "设定依据", "conditions": "申请条件", "materials": "办理材料", "process": "办理流程"}
MANUAL_CHECKS = [
    ("serious_errors", "严重错误", "严重错别字、虚假或违法有害内容、伪造发稿日期等，需人工检查"),
]
# 互动回应差: a letter accepted within the past year and still unanswered this long after, or no
# working consultation channel on a government site that must have one.
UNANSWERED_DAYS = 92
UNANSWERED_WINDOW_DAYS = 365
CHANNEL_LEVELS = {SiteProfile.Level.CITY, SiteProfile.Level.COUNTY, SiteProfile.Level.DISTRICT}


@dataclass(frozen=True)
class Veto:
    code: str
    label: str
    detail: str


@dataclass
class ColumnRow:
    page_id: int
    profile: SiteProfile
    title: str
    trail: str
    frequency: str
    units: list
    duty_note: str
    verdict: rules.Verdict
    newest_item: object = None  # first publication of its newest live item
    column_key: str = ""

    @property
    def requirement(self):
        label = UpdateFrequency(self.frequency).label if self.frequency else ""
        rule = rules.NATIONAL_BY_CODE.get(self.verdict.national)
        return "；".join(p for p in (label, rule and f"国家规定：{rule.label}") if p)

    @property
    def unit_names(self):
        return "、".join(u.name for u in self.units) or self.duty_note


@dataclass
class SiteAudit:
    profile: SiteProfile
    rows: list = field(default_factory=list)
    home_last_update: object = None
    vetoes: list = field(default_factory=list)
    probes: object = None
    mailboxes: int = 0  # live mailbox columns (the consultation channel)
    unanswered: dict = None  # letters accepted in the past year, unanswered after UNANSWERED_DAYS
    missing_report: object = None  # annual_reports.MissingReport: last year's report past its deadline
    flags: list = field(default_factory=list)  # overdue duties that are not single-veto items

    @property
    def counts(self):
        return Counter(row.verdict.status for row in self.rows)

    @property
    def qualified(self):
        return not self.vetoes


def outermost(paths):
    """The tree paths not inside another of them: a township lies inside its county's subtree."""
    roots = []
    for path in sorted(paths):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def local(dt):
    return timezone.localtime(dt) if dt else None


def audit_cluster(today=None, hostname=None):
    """[SiteAudit] for every open site (or the one at `hostname`), in tree order."""
    today = today or timezone.localdate()
    profiles = link_parents(SiteProfile.objects.select_related("site", "root_page", "unit").order_by("root_page__path"))
    index = UnitIndex.of(profiles)
    audited = [p for p in profiles if p.is_open and (hostname is None or hostname in (p.web_address, p.name))]
    audits = {p.pk: SiteAudit(p) for p in audited}
    if not audited:
        return []
    scope = Q()
    for root in outermost(p.root_page.path for p in audited):
        scope |= Q(path__startswith=root)

    columns = list(
        ColumnPage.objects.filter(scope, live=True).values(
            "id",
            "path",
            "title",
            "column_key",
            "update_frequency",
            "duty_note",
            "intro",
            "last_published_at",
            "mailboxpage",
        )
    )
    links = list(LinkColumnPage.objects.filter(scope, live=True).values("id", "path", "title", "update_frequency"))
    titles = dict(ChannelPage.objects.filter(scope, live=True).values_list("path", "title"))
    titles.update({c["path"]: c["title"] for c in columns + links})
    containers = {c["path"][:-STEP] for c in columns + links}
    units = {}
    through = ColumnPage.responsible_units.through
    for link in through.objects.filter(columnpage__in=[c["id"] for c in columns]).select_related("unit"):
        units.setdefault(link.columnpage_id, []).append(link.unit)
    items = {
        row["parent"]: row
        for row in Page.objects.filter(scope, live=True, content_type__in=_item_types())
        .annotate(parent=Substr("path", 1, (F("depth") - 1) * STEP))
        .order_by()  # Page's manager orders by path, which would join the GROUP BY: one group per item
        .values("parent")
        .annotate(newest=Max("first_published_at"), edited=Max("last_published_at"), count=Count("id"))
    }
    checks = dict(
        ColumnCheck.objects.filter(column__in=[c["id"] for c in columns])
        .order_by()
        .values("column")
        .annotate(latest=Max("checked_at"))
        .values_list("column", "latest")
    )

    for path, row in items.items():
        audit = audits.get(getattr(index(path), "pk", None))
        if audit and (audit.home_last_update is None or row["newest"] > audit.home_last_update):
            audit.home_last_update = row["newest"]
    for column in columns + links:
        audit = audits.get(getattr(index(column["path"]), "pk", None))
        if audit is None:
            continue
        is_link = "intro" not in column
        audit.mailboxes += 1 if column.get("mailboxpage") else 0
        found = items.get(column["path"], {})
        has_text = not is_link and bool(strip_tags(column["intro"]).strip())
        edits = [found.get("edited"), column["last_published_at"] if has_text else None]
        verdict = rules.judge(
            frequency=column["update_frequency"],
            title=column["title"],
            today=today,
            newest_item=local(found.get("newest")),
            edited=local(max(filter(None, edits), default=None)),
            checked=local(checks.get(column["id"])),
            has_content=bool(found) or has_text,
            is_link=is_link,
            is_container=column["path"] in containers,
        )
        audit.rows.append(
            ColumnRow(
                page_id=column["id"],
                profile=audit.profile,
                title=column["title"],
                trail=_trail(column["path"], audit.profile, titles),
                frequency=column["update_frequency"],
                units=units.get(column["id"]) or ([audit.profile.unit] if audit.profile.unit else []),
                duty_note=column.get("duty_note", ""),
                verdict=verdict,
                newest_item=local(found.get("newest")),
                column_key=column.get("column_key", ""),
            )
        )

    probes = probe_summary(profile_ids=list(audits))
    incomplete_guides = _incomplete_service_guides(scope, index)
    unanswered = _unanswered_letters(list(audits), today)
    flag_missing_reports(list(audits.values()), today)
    website_reports = missing_reports(audited, today)
    for audit in audits.values():
        if reason := website_reports.get(audit.profile.pk):
            audit.flags.append(Veto("website_report", "网站年度报表未发布", reason))
        if audit.missing_report:
            audit.flags.append(Veto("disclosure_report", "信息公开年报未发布", audit.missing_report.text))
        audit.unanswered = unanswered.get(audit.profile.pk)
        audit.rows.sort(key=lambda r: r.trail)
        audit.probes = probes.get(audit.profile.pk)
        audit.vetoes = _vetoes(audit, today, incomplete_guides.get(audit.profile.pk, []))
    return [audits[p.pk] for p in audited]


def _item_types():
    return ContentType.objects.get_for_models(*(apps.get_model(label) for label in ITEM_PAGE_TYPES)).values()


def _trail(path, profile, titles):
    root = profile.root_page.path
    parts = [titles[path[:n]] for n in range(len(root) + STEP, len(path) + 1, STEP) if path[:n] in titles]
    return " › ".join(parts)


def _incomplete_service_guides(scope, index):
    """{profile id: [guide title]} for live service guides missing an element the national rules require."""
    found = {}
    guides = ServiceGuidePage.objects.filter(scope, live=True).values_list("path", "title", *SERVICE_GUIDE_ELEMENTS)
    for path, title, *elements in guides:
        if not all(strip_tags(text).strip() for text in elements) and (profile := index(path)):
            found.setdefault(profile.pk, []).append(title)
    return found


def _unanswered_letters(profile_ids, today):
    """{profile id: {count, number, accepted_at}}: each site's letters accepted within the past
    year and still unanswered more than UNANSWERED_DAYS later, with the oldest one (one query,
    reading only those letters: each of them fails its site)."""
    stale = (
        Letter.objects.filter(
            profile__in=profile_ids,
            accepted_at__date__gte=today - timedelta(days=UNANSWERED_WINDOW_DAYS),
            accepted_at__date__lt=today - timedelta(days=UNANSWERED_DAYS),
        )
        .exclude(state=Letter.State.ANSWERED)
        .order_by("accepted_at", "pk")
        .values_list("profile", "number", "accepted_at")
    )
    found = {}
    for profile, number, accepted_at in stale:
        entry = found.setdefault(profile, {"count": 0, "number": number, "accepted_at": accepted_at})
        entry["count"] += 1
    return found


def _interaction_veto(audit, today):
    reasons = []
    if stale := audit.unanswered:
        days = (today - local(stale["accepted_at"]).date()).days
        reasons.append(
            f"信件 {stale['number']} 受理已 {days} 天仍未答复"
            f"（近一年受理、超过3个月未答复的信件共 {stale['count']} 件）"
        )
    if audit.profile.level in CHANNEL_LEVELS and not audit.mailboxes:
        reasons.append("没有可用的在线咨询渠道（无运行中的信箱栏目）")
    return Veto("interaction", "互动回应差", "；".join(reasons)) if reasons else None


def _vetoes(audit, today, incomplete_guides):
    vetoes = []
    home = audit.home_last_update
    if home is None:
        vetoes.append(Veto("home", "首页不更新", "首页没有任何带发布时间的信息"))
    elif (days := (today - local(home).date()).days) > rules.HOME_STALE_DAYS:
        vetoes.append(Veto("home", "首页不更新", f"首页已 {days} 天没有新信息（{local(home):%Y-%m-%d}）"))
    national = [r for r in audit.rows if r.verdict.national_overdue]
    overdue = [r for r in audit.rows if r.verdict.status == ColumnStatus.OVERDUE]
    if len(national) >= rules.VETO_STALE_NATIONAL_COLUMNS or len(overdue) >= rules.VETO_STALE_COLUMNS:
        vetoes.append(
            Veto(
                "columns",
                "栏目不更新",
                f"动态、通知公告、政策文件等栏目超期未更新 {len(national)} 个，应更新未更新栏目 {len(overdue)} 个",
            )
        )
    empty = [r.title for r in audit.rows if r.verdict.status == ColumnStatus.EMPTY]
    if len(empty) >= rules.VETO_EMPTY_COLUMNS:
        vetoes.append(Veto("empty", "空白栏目", f"空白栏目 {len(empty)} 个：{'、'.join(empty[:8])}"))
    if (probes := audit.probes) and probes.veto:
        vetoes.append(Veto("availability", "站点无法访问", f"近7天探测 {probes.probes} 次，失败 {probes.failures} 次"))
    if incomplete_guides:
        vetoes.append(
            Veto(
                "services",
                "服务不实用",
                f"办事指南要素缺失 {len(incomplete_guides)} 项：{'、'.join(incomplete_guides[:5])}",
            )
        )
    if interaction := _interaction_veto(audit, today):
        vetoes.append(interaction)
    return vetoes


@transaction.atomic
def record_audit(today=None, hostname=None):
    """Audit and keep the result: each column's finding (replacing the last) and each site's
    snapshot of the day (the history)."""
    today = today or timezone.localdate()
    audits = audit_cluster(today, hostname)
    now = timezone.now()
    profile_ids = [a.profile.pk for a in audits]
    ColumnFinding.objects.filter(profile__in=profile_ids).delete()
    rows = [row for audit in audits for row in audit.rows]
    findings = ColumnFinding.objects.bulk_create(
        [
            ColumnFinding(
                column_id=row.page_id,
                profile=row.profile,
                title=row.title,
                trail=row.trail,
                status=row.verdict.status,
                requirement=row.requirement,
                last_update=row.verdict.last_update,
                last_update_kind=row.verdict.last_update_kind,
                due=row.verdict.due,
                days_overdue=row.verdict.days_overdue,
                national=row.verdict.national,
                audited_at=now,
            )
            for row in rows
        ]
    )
    ColumnFinding.units.through.objects.bulk_create(
        [
            ColumnFinding.units.through(columnfinding_id=finding.pk, unit_id=unit.pk)
            for finding, row in zip(findings, rows, strict=True)
            for unit in row.units
        ]
    )
    letters = overdue_letters_by_unit(profile_ids, today)
    SiteSnapshot.objects.filter(profile__in=profile_ids, date=today).delete()
    SiteSnapshot.objects.bulk_create([snapshot(audit, today, letters.get(audit.profile.pk, [])) for audit in audits])
    return audits


def overdue_letters_by_unit(profile_ids, today):
    """{profile id: [{unit, name, letters}]}: each site's letters past their deadline by a working
    day, by the unit handling them (two queries: the calendar, the letters)."""
    latest = latest_workday_on(today)
    rows = (
        Letter.objects.filter(overdue_q(latest), profile__in=profile_ids, handler__unit__isnull=False)
        .order_by()
        .values("profile", "handler__unit", "handler__unit__name")
        .annotate(letters=Count("pk"))
    )
    found = {}
    for row in rows:
        found.setdefault(row["profile"], []).append(
            {"unit": row["handler__unit"], "name": row["handler__unit__name"], "letters": row["letters"]}
        )
    return found


def snapshot(audit, day: date, letters=()):
    counts = audit.counts
    return SiteSnapshot(
        profile=audit.profile,
        date=day,
        ok=counts[ColumnStatus.OK],
        due_soon=counts[ColumnStatus.DUE_SOON],
        overdue=counts[ColumnStatus.OVERDUE],
        empty=counts[ColumnStatus.EMPTY],
        not_applicable=counts[ColumnStatus.NOT_APPLICABLE],
        home_last_update=audit.home_last_update,
        vetoes=[{"code": v.code, "label": v.label, "detail": v.detail} for v in audit.vetoes],
        units=unit_problems(audit.rows, letters),
    )


def unit_problems(rows, letters=()):
    """Each unit's overdue and empty columns and its overdue letters (`letters`: [{unit, name,
    letters}]), as a snapshot keeps them for the circulars."""
    by_unit = {}

    def entry(pk, name):
        return by_unit.setdefault(pk, {"unit": pk, "name": name, "overdue": 0, "empty": 0, "columns": [], "letters": 0})

    for row in rows:
        if row.verdict.status not in (ColumnStatus.OVERDUE, ColumnStatus.EMPTY):
            continue
        for unit in row.units:
            found = entry(unit.pk, unit.name)
            found[row.verdict.status] += 1
            found["columns"].append(row.trail)
    for unit in letters:
        entry(unit["unit"], unit["name"])["letters"] += unit["letters"]
    return sorted(by_unit.values(), key=lambda e: (-(e["overdue"] + e["empty"] + e["letters"]), e["name"]))
