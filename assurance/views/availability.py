"""站点可用性: each overseen site's home-page probes of the last 7 days against the national
single-veto rule, and each site's probe log."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn

from sites.models import SiteProfile

from ..availability import ProbeSummary, probe_summary
from ..models import Probe
from ..rules import PROBE_WINDOW_DAYS
from .menu import OversightMenuItem
from .reports import OversightReport, local_text, report_paths


@dataclass
class SiteAvailability:
    profile: SiteProfile
    summary: ProbeSummary
    last_error: str = ""

    @property
    def pk(self):
        return self.profile.pk

    @property
    def name(self):
        return str(self.profile)

    @property
    def hostname(self):
        return self.profile.site.hostname

    @property
    def level(self):
        return self.profile.get_level_display()

    @property
    def probes(self):
        return self.summary.probes

    @property
    def failures(self):
        return self.summary.failures

    @property
    def failure_percent(self):
        return f"{self.summary.failure_share:.1%}" if self.summary.probes else "—"

    @property
    def days_enough(self):
        return f"{self.summary.days_with_enough_probes}/{PROBE_WINDOW_DAYS}"

    @property
    def label(self):
        return self.summary.label

    @property
    def last_failure(self):
        return self.summary.last_failure

    @property
    def last_failure_text(self):
        return local_text(self.summary.last_failure)


STATUS_ORDER = {"veto": 0, "insufficient": 1, "ok": 2}


class AvailabilityView(OversightReport):
    """Open sites only (a closed site is not probed); sites that fail the rule first, then those
    not probed often enough to judge, each group in tree order."""

    header_icon = "site"
    page_title = "站点可用性"
    index_url_name = "assurance_availability"
    index_results_url_name = "assurance_availability_results"
    export_filename = "assurance-availability"
    list_export = [
        "name",
        "hostname",
        "level",
        "probes",
        "failures",
        "failure_percent",
        "days_enough",
        "label",
        "last_failure",
        "last_error",
    ]
    export_headings = {
        "name": "站点",
        "hostname": "主机名",
        "level": "层级",
        "probes": "近7天探测次数",
        "failures": "失败次数",
        "failure_percent": "失败率",
        "days_enough": "每日探测达20次的天数",
        "label": "单项否决",
        "last_failure": "最近失败时间",
        "last_error": "最近失败原因",
    }
    columns = [
        TitleColumn("name", label="站点", get_url=lambda row: reverse("assurance_probe_log", args=[row.pk])),
        Column("hostname", label="主机名"),
        Column("level", label="层级"),
        Column("probes", label="近7天探测次数"),
        Column("failures", label="失败次数"),
        Column("failure_percent", label="失败率"),
        Column("days_enough", label="每日探测达20次的天数"),
        StatusTagColumn("label", label="单项否决", primary=lambda row: row.summary.veto),
        Column("last_failure_text", label="最近失败时间"),
        Column("last_error", label="最近失败原因"),
    ]

    def get_queryset(self):
        now = timezone.now()
        last_error = (
            Probe.objects.filter(
                profile=OuterRef("pk"), ok=False, probed_at__gt=now - timedelta(days=PROBE_WINDOW_DAYS)
            )
            .order_by("-probed_at")
            .values("error")[:1]
        )
        profiles = list(
            self.profiles.filter(status=SiteProfile.Status.OPEN)
            .annotate(last_error=Subquery(last_error))
            .order_by("root_page__path")
        )
        summaries = probe_summary(now=now, profile_ids=[p.pk for p in profiles])
        rows = [SiteAvailability(p, summaries[p.pk], p.last_error or "") for p in profiles]
        return sorted(rows, key=lambda row: STATUS_ORDER[row.summary.status])


class ProbeLogView(OversightReport):
    """One site's probes, newest first."""

    index_url_name = "assurance_probe_log"
    index_results_url_name = "assurance_probe_log_results"
    paginate_by = 100
    list_export = ["probed_at", "result", "status_code", "elapsed_ms", "error"]
    export_headings = {
        "probed_at": "探测时间",
        "result": "结果",
        "status_code": "状态码",
        "elapsed_ms": "耗时（毫秒）",
        "error": "错误",
    }
    columns = [
        Column("probed_at_text", label="探测时间"),
        StatusTagColumn("result", label="结果", primary=lambda probe: not probe.ok),
        Column("status_code", label="状态码"),
        Column("elapsed_ms", label="耗时（毫秒）"),
        Column("error", label="错误"),
    ]

    @cached_property
    def profile(self):
        profile = self.profiles.filter(pk=self.kwargs["profile_id"]).first()
        if profile is None:
            raise PermissionDenied
        return profile

    def get_page_title(self):
        return f"{self.profile} 探测记录"

    def get_page_subtitle(self):
        summary = probe_summary(profile_ids=[self.profile.pk])[self.profile.pk]
        return f"近7天探测 {summary.probes} 次，失败 {summary.failures} 次：{summary.label}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("assurance_availability"), "label": "站点可用性"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_filename(self):
        return f"probes-{self.profile.site.hostname}"

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.profile.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.profile.pk])

    def get_queryset(self):
        return Probe.objects.filter(profile=self.profile).order_by("-probed_at")

    def decorate_paginated_queryset(self, probes):
        for probe in probes:
            probe.result = "正常" if probe.ok else "失败"
            probe.probed_at_text = local_text(probe.probed_at)
        return probes


@hooks.register("register_admin_urls")
def urls():
    return [
        *report_paths("assurance/availability/", AvailabilityView, "assurance_availability"),
        *report_paths("assurance/availability/<int:profile_id>/", ProbeLogView, "assurance_probe_log"),
    ]


@hooks.register("register_assurance_menu_item")
def availability_menu_item():
    return OversightMenuItem("站点可用性", reverse("assurance_availability"), icon_name="site", order=160)
