"""What the submission listings share: their filters, table columns and export columns."""

import django_filters
from django.db.models import Q
from django.middleware.csrf import get_token
from django.utils import timezone
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from assurance.scope import overseen_profiles
from assurance.views.reports import local_text
from sites.models import Unit

from ..fields import ColumnChoiceField
from ..models import Submission
from ..services import target_columns


def submitting_units(request):
    """The units of the submissions this user may see, never another county's."""
    user = request.user
    visible = Submission.objects.filter(Q(submitted_by=user) | Q(source_profile__in=overseen_profiles(user)))
    return Unit.objects.filter(pk__in=visible.values("unit_id"))


def portal_columns(request):
    return target_columns()


class ColumnFilter(django_filters.ModelChoiceFilter):
    field_class = ColumnChoiceField


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=Submission.Status.choices, empty_label="全部")
    column = ColumnFilter(label="报送栏目", queryset=portal_columns)
    unit = django_filters.ModelChoiceFilter(label="报送单位", queryset=submitting_units)
    submitted_at = django_filters.DateFromToRangeFilter(label="报送时间", widget=DateRangePickerWidget)

    class Meta:
        model = Submission
        fields = ["status", "column", "unit", "submitted_at"]


class DecisionFilterSet(SubmissionFilterSet):
    status = django_filters.ChoiceFilter(
        label="处理结果",
        choices=[(s.value, s.label) for s in Submission.Status if s != Submission.Status.SUBMITTED],
        empty_label="全部",
    )
    decided_at = django_filters.DateFromToRangeFilter(label="处理时间", widget=DateRangePickerWidget)

    class Meta:
        model = Submission
        fields = ["status", "column", "unit", "decided_at"]


def with_relations(submissions):
    return submissions.select_related(
        "source_profile__site", "unit", "column", "submitted_by", "decided_by", "adopted_page"
    )


class ActionsColumn(Column):
    cell_template_name = "submissions/actions_cell.html"

    def __init__(self, mode, name="actions", label="操作", **kwargs):
        super().__init__(name, label=label, accessor=lambda submission: "", **kwargs)
        self.mode = mode

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["mode"] = self.mode
        request = parent_context.get("request")
        if request is not None:
            context["csrf_token"] = get_token(request)
        return context


TITLE = TitleColumn("title", label="标题", get_url=lambda submission: submission.source_url)
STATUS = StatusTagColumn("status_label", label="状态", primary=lambda submission: submission.is_open)


def when(name, label):
    return Column(name, label=label, accessor=lambda submission: local_text(getattr(submission, name)))


EXPORT_HEADINGS = {
    "pk": "编号",
    "title": "标题",
    "source_url": "原文地址",
    "site_name": "报送站点",
    "unit_name": "报送单位",
    "unit.get_kind_display": "单位类别",
    "column_title": "报送栏目",
    "note": "报送说明",
    "submitter_name": "报送人",
    "submitted_at": "报送时间",
    "status_label": "状态",
    "decider_name": "处理人",
    "decided_at": "处理时间",
    "reason": "退回原因",
    "adopted_url": "门户采用稿地址",
    "adopted_state": "采用稿状态",
}


class SubmissionReport(ReportView):
    """A listing of submissions with their export; subclasses choose who sees which."""

    header_icon = "upload"
    paginate_by = 50
    list_export = list(EXPORT_HEADINGS)
    export_headings = EXPORT_HEADINGS
    filterset_class = SubmissionFilterSet
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        # Exported times in Beijing time, as the admin shows them.
        type(timezone.now()): {
            ReportView.FORMAT_XLSX: lambda value: timezone.make_naive(value) if timezone.is_aware(value) else value,
            ReportView.FORMAT_CSV: local_text,
        },
    }

    def scoped(self):
        raise NotImplementedError

    def get_queryset(self):
        # ReportView applies the filters to this.
        return with_relations(self.scoped()).order_by("-submitted_at", "-pk")
