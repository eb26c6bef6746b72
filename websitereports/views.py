"""网站年度报表 in the admin: the overseen sites × a year with each report's state and the
31 January deadline (CSV and XLSX of every item for the city's staff), and one site's report:
its figures read-only, the hand-entered items as a form, 重新计算 and 发布."""

from dataclasses import dataclass

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from assurance.scope import can_oversee, overseen_profiles
from assurance.views.menu import OversightMenuItem
from assurance.views.reports import OversightReport, local_text
from sites.models import SiteProfile, Unit

from . import items, publishing
from .forms import EntryForm
from .models import WebsiteReport, deadline, table

FIRST_YEAR = 2018  # 国办函〔2018〕12号


def report_years(today=None):
    today = today or timezone.localdate()
    return list(range(today.year, FIRST_YEAR - 1, -1))


def reporting_sites(user):
    """The overseen sites that file a report: those on hostnames of their own (a 专属网页 is
    counted in its host site's report)."""
    return overseen_profiles(user).filter(site__isnull=False).order_by("root_page__path")


@dataclass
class ReportRow:
    profile: SiteProfile
    year: int
    report: WebsiteReport | None
    today: object

    @property
    def pk(self):
        return self.profile.pk

    @property
    def name(self):
        return self.profile.name

    @property
    def hostname(self):
        return self.profile.site.hostname

    @property
    def deadline(self):
        return deadline(self.year)

    @property
    def state(self):
        if self.report is None:
            return "未填报"
        if self.report.state == WebsiteReport.State.PUBLISHED:
            return "已发布（有未发布的修改）" if self.report.changed_since_publication else "已发布"
        return "草稿"

    @property
    def overdue(self):
        published = self.report is not None and self.report.state == WebsiteReport.State.PUBLISHED
        return not published and self.today > self.deadline

    @property
    def deadline_text(self):
        text = f"{self.deadline:%Y-%m-%d}"
        return f"{text}（已逾期）" if self.overdue else text

    @property
    def published_at(self):
        return local_text(self.report.published_at) if self.report and self.report.published_at else ""

    def __getattr__(self, name):
        if name in items.BY_KEY and self.report is not None:
            return items.display(items.BY_KEY[name], self.report.value(name))
        if name in items.BY_KEY:
            return ""
        raise AttributeError(name)


class ReportYearFilterSet(WagtailFilterSet):
    year = django_filters.ChoiceFilter(label="年度", empty_label=None, method="keep_all")

    class Meta:
        model = Unit
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last = timezone.localdate().year - 1
        self.filters["year"].extra.update(choices=[(str(y), f"{y}年度") for y in report_years()], initial=str(last))

    def keep_all(self, queryset, name, value):
        return queryset

    @property
    def chosen_year(self):
        if self.is_valid() and self.form.cleaned_data.get("year"):
            return int(self.form.cleaned_data["year"])
        return timezone.localdate().year - 1


EXPORT = ["name", "hostname", "state", "deadline_text", "published_at", *items.BY_KEY]


class ReportListView(OversightReport):
    page_title = "网站年度报表"
    header_icon = "doc-full"
    index_url_name = "websitereports_admin:index"
    index_results_url_name = "websitereports_admin:index_results"
    filterset_class = ReportYearFilterSet
    paginate_by = None
    list_export = EXPORT
    export_headings = {
        "name": "网站",
        "hostname": "主机名",
        "state": "状态",
        "deadline_text": "发布截止日期",
        "published_at": "发布时间",
        **{item.key: items.full_label(item) for item in items.ITEMS},
    }
    columns = [
        TitleColumn(
            "name",
            label="网站",
            get_url=lambda row: reverse("websitereports_admin:edit", args=[row.profile.pk, row.year]),
        ),
        Column("hostname", label="主机名"),
        StatusTagColumn("state", label="状态", primary=lambda row: row.report is None or row.overdue),
        Column("deadline_text", label="发布截止日期"),
        Column("published_at", label="发布时间"),
    ]

    @cached_property
    def year(self):
        return self.filters.chosen_year

    def get_page_subtitle(self):
        return f"{self.year}年度"

    def get_filename(self):
        return f"website-reports-{self.year}"

    def get_queryset(self):
        profiles = list(reporting_sites(self.request.user))
        reports = {
            r.profile_id: r for r in WebsiteReport.objects.filter(profile__in=[p.pk for p in profiles], year=self.year)
        }
        today = timezone.localdate()
        return [ReportRow(p, self.year, reports.get(p.pk), today) for p in profiles]

    def filter_queryset(self, queryset):
        return queryset


