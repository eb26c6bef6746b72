"""The oversight dashboard: the cluster at a glance, problem columns, unit scorecards and each
site's 12-week trend. Everything is read from the latest recorded audit (assurance.audit.record_audit,
run daily and on demand), scoped to the sites the user oversees."""

from datetime import timedelta

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from interaction.models import Letter
from interaction.statistics import latest_workday_on, overdue_q
from sites.models import SiteProfile, Unit

from ..audit import record_audit
from ..models import ColumnFinding, ColumnStatus, SiteSnapshot
from ..scope import can_oversee, overseen_profiles, oversees_cluster
from .menu import OversightMenuItem
from .reports import OversightReport, report_paths

PROBLEMS = [ColumnStatus.OVERDUE, ColumnStatus.EMPTY, ColumnStatus.DUE_SOON]
WEEKS = 12


def latest_snapshots(profiles):
    latest = SiteSnapshot.objects.filter(profile=OuterRef("profile")).order_by("-date").values("date")[:1]
    return (
        SiteSnapshot.objects.filter(profile__in=profiles, date=Subquery(latest))
        .select_related("profile__site", "profile__root_page")
        .order_by("profile__root_page__path")
    )


class StatusBar:
    """A site's column counts as the segments of a stacked bar (percent widths)."""

    COLOURS = {"ok": "#2e7d32", "due_soon": "#f9a825", "overdue": "#c62828", "empty": "#616161"}

    def __init__(self, snapshot):
        counts = {status: getattr(snapshot, status) for status in self.COLOURS}
        total = sum(counts.values()) or 1
        labels = dict(ColumnStatus.choices)
        self.segments = [
            {"label": labels[s], "count": n, "width": round(100 * n / total, 2), "colour": self.COLOURS[s]}
            for s, n in counts.items()
            if n
        ]


class OverviewView(OversightReport):
    """站群总览: every site's column counts by status, its home page and its single-veto items."""

    page_title = "内容保障总览"
    index_url_name = "assurance_overview"
    index_results_url_name = "assurance_overview_results"
    template_name = "assurance/overview.html"
    export_filename = "assurance-sites"
    list_export = [
        "profile",
        "profile.get_level_display",
        "ok",
        "due_soon",
        "overdue",
        "empty",
        "not_applicable",
        "home_last_update",
        "veto_text",
        "date",
    ]
    export_headings = {
        "profile": "站点",
        "profile.get_level_display": "层级",
        "ok": "正常",
        "due_soon": "即将到期",
        "overdue": "逾期",
        "empty": "空白",
        "not_applicable": "不适用",
        "home_last_update": "首页最近更新",
        "veto_text": "单项否决",
        "date": "检查日期",
    }
    columns = [
        TitleColumn(
            "profile",
            label="站点",
            get_url=lambda s: reverse("assurance_columns") + f"?profile={s.profile_id}",
        ),
        Column("level", label="层级", accessor="profile.get_level_display"),
        Column("ok", label="正常"),
        Column("due_soon", label="即将到期"),
        Column("overdue", label="逾期"),
        Column("empty", label="空白"),
        Column("not_applicable", label="不适用"),
        DateColumn("home_last_update", label="首页最近更新"),
        Column("veto_text", label="单项否决"),
    ]

    def get_queryset(self):
        snapshots = list(latest_snapshots(self.profiles))
        for snapshot in snapshots:
            snapshot.veto_text = "；".join(v["label"] for v in snapshot.vetoes) or "—"
            snapshot.bar = StatusBar(snapshot)
        return snapshots

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snapshots = self.object_list
        context["totals"] = {
            label: sum(getattr(s, status) for s in snapshots) for status, label in ColumnStatus.choices
        }
        context["failing"] = sum(1 for s in snapshots if s.vetoes)
        context["audited_on"] = max((s.date for s in snapshots), default=None)
        context["can_run_audit"] = oversees_cluster(self.request.user)
        context["legend"] = [(dict(ColumnStatus.choices)[s], c) for s, c in StatusBar.COLOURS.items()]
        return context


class FindingFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label="状态", choices=ColumnStatus.choices)
    profile = django_filters.ModelChoiceFilter(label="站点", queryset=SiteProfile.objects.none())

    class Meta:
        model = ColumnFinding
        fields = ["status", "profile"]

    def __init__(self, *args, profiles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["profile"].queryset = profiles


class ProblemColumnsView(OversightReport):
    """逾期栏目: overdue, empty and soon-due columns, most overdue first, with who answers for them."""

    page_title = "问题栏目"
    index_url_name = "assurance_columns"
    index_results_url_name = "assurance_columns_results"
    filterset_class = FindingFilterSet
    export_filename = "assurance-columns"
    list_export = [
        "profile",
        "trail",
        "get_status_display",
        "days_overdue",
        "requirement",
        "last_update",
        "last_update_label",
        "due",
        "unit_names",
        "contacts",
    ]
    export_headings = {
        "profile": "站点",
        "trail": "栏目",
        "get_status_display": "状态",
        "days_overdue": "逾期天数",
        "requirement": "更新要求",
        "last_update": "最近更新",
        "last_update_label": "更新方式",
        "due": "应更新日期",
        "unit_names": "保障单位",
        "contacts": "联系人及电话",
    }
    columns = [
        Column("profile", label="站点"),
        TitleColumn("trail", label="栏目", get_url=lambda f: reverse("wagtailadmin_pages:edit", args=[f.column_id])),
        Column("get_status_display", label="状态"),
        Column("days_overdue", label="逾期天数"),
        Column("requirement", label="更新要求"),
        DateColumn("last_update", label="最近更新"),
        DateColumn("due", label="应更新日期"),
        Column("unit_names", label="保障单位"),
        Column("contacts", label="联系人及电话"),
    ]

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "profiles": self.profiles}

    def get_queryset(self):
        return (
            ColumnFinding.objects.filter(profile__in=self.profiles, status__in=PROBLEMS)
            .select_related("profile__site", "profile__root_page")
            .prefetch_related("units")
            .order_by("-days_overdue", "status", "trail")
        )

    def decorate_paginated_queryset(self, findings):
        kinds = {"item": "发布信息", "edit": "修改内容", "check": "核查确认"}
        for finding in findings:
            units = list(finding.units.all())
            finding.unit_names = "、".join(u.name for u in units)
            finding.contacts = "；".join(
                f"{u.name} {u.contact_person} {u.phone}".strip() for u in units if u.contact_person or u.phone
            )
            finding.last_update_label = kinds.get(finding.last_update_kind, "")
        return findings


class UnitScorecardView(OversightReport):
    """单位记分: each responsible unit's columns by status in the latest audit, and the residents'
    letters it handles that are past their deadline now."""

    page_title = "保障单位记分"
    index_url_name = "assurance_units"
    index_results_url_name = "assurance_units_results"
    export_filename = "assurance-units"
    list_export = ["name", "get_kind_display", "columns", "ok", "due_soon", "overdue", "empty", "letters", "contact"]
    export_headings = {
        "name": "单位",
        "get_kind_display": "单位类别",
        "columns": "栏目数",
        "ok": "正常",
        "due_soon": "即将到期",
        "overdue": "逾期",
        "empty": "空白",
        "letters": "逾期信件",
        "contact": "联系人及电话",
    }
    columns = [
        TitleColumn("name", label="单位", get_url=lambda u: reverse("wagtailsnippets_sites_unit:edit", args=[u.pk])),
        Column("get_kind_display", label="单位类别"),
        Column("columns", label="栏目数"),
        Column("ok", label="正常"),
        Column("due_soon", label="即将到期"),
        Column("overdue", label="逾期"),
        Column("empty", label="空白"),
        Column("letters", label="逾期信件"),
        Column("contact", label="联系人及电话"),
    ]

    def get_queryset(self):
        findings = Q(column_findings__profile__in=self.profiles)
        counts = {
            status: Count("column_findings", filter=findings & Q(column_findings__status=status))
            for status in ("ok", "due_soon", "overdue", "empty")
        }
        overdue_letters = (
            Letter.objects.filter(
                overdue_q(latest_workday_on(timezone.localdate())),
                handler__unit=OuterRef("pk"),
                handler__in=self.profiles.values("pk"),
            )
            .order_by()
            .values("handler__unit")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            Unit.objects.annotate(
                columns=Count("column_findings", filter=findings),
                letters=Coalesce(Subquery(overdue_letters), 0),
                **counts,
            )
            .filter(Q(columns__gt=0) | Q(letters__gt=0))
            .order_by("-overdue", "-letters", "-empty", "name")
        )

    def decorate_paginated_queryset(self, units):
        for unit in units:
            unit.contact = f"{unit.contact_person} {unit.phone}".strip()
        return units


