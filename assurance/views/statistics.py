"""年度信息统计: a year's items per unit with each unit kind's 小计 and the 合计, as seed 001 reports
them, for the sites the user oversees; exported as XLSX or CSV."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import Column

from ..statistics import annual_statistics, years_with_items
from .menu import OversightMenuItem
from .reports import OversightReport, StatisticsTable, YearFilterSet, report_paths


class StatisticsYearFilterSet(YearFilterSet):
    years = staticmethod(years_with_items)


class AnnualStatisticsView(OversightReport):
    page_title = "年度信息统计"
    header_icon = "table"
    index_url_name = "assurance_statistics"
    index_results_url_name = "assurance_statistics_results"
    filterset_class = StatisticsYearFilterSet
    table_class = StatisticsTable
    paginate_by = None
    list_export = ["name", "kind_label", "fixed", "dynamic", "picture", "replies", "total"]
    export_headings = {
        "name": "单位",
        "kind_label": "单位类别",
        "fixed": "固定栏目信息",
        "dynamic": "动态信息",
        "picture": "图片信息",
        "replies": "答复网民问题",
        "total": "合计",
    }
    columns = [Column(name, label=label) for name, label in export_headings.items()]

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "profiles": self.profiles}

    @cached_property
    def year(self):
        return self.filters.chosen_year

    def get_page_subtitle(self):
        return f"{self.year}年"

    def get_filename(self):
        return f"annual-statistics-{self.year}"

    def get_queryset(self):
        return annual_statistics(self.year, profiles=self.profiles).table()

    def filter_queryset(self, queryset):
        return queryset


@hooks.register("register_admin_urls")
def urls():
    return report_paths("assurance/statistics/", AnnualStatisticsView, "assurance_statistics")


@hooks.register("register_assurance_menu_item")
def statistics_menu_item():
    return OversightMenuItem("年度信息统计", reverse("assurance_statistics"), icon_name="table", order=170)
