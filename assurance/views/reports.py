"""What every oversight report shares: who may open it, which sites it covers, Beijing time in
its exports, and its pair of URLs (the page and the results that its filters refresh)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from wagtail.admin.views.reports import ReportView

from ..scope import can_oversee, overseen_profiles


def local_text(value):
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M:%S}" if value else ""


class OversightReport(ReportView):
    """A report for city and county staff over the sites they oversee (`self.profiles`)."""

    paginate_by = 200
    header_icon = "tasks"
    # Exported times in Beijing time, as the admin shows them (Wagtail's default writes UTC).
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        datetime: {
            ReportView.FORMAT_XLSX: lambda value: timezone.make_naive(value) if timezone.is_aware(value) else value,
            ReportView.FORMAT_CSV: local_text,
        },
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_oversee(request.user):
            raise PermissionDenied
        self.profiles = overseen_profiles(request.user)
        return super().dispatch(request, *args, **kwargs)


def report_paths(route, view, name):
    """The report at `route` and its results at `route`results/, named `name` and `name`_results."""
    return [
        path(route, view.as_view(), name=name),
        path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]