class TrendView(OversightReport):
    """站点趋势: overdue plus empty columns per site, week by week, for the last 12 weeks."""

    page_title = "站点趋势（近12周）"
    index_url_name = "assurance_trends"
    index_results_url_name = "assurance_trends_results"
    export_filename = "assurance-trends"

    def get_weeks(self):
        monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
        return [monday - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]

    def get_queryset(self):
        self.weeks = self.get_weeks()
        profiles = list(self.profiles.filter(status=SiteProfile.Status.OPEN).order_by("root_page__path"))
        series = {p.pk: [None] * WEEKS for p in profiles}
        snapshots = SiteSnapshot.objects.filter(profile__in=profiles, date__gte=self.weeks[0]).order_by("date")
        for s in snapshots.only("profile_id", "date", "overdue", "empty"):
            week = (s.date - self.weeks[0]).days // 7
            series[s.profile_id][week] = s.overdue + s.empty  # the week's latest snapshot wins
        for profile in profiles:
            profile.name = str(profile)
            profile.series = series[profile.pk]
            profile.spark = sparkline(profile.series)
            for n, value in enumerate(profile.series):
                setattr(profile, f"week_{n}", "" if value is None else value)
        return profiles

    @property
    def list_export(self):
        return ["name", *(f"week_{n}" for n in range(WEEKS))]

    @property
    def export_headings(self):
        return {"name": "站点", **{f"week_{n}": f"{w:%m-%d}周" for n, w in enumerate(self.get_weeks())}}

    @property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label="站点",
                get_url=lambda p: reverse("assurance_columns") + f"?profile={p.pk}",
            ),
            SparklineColumn("spark", label="问题栏目趋势"),
            *(Column(f"week_{n}", label=f"{w:%m-%d}") for n, w in enumerate(self.get_weeks())),
        ]


class SparklineColumn(Column):
    cell_template_name = "assurance/sparkline_cell.html"


def sparkline(values, width=120, height=24):
    """[(x, y)] in a width × height box for the weeks that have a value; None if none has."""
    known = [(n, v) for n, v in enumerate(values) if v is not None]
    if not known:
        return None
    top = max(v for _n, v in known) or 1
    step = width / max(len(values) - 1, 1)
    return [(round(n * step, 1), round(height - 2 - (height - 4) * v / top, 1)) for n, v in known]


@require_POST
def run_audit(request):
    if not oversees_cluster(request.user):
        raise PermissionDenied
    audits = record_audit()
    failing = sum(1 for a in audits if a.vetoes)
    columns = sum(len(a.rows) for a in audits)
    messages.success(request, f"已检查 {len(audits)} 个站点、{columns} 个栏目，{failing} 个站点触发单项否决。")
    return redirect("assurance_overview")


class OversightPanel(Component):
    """The admin home's summary of the latest audit of the sites this user oversees."""

    name = "assurance_status"
    order = 140
    template_name = "assurance/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        snapshots = list(latest_snapshots(overseen_profiles(self.user)))
        return {
            "totals": [(label, sum(getattr(s, status) for s in snapshots)) for status, label in ColumnStatus.choices],
            "failing": [s for s in snapshots if s.vetoes],
            "sites": len(snapshots),
            "overview_url": reverse("assurance_overview"),
            "columns_url": reverse("assurance_columns") + "?status=overdue",
        }


@hooks.register("construct_homepage_panels")
def oversight_panel(request, panels):
    if can_oversee(request.user):
        panels.append(OversightPanel(request.user))


REPORTS = [
    ("overview", OverviewView, "总览", "tasks", 100),
    ("columns", ProblemColumnsView, "问题栏目", "warning", 110),
    ("units", UnitScorecardView, "单位记分", "group", 120),
    ("trends", TrendView, "站点趋势", "history", 130),
]


@hooks.register("register_admin_urls")
def urls():
    patterns = [path("assurance/audit/", run_audit, name="assurance_run_audit")]
    for slug, view, _label, _icon, _order in REPORTS:
        patterns += report_paths(f"assurance/{slug}/", view, f"assurance_{slug}")
    return patterns


for _slug, _view, _label, _icon, _order in REPORTS:
    hooks.register(
        "register_assurance_menu_item",
        lambda s=_slug, la=_label, i=_icon, o=_order: OversightMenuItem(
            la, reverse(f"assurance_{s}"), icon_name=i, order=o
        ),
    )
