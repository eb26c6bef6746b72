"""What every oversight report shares: who may open it, which sites it covers, Beijing time in
its exports, and its pair of URLs (the page and the results that its filters refresh)."""

from datetime import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Table
from wagtail.admin.views.reports import ReportView

from sites.models import Unit

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


class YearFilterSet(WagtailFilterSet):
    """A statistics report's year: the years `years(profiles)` has data for, and the current year."""

    year = django_filters.ChoiceFilter(label="年度", empty_label=None, method="keep_all")
    years = staticmethod(lambda profiles: [])

    class Meta:
        model = Unit  # django-filter needs a model; the report's rows are not a queryset
        fields = []

    def __init__(self, *args, profiles=None, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = sorted({this_year, *self.years(profiles)}, reverse=True)
        self.filters["year"].extra.update(choices=[(str(y), f"{y}年") for y in years], initial=str(this_year))

    def keep_all(self, queryset, name, value):
        return queryset

    def chosen(self, name):
        if self.is_valid() and self.form.cleaned_data.get(name):
            return int(self.form.cleaned_data[name])
        return None

    @property
    def chosen_year(self):
        return self.chosen("year") or timezone.localdate().year


class StatisticsTable(Table):
    """Unit rows plain, 小计 and 合计 rows bold."""

    def get_row_classname(self, instance):
        return "" if instance.row_type == "unit" else "w-font-bold"
