"""审核记录: every review decision on the pages of the sites a user oversees — Wagtail's workflow
log entries plus whatever the proofreading and submissions apps log under their own prefixes."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.log_actions import registry as log_actions
from wagtail.models import PageLogEntry

from assurance.scope import overseen_profiles
from assurance.views.reports import OversightReport
from sites.units import unit_pages_q

WORKFLOW_DECISIONS = {
    "wagtail.workflow.start": "提交审核",
    "wagtail.workflow.approve": "审核通过",
    "wagtail.workflow.reject": "退回修改",
    "wagtail.workflow.resume": "修改后重新提交",
    "wagtail.workflow.cancel": "撤回审核",
}
OTHER_PREFIXES = ("proofreading.", "submissions.")


def review_actions_q():
    q = Q(action__in=WORKFLOW_DECISIONS)
    for prefix in OTHER_PREFIXES:
        q |= Q(action__startswith=prefix)
    return q


def decision_label(action):
    if action in WORKFLOW_DECISIONS:
        return WORKFLOW_DECISIONS[action]
    return str(log_actions.get_action_label(action)) if log_actions.action_exists(action) else action


def decision_choices():
    others = [
        (action, str(label))
        for action, label in log_actions.get_choices()
        if isinstance(action, str) and action.startswith(OTHER_PREFIXES)
    ]
    return [*WORKFLOW_DECISIONS.items(), *sorted(others)]


def task_title(data):
    workflow = data.get("workflow") or {}
    task = workflow.get("task") or workflow.get("next") or {}
    return task.get("title") or data.get("task") or ""


class ReviewRecordFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(
        label="站点", queryset=lambda request: overseen_profiles(request.user), method="filter_site"
    )
    action = django_filters.ChoiceFilter(label="审核操作", choices=decision_choices)
    timestamp = django_filters.DateFromToRangeFilter(label="时间", widget=DateRangePickerWidget)
    user = django_filters.CharFilter(label="审核人", field_name="user__username", lookup_expr="icontains")

    class Meta:
        model = PageLogEntry
        fields = ["site", "action", "timestamp", "user"]

    def filter_site(self, queryset, name, profile):
        """The site's own pages: below its home, outside the sites nested in it."""
        q = unit_pages_q(profile, prefix="page__")
        return queryset.filter(q)


class ReviewRecordReport(OversightReport):
    """The city sees every site; a county its own site and its townships."""

    page_title = "审核记录"
    header_icon = "tasks"
    index_url_name = "review_records"
    index_results_url_name = "review_records_results"
    filterset_class = ReviewRecordFilterSet
    export_filename = "review-records"
    default_ordering = ["-timestamp", "-pk"]
    list_export = [
        "page_title",
        "site_name",
        "workflow_title",
        "task_title",
        "decision",
        "user_name",
        "timestamp",
        "comment",
    ]
    export_headings = {
        "page_title": "页面",
        "site_name": "站点",
        "workflow_title": "审核流程",
        "task_title": "审核环节",
        "decision": "审核操作",
        "user_name": "操作人",
        "timestamp": "时间",
        "comment": "审核意见",
    }
    columns = [
        TitleColumn(
            "page",
            label="页面",
            accessor="page_title",
            get_url=lambda entry: reverse("review_sheet", args=[entry.page_id]),
        ),
        Column("site_name", label="站点"),
        Column("task_title", label="审核环节"),
        Column("decision", label="审核操作"),
        Column("user_name", label="操作人"),
        DateColumn("timestamp", label="时间", sort_key="timestamp"),
        Column("comment", label="审核意见"),
    ]

    def get_base_queryset(self):
        roots = [profile.root_page.path for profile in self.profiles]
        if not roots:
            return PageLogEntry.objects.none()
        in_scope = Q()
        for path in roots:
            in_scope |= Q(page__path__startswith=path)
        return PageLogEntry.objects.filter(review_actions_q()).filter(in_scope).select_related("page", "user")

    def decorate_paginated_queryset(self, object_list):
        # The deepest site whose home is above the page is the page's site.
        homes = sorted(((p.root_page.path, p.name) for p in self.profiles), key=lambda h: -len(h[0]))
        entries = list(object_list)
        for entry in entries:
            path = entry.page.path if entry.page_id and entry.page else ""
            entry.site_name = next((name for root, name in homes if path.startswith(root)), "")
            entry.page_title = entry.label
            data = entry.data or {}
            entry.workflow_title = (data.get("workflow") or {}).get("title", "")
            entry.task_title = task_title(data)
            entry.decision = decision_label(entry.action)
            entry.user_name = entry.user_display_name if entry.user_id else "系统"
            entry.comment = data.get("comment") or ""
        return entries
