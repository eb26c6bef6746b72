"""信息公开年报 in the admin: the units the user oversees × a year with each report's state and
deadline, and a report's page — the tables computed now, the figures and texts the unit enters,
a draft of 一、总体情况 offered from the figures, and check / save / publish. A unit outside the
user's scope, or without a 信息公开年报 column, is not found."""

from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from assurance.scope import overseen_profiles
from sites.models import SiteProfile

from . import deadlines, layout, publishing
from .forms import ReportForm
from .models import DisclosureReport, report_title
from .printing import printed_tables

FIRST_YEAR = 2020
ACTIONS = {"save": "保存", "check": "检查", "publish": "发布"}


def report_years(today):
    return list(range(today.year, FIRST_YEAR - 1, -1))


class ReportListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "annualreports/admin/index.html"
    page_title = "信息公开年报"
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        years = report_years(today)
        chosen = self.request.GET.get("year", "")
        year = int(chosen) if chosen.isdigit() and int(chosen) in years else today.year - 1
        profiles = list(overseen_profiles(self.request.user).order_by("root_page__path"))
        everyone = SiteProfile.objects.select_related("root_page")
        columns = publishing.columns_by_unit(profiles, everyone)
        keeping = [p for p in profiles if p.pk in columns]
        found = DisclosureReport.objects.filter(profile__in=[p.pk for p in keeping], year=year)
        reports = {report.profile_id: report for report in found}
        rows = []
        for profile in keeping:
            report = reports.get(profile.pk)
            due = deadlines.deadline(profile.level, year)
            published = report is not None and report.state == DisclosureReport.State.PUBLISHED
            rows.append(
                {
                    "profile": profile,
                    "report": report,
                    "state": _state_label(report),
                    "deadline": due,
                    "overdue": not published and today > due,
                    "url": reverse("annualreports_admin:edit", args=[profile.pk, year]),
                }
            )
        context.update(rows=rows, year=year, years=years)
        return context


def _state_label(report):
    if report is None:
        return "未编写"
    if report.state == DisclosureReport.State.DRAFT:
        return "草稿"
    if report.published_at and report.updated_at > report.published_at:
        return "已发布（有修改未发布）"
    return "已发布"


class ReportEditView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "annualreports/admin/edit.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return report_title(self.profile.name, self.year)

    def load(self, profile_id, year):
        if year not in report_years(timezone.localdate()):
            raise Http404("没有这一年度的报告。")
        self.profile = get_object_or_404(overseen_profiles(self.request.user), pk=profile_id)
        self.year = year
        self.column = publishing.report_column(self.profile)
        if self.column is None:
            raise Http404("该单位没有信息公开年报栏目。")
        self.report = DisclosureReport.objects.filter(profile=self.profile, year=year).first() or DisclosureReport(
            profile=self.profile, year=year
        )

    def get(self, request, profile_id, year):
        self.load(profile_id, year)
        return self.render_to_response(self.get_context_data(form=ReportForm(instance=self.report)))

    def post(self, request, profile_id, year):
        self.load(profile_id, year)
        action = request.POST.get("action")
        if action not in ACTIONS:
            action = "save"
        form = ReportForm(request.POST, instance=self.report)
        if not form.is_valid():
            messages.error(request, "请按提示修改后再提交，本次没有保存任何内容。")
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if action == "check":
            form.save(commit=False)
            problems = publishing.check(self.report, publishing.computed_tables(self.report))
            if problems:
                self._show(form, problems)
                messages.error(request, "检查未通过，请按提示修改（本次检查没有保存内容）。")
                return self.render_to_response(self.get_context_data(form=form, problems=problems), status=400)
            messages.success(request, "检查通过，保存后即可发布。")
            return self.render_to_response(self.get_context_data(form=form))
        was_new = self.report.pk is None
        try:
            with transaction.atomic():
                report = form.save(commit=False)
                report.updated_by = request.user
                report.save()
                if action == "publish":
                    publishing.publish(report, request.user)
        except publishing.ReportError as refusal:
            if was_new:  # rolled back: the report is still unsaved
                self.report.pk, self.report._state.adding = None, True
            self._show(form, refusal.errors)
            messages.error(request, "未能发布，请按提示修改（本次没有保存任何内容）。")
            return self.render_to_response(self.get_context_data(form=form, problems=refusal.errors), status=400)
        except IntegrityError:
            messages.error(request, "该报告刚被他人创建，请刷新页面后再修改。")
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, "报告已发布。" if action == "publish" else "已保存。")
        return redirect(reverse("annualreports_admin:edit", args=[self.profile.pk, self.year]))

    def _show(self, form, problems):
        """Each problem beside its field; those of no field (the table's balance) above the form."""
        for field, message in problems:
            if field in form.fields and field not in form.errors:
                form.add_error(field, message)

    def get_context_data(self, form, problems=(), **kwargs):
        context = super().get_context_data(**kwargs)
        figures = publishing.computed_tables(self.report)
        context.update(
            printed_tables(figures),
            profile=self.profile,
            year=self.year,
            report=self.report,
            state=_state_label(self.report if self.report.pk else None),
            deadline=deadlines.deadline(self.profile.level, self.year),
            form=form,
            problems=[message for field, message in problems if field not in form.fields],
            offered=publishing.offered_overview(self.report, figures),
            sections=layout.SECTIONS,
            report_page=self.report.page if self.report.pk else None,
        )
        return context
