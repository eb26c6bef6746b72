"""The weekly and quarterly circulars (通报) and the quarterly spot checks (抽查), as admin pages
with CSV and XLSX export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from .. import spotcheck
from ..circulars import BadPeriod, circular, parse_period, quarter_of
from ..models import SpotCheck
from ..scope import oversees_cluster
from .menu import OversightMenuItem
from .reports import OversightReport, report_paths

KINDS = {"week": "周通报", "quarter": "季度通报"}


class CircularView(OversightReport):
    """A period's circular: failing sites ranked by single-veto items and problem columns, then units."""

    template_name = "assurance/circular.html"
    index_url_name = "assurance_circular"
    index_results_url_name = "assurance_circular_results"
    paginate_by = None
    list_export = ["kind", "rank", "name", "vetoes", "overdue", "empty", "letters", "reasons"]
    export_headings = {
        "kind": "类别",
        "rank": "排名",
        "name": "名称",
        "vetoes": "单项否决",
        "overdue": "逾期栏目",
        "empty": "空白栏目",
        "letters": "逾期信件",
        "reasons": "原因",
    }
    columns = [
        Column("kind", label="类别"),
        Column("rank", label="排名"),
        Column("name", label="名称"),
        Column("vetoes", label="单项否决"),
        Column("overdue", label="逾期栏目"),
        Column("empty", label="空白栏目"),
        Column("letters", label="逾期信件"),
        Column("reasons", label="原因"),
    ]

    def setup(self, request, *args, kind, **kwargs):
        super().setup(request, *args, kind=kind, **kwargs)
        if kind not in KINDS:
            raise Http404
        self.kind = kind

    def get(self, request, *args, **kwargs):
        try:
            self.period = parse_period(self.kind, request.GET.get("period", ""), timezone.localdate())
        except BadPeriod as error:
            messages.error(request, str(error))
            return redirect(reverse("assurance_circular", args=[self.kind]))
        return super().get(request, *args, **kwargs)

    @property
    def page_title(self):
        return f"{KINDS[self.kind]}：{self.period.label}"

    @property
    def export_filename(self):
        return f"circular-{self.period.key}"

    def get_index_url(self):
        return reverse("assurance_circular", args=[self.kind]) + f"?period={self.period.key}"

    def get_index_results_url(self):
        return reverse("assurance_circular_results", args=[self.kind]) + f"?period={self.period.key}"

    def get_queryset(self):
        return circular(self.period, self.profiles)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        url = reverse("assurance_circular", args=[self.kind])
        context["previous_url"] = f"{url}?period={self.period.shifted(-1).key}"
        context["next_url"] = f"{url}?period={self.period.shifted(1).key}"
        context["period"] = self.period
        return context


class SpotCheckListView(OversightReport):
    page_title = "季度抽查"
    index_url_name = "assurance_spot_checks"
    index_results_url_name = "assurance_spot_checks_results"
    template_name = "assurance/spot_checks.html"
    export_filename = "spot-checks"
    list_export = ["__str__", "drawn_at", "sites", "unqualified"]
    export_headings = {"__str__": "抽查", "drawn_at": "抽取时间", "sites": "抽查站点数", "unqualified": "不合格站点数"}
    columns = [
        TitleColumn(
            "__str__", label="抽查", get_url=lambda c: reverse("assurance_spot_check", args=[c.pk]), accessor="__str__"
        ),
        DateColumn("drawn_at", label="抽取时间"),
        Column("sites", label="抽查站点数"),
        Column("unqualified", label="不合格站点数"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not oversees_cluster(request.user):
            raise PermissionDenied  # the city draws and reads the spot checks
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        checks = list(SpotCheck.objects.all())
        for check in checks:
            check.sites = len(check.sheet)
            check.unqualified = sum(1 for row in check.sheet if not row["qualified"])
        return checks

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_quarter"] = quarter_of(timezone.localdate()).label
        return context


class SheetRow:
    def __init__(self, row, item):
        self.name, self.site_code, self.level = row["name"], row["site_code"], row["level"]
        self.verdict = "合格" if row["qualified"] else "不合格"
        self.label, self.result, self.detail = item["label"], item["result"], item["detail"]


class SpotCheckSheetView(OversightReport):
    """One quarter's check sheet: every drawn site × every single-veto item."""

    index_url_name = "assurance_spot_check"
    index_results_url_name = "assurance_spot_check_results"
    paginate_by = None
    list_export = ["name", "site_code", "level", "verdict", "label", "result", "detail"]
    export_headings = {
        "name": "站点",
        "site_code": "网站标识码",
        "level": "层级",
        "verdict": "结论",
        "label": "单项否决指标",
        "result": "检查结果",
        "detail": "说明",
    }
    columns = [Column(name, label=label) for name, label in export_headings.items()]

    def dispatch(self, request, *args, pk, **kwargs):
        if not oversees_cluster(request.user):
            raise PermissionDenied
        self.spot_check = get_object_or_404(SpotCheck, pk=pk)
        return super().dispatch(request, *args, pk=pk, **kwargs)

    @property
    def page_title(self):
        return f"{self.spot_check}检查表"

    @property
    def export_filename(self):
        return f"spot-check-{self.spot_check.year}-Q{self.spot_check.quarter}"

    def get_index_url(self):
        return reverse("assurance_spot_check", args=[self.spot_check.pk])

    def get_index_results_url(self):
        return reverse("assurance_spot_check_results", args=[self.spot_check.pk])

    def get_queryset(self):
        return [SheetRow(row, item) for row in self.spot_check.sheet for item in row["items"]]


@require_POST
def draw_spot_check(request):
    if not oversees_cluster(request.user):
        raise PermissionDenied
    period = quarter_of(timezone.localdate())
    check = spotcheck.draw(period.start.year, (period.start.month - 1) // 3 + 1)
    messages.success(request, f"{check}：抽取 {len(check.sheet)} 个站点。")
    return redirect("assurance_spot_check", check.pk)


@hooks.register("register_admin_urls")
def urls():
    return [
        *report_paths("assurance/circulars/<str:kind>/", CircularView, "assurance_circular"),
        *report_paths("assurance/spot-checks/", SpotCheckListView, "assurance_spot_checks"),
        path("assurance/spot-checks/draw/", draw_spot_check, name="assurance_draw_spot_check"),
        *report_paths("assurance/spot-checks/<int:pk>/", SpotCheckSheetView, "assurance_spot_check"),
    ]


class CityMenuItem(OversightMenuItem):
    def is_shown(self, request):
        return oversees_cluster(request.user)


@hooks.register("register_assurance_menu_item")
def weekly_circular():
    return OversightMenuItem("周通报", reverse("assurance_circular", args=["week"]), icon_name="doc-full", order=140)


@hooks.register("register_assurance_menu_item")
def quarterly_circular():
    return OversightMenuItem(
        "季度通报", reverse("assurance_circular", args=["quarter"]), icon_name="doc-full", order=141
    )


@hooks.register("register_assurance_menu_item")
def spot_checks():
    return CityMenuItem("季度抽查", reverse("assurance_spot_checks"), icon_name="crosshairs", order=150)
