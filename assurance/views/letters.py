"""群众来信统计: the residents' letters of the sites the user oversees, per site, per handling unit,
per type and per month, for a year or a range of its months; exported as XLSX or CSV. A county's
staff see their own site and its units only (assurance.scope)."""

import django_filters
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import Column

from interaction.models import Letter, LetterKind
from interaction.statistics import Row, letter_statistics, month_bounds
from sites.models import SiteProfile

from .menu import OversightMenuItem
from .reports import OversightReport, StatisticsTable, YearFilterSet, report_paths

MONTHS = [(str(m), f"{m}月") for m in range(1, 13)]
SECTIONS = [("by_site", "站点"), ("by_unit", "办理单位"), ("by_kind", "来信类型"), ("by_month", "月份")]


def letter_years(profiles):
    letters = Letter.objects.filter(profile__in=profiles.values("pk")) if profiles is not None else Letter.objects
    return [d.year for d in letters.dates("received_at", "year")]


class LetterFilterSet(YearFilterSet):
    years = staticmethod(letter_years)
    month_from = django_filters.ChoiceFilter(label="起始月份", choices=MONTHS, empty_label="1月", method="keep_all")
    month_to = django_filters.ChoiceFilter(label="截止月份", choices=MONTHS, empty_label="12月", method="keep_all")
    site = django_filters.ModelChoiceFilter(
        label="站点", queryset=SiteProfile.objects.none(), empty_label="全部站点", method="keep_all"
    )
    unit = django_filters.ModelChoiceFilter(
        label="办理单位", queryset=SiteProfile.objects.none(), empty_label="全部单位", method="keep_all"
    )
    kind = django_filters.ChoiceFilter(
        label="来信类型", choices=LetterKind.choices, empty_label="全部类型", method="keep_all"
    )

    def __init__(self, *args, profiles=None, **kwargs):
        super().__init__(*args, profiles=profiles, **kwargs)
        self.filters["site"].queryset = profiles
        self.filters["unit"].queryset = profiles

    def value(self, name):
        """A field's value when valid, even if another field is not (a site outside the user's
        scope is refused beside its field, the rest still applies)."""
        self.is_valid()
        return self.form.cleaned_data.get(name)

    def chosen(self, name):
        value = self.value(name)
        return int(value) if value else None


class LetterRow:
    def __init__(self, section, row):
        self.section, self.row_type, self.name = section, "unit", row.label
        for name in ("received", "accepted", "answered", "in_time", "satisfied", "basically", "unsatisfied"):
            setattr(self, name, getattr(row, name))
        self.in_time_rate = _rate(row.in_time_rate)
        self.average_days = "—" if row.average_days is None else row.average_days
        self.satisfaction_rate = _rate(row.satisfaction_rate)


def _rate(value):
    return "—" if value is None else f"{value}%"


class LetterStatisticsView(OversightReport):
    page_title = "群众来信统计"
    header_icon = "mail"
    index_url_name = "assurance_letters"
    index_results_url_name = "assurance_letters_results"
    filterset_class = LetterFilterSet
    table_class = StatisticsTable
    paginate_by = None
    export_headings = {
        "section": "统计维度",
        "name": "名称",
        "received": "收到",
        "accepted": "受理",
        "answered": "办结",
        "in_time": "按时办结",
        "in_time_rate": "按时办结率",
        "average_days": "平均办理工作日",
        "satisfied": "满意",
        "basically": "基本满意",
        "unsatisfied": "不满意",
        "satisfaction_rate": "满意率",
    }
    list_export = list(export_headings)
    columns = [Column(name, label=label) for name, label in export_headings.items()]

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "profiles": self.profiles}

    @cached_property
    def months(self):
        first = int(self.filters.value("month_from") or 1)
        last = int(self.filters.value("month_to") or 12)
        return min(first, last), max(first, last)

    def get_page_subtitle(self):
        year, (first, last) = self.filters.chosen_year, self.months
        return f"{year}年" if (first, last) == (1, 12) else f"{year}年{first}月至{last}月"

    def get_filename(self):
        first, last = self.months
        return f"letter-statistics-{self.filters.chosen_year}-{first:02d}-{last:02d}"

    def get_queryset(self):
        year = self.filters.chosen_year
        site, unit = self.filters.value("site"), self.filters.value("unit")
        profiles = [site] if site else list(self.profiles.order_by("root_page__path"))
        start, end = month_bounds((year, self.months[0]), (year, self.months[1]))
        stats = letter_statistics(
            profiles, start, end, units=[unit.pk] if unit else None, kind=self.filters.value("kind") or None
        )
        total = LetterRow("合计", Row(label="合计", **vars(stats.total)))
        total.row_type = "total"
        rows = [total]
        for attribute, label in SECTIONS:
            rows += [LetterRow(label, row) for row in getattr(stats, attribute)]
        return rows

    def filter_queryset(self, queryset):
        return queryset


@hooks.register("register_admin_urls")
def urls():
    return report_paths("assurance/letters/", LetterStatisticsView, "assurance_letters")


@hooks.register("register_assurance_menu_item")
def letters_menu_item():
    return OversightMenuItem("群众来信统计", reverse("assurance_letters"), icon_name="mail", order=175)
