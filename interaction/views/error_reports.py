"""网站纠错 in the admin: the reports residents made about the user's sites, each with its
3-working-day clock; the site's own staff mark one handled, overseeing staff read."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from assurance.scope import overseen_profiles

from .. import clock
from ..handling import is_staff_of
from ..models import ErrorReport
from .letters import badge_text


class HandledForm(forms.Form):
    note = forms.CharField(
        label="处理说明",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "请填写处理说明。"},
    )


def visible_reports(user):
    return ErrorReport.objects.filter(profile__in=overseen_profiles(user).values("pk")).select_related("profile")


def with_badges(reports, today):
    known = clock.calendar_for([report.due for report in reports], today)
    for report in reports:
        open_ = report.state == ErrorReport.State.OPEN
        report.badge = badge_text(clock.due_badge(report.due, today, known)) if open_ else None
    return reports


class ErrorReportsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "interaction/admin/error_reports.html"
    page_title = "网站纠错"
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reports = visible_reports(self.request.user)
        state = self.request.GET.get("state", ErrorReport.State.OPEN)
        if state in ErrorReport.State.values:
            reports = reports.filter(state=state)
        context["reports"] = with_badges(list(reports[:500]), timezone.localdate())
        context["state"] = state
        context["states"] = ErrorReport.State.choices
        return context


class ErrorReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "interaction/admin/error_report.html"
    header_icon = "warning"

    def get_page_title(self):
        return f"网站纠错 {self.report.number}"

    def dispatch(self, request, report_id):
        self.report = get_object_or_404(visible_reports(request.user), pk=report_id)
        return super().dispatch(request)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        may_handle = report.state == ErrorReport.State.OPEN and is_staff_of(self.request.user, report.profile)
        context.update(
            report=with_badges([report], timezone.localdate())[0],
            form=(form or HandledForm()) if may_handle else None,
        )
        return context

    def post(self, request):
        report = self.report
        if not is_staff_of(request.user, report.profile):
            raise PermissionDenied
        if report.state != ErrorReport.State.OPEN:
            messages.error(request, "该纠错已处理。")
            return redirect(reverse("interaction_admin:error_report", args=[report.pk]))
        form = HandledForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        updated = ErrorReport.objects.filter(pk=report.pk, state=ErrorReport.State.OPEN).update(
            state=ErrorReport.State.DONE,
            handled_at=timezone.now(),
            handled_by=request.user,
            note=form.cleaned_data["note"],
        )
        if updated:
            messages.success(request, f"网站纠错 {report.number} 已标记为已处理。")
        else:
            messages.error(request, "该纠错已被他人处理。")
        return redirect(reverse("interaction_admin:error_reports"))
