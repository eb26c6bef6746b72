"""报送统计 and 报送记录, over the sites the user oversees (city staff: all; a county: its own site
and its townships), each exported as XLSX or CSV."""

import django_filters
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.tables import Column, StatusTagColumn

from assurance.views.reports import OversightReport, StatisticsTable, YearFilterSet, report_paths

from ..models import Submission
from ..statistics import MONTHS, submission_statistics, years_with_submissions
from .listing import EXPORT_HEADINGS, TITLE, DecisionFilterSet, when, with_relations

OUTCOME_LABELS = {"submitted": "报送", "adopted": "采用", "returned": "退回", "pending": "待处理"}


class PeriodFilterSet(YearFilterSet):
    """The year (years with submissions and the current year) and, optionally, one month of it."""

    years = staticmethod(years_with_submissions)
    month = django_filters.ChoiceFilter(
        label="月份", empty_label="全年", method="keep_all", choices=[(str(m), f"{m}月") for m in MONTHS]
    )


class SubmissionStatisticsView(OversightReport):
    page_title = "报送统计"
    header_icon = "table"
    index_url_name = "submissions_statistics"
    index_results_url_name = "submissions_statistics_results"
    filterset_class = PeriodFilterSet
    table_class = StatisticsTable
    paginate_by = None
    headings = {
        "name": "单位",
        "kind_label": "单位类别",
        "submitted": "报送",
        "adopted": "采用",
        "returned": "退回",
        "pending": "待处理",
        "adoption_rate": "采用率",
    }
    columns = [Column(name, label=label) for name, label in headings.items()]

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "profiles": self.profiles}

    @cached_property
    def year(self):
        return self.filters.chosen_year

    @cached_property
    def month(self):
        return self.filters.chosen("month")

    @property
    def list_export(self):
        """The chosen period's figures; for a whole year, each month's too."""
        fields = list(self.headings)
        if self.month is None:
            fields += [f"m{m:02d}_{outcome}" for m in MONTHS for outcome in ("submitted", "adopted", "returned")]
        return fields

    @property
    def export_headings(self):
        headings = {**self.headings}
        for m in MONTHS:
            for outcome in ("submitted", "adopted", "returned"):
                headings[f"m{m:02d}_{outcome}"] = f"{m}月{OUTCOME_LABELS[outcome]}"
        return headings

    def get_page_subtitle(self):
        return f"{self.year}年{self.month}月" if self.month else f"{self.year}年"

    def get_filename(self):
        return f"submission-statistics-{self.year}" + (f"-{self.month:02d}" if self.month else "")

    def get_queryset(self):
        return submission_statistics(self.year, month=self.month, profiles=self.profiles)

    def filter_queryset(self, queryset):
        return queryset


class AuditView(OversightReport):
    """Every decision on a submission (采用, 退回, 撤回), newest first."""

    page_title = "报送记录"
    header_icon = "history"
    index_url_name = "submissions_audit"
    index_results_url_name = "submissions_audit_results"
    export_filename = "submission-decisions"
    filterset_class = DecisionFilterSet
    paginate_by = 100
    list_export = list(EXPORT_HEADINGS)
    export_headings = EXPORT_HEADINGS
    columns = [
        TITLE,
        Column("site_name", label="报送站点"),
        Column("unit_name", label="报送单位"),
        Column("column_title", label="报送栏目"),
        when("submitted_at", "报送时间"),
        StatusTagColumn("status_label", label="处理结果", primary=lambda s: s.status == Submission.Status.RETURNED),
        Column("decider_name", label="处理人"),
        when("decided_at", "处理时间"),
        Column("reason", label="退回原因"),
        Column("adopted_state", label="采用稿状态"),
    ]

    def get_queryset(self):
        decided = Submission.objects.exclude(status=Submission.Status.SUBMITTED).filter(
            source_profile__in=self.profiles
        )
        return with_relations(decided).order_by("-decided_at", "-pk")


@hooks.register("register_admin_urls")
def report_urls():
    return [
        *report_paths("submissions/statistics/", SubmissionStatisticsView, "submissions_statistics"),
        *report_paths("submissions/audit/", AuditView, "submissions_audit"),
    ]