class ReportEditView(WagtailAdminTemplateMixin, TemplateView):
    """GET shows the report (its figures computed now when it was never saved); POST `action`
    save / recompute / publish acts on it. A refused POST keeps the typed input and says why."""

    template_name = "websitereports/admin/edit.html"
    header_icon = "doc-full"
    ACTIONS = {"save": "保存", "recompute": "重新计算", "publish": "发布"}

    def dispatch(self, request, profile_id, year):
        if not can_oversee(request.user):
            raise Http404
        self.profile = get_object_or_404(reporting_sites(request.user), pk=profile_id)
        if year not in report_years():
            raise Http404
        self.year = year
        return super().dispatch(request, profile_id, year)

    def get_page_title(self):
        return "网站年度报表"

    def get_page_subtitle(self):
        return f"{self.profile.name} · {self.year}年度"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("websitereports_admin:index") + f"?year={self.year}", "label": "网站年度报表"},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get(self, request, *args, **kwargs):
        self.report = publishing.draft(self.profile, self.year)
        form = EntryForm(initial=EntryForm.initial_from(self.report.entered), year=self.year)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            raise Http404
        version = request.POST.get("version", "")
        form = EntryForm(request.POST, publishing=action == "publish", year=self.year)
        error = ""
        if action == "recompute":
            try:
                publishing.recompute(self.profile, self.year, version)
            except publishing.ReportError as refusal:
                error = str(refusal)
        elif not form.is_valid():
            error = "请按提示修改后再提交，报表未保存。"
        else:
            try:
                if action == "publish":
                    publishing.publish(self.profile, self.year, form.entered(), request.user, version)
                else:
                    publishing.save(self.profile, self.year, form.entered(), version)
            except publishing.ReportError as refusal:
                error = str(refusal)
        if error:
            messages.error(request, error)
            self.report = publishing.draft(self.profile, self.year)
            return self.render_to_response(self.get_context_data(form=form, error=error), status=400)
        done = {"save": "报表已保存。", "recompute": "平台统计已重新计算。", "publish": "报表已发布到网站首页。"}
        messages.success(request, done[action])
        return redirect(reverse("websitereports_admin:edit", args=[self.profile.pk, self.year]))

    def get_context_data(self, form, error="", **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        figure_rows = [row for row in table(report.rows()) if row["item"].source != items.HAND]
        context.update(
            report=report,
            form=form,
            error=error,
            figure_rows=figure_rows,
            hand_fields=[form[item.key] for item in items.HAND_ITEMS],
            version=publishing.version_of(report) if report.pk else "",
            deadline=deadline(self.year),
            today=timezone.localdate(),
            page_url=report.page.url if report.page_id and report.page.live else "",
        )
        return context


app_name = "websitereports_admin"
urlpatterns = [
    path("", ReportListView.as_view(), name="index"),
    path("results/", ReportListView.as_view(results_only=True), name="index_results"),
    path("<int:profile_id>/<int:year>/", ReportEditView.as_view(), name="edit"),
]


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("website-reports/", include((urlpatterns, app_name), namespace=app_name))]


@hooks.register("register_assurance_menu_item")
def menu_item():
    return OversightMenuItem("网站年度报表", reverse("websitereports_admin:index"), icon_name="doc-full", order=175)
