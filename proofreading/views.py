"""The 智能校对 page of an item (its latest revision's findings) and the 校对记录 report."""

from types import SimpleNamespace

import django_filters
from django.db.models import Q
from django.urls import reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.models import PageLogEntry

from assurance.views.reports import OversightReport
from sites.admin_views import PageActionView

from .checks import field_label, proofread
from .forms import ACTION_LABELS, BLOCKED, OVERRIDE

FORBIDDEN = "您没有编辑或审核本页面的权限。"
RECORD_LABELS = {BLOCKED: "拦截", OVERRIDE: "带提示放行"}


def may_proofread(page, user):
    perms = page.permissions_for_user(user)
    return perms.can_edit() or perms.can_publish()


def rows(page, findings):
    return [
        SimpleNamespace(
            **finding.as_dict(),
            blocks=finding.blocks,
            severity_label=finding.severity_label,
            field_label=field_label(page, finding.field),
        )
        for finding in findings
    ]


class ProofreadView(PageActionView):
    """What 智能校对 finds in the latest revision, for editors before submitting and reviewers."""

    template_name = "proofreading/preview.html"
    page_title = "智能校对"
    header_icon = "glasses"
    forbidden = FORBIDDEN

    def allows(self, user, page):
        return may_proofread(page, user)

    def get(self, request, page_id):
        revision = self.page.get_latest_revision()
        current = revision.as_object() if revision else self.page
        findings = proofread(current)
        return self.render_to_response(
            self.get_context_data(
                page_title=current.title,
                revision=revision,
                findings=rows(current, findings),
                blocking_count=sum(1 for finding in findings if finding.blocks),
                edit_url=reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                history_url=reverse("wagtailadmin_pages:history", args=[self.page.pk]),
            )
        )


class RecordFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label="记录类型", choices=list(RECORD_LABELS.items()))

    class Meta:
        model = PageLogEntry
        fields = ["action"]


def describe(findings):
    return "\n".join(
        f"【{finding.get('rule', '')}】{finding.get('message', '')}"
        + (f"（原文：“{finding['excerpt']}”）" if finding.get("excerpt") else "")
        for finding in findings
    )


class ProofreadingRecordView(OversightReport):
    """校对记录: submissions and publications refused by 智能校对 and those let through with
    warnings, over the sites the user oversees."""

    page_title = "校对记录"
    header_icon = "glasses"
    index_url_name = "proofreading_report"
    index_results_url_name = "proofreading_report_results"
    filterset_class = RecordFilterSet
    export_filename = "proofreading-records"
    default_ordering = ["-timestamp", "-pk"]
    list_export = [
        "timestamp",
        "record",
        "attempted",
        "page_title",
        "site_name",
        "user_name",
        "acknowledged",
        "findings_text",
    ]
    export_headings = {
        "timestamp": "时间",
        "record": "记录类型",
        "attempted": "操作",
        "page_title": "页面",
        "site_name": "站点",
        "user_name": "操作人",
        "acknowledged": "已勾选核对确认",
        "findings_text": "校对问题",
    }
    columns = [
        DateColumn("timestamp", label="时间", sort_key="timestamp"),
        Column("record", label="记录类型"),
        Column("attempted", label="操作"),
        TitleColumn(
            "page_title",
            label="页面",
            accessor="page_title",
            get_url=lambda entry: reverse("wagtailadmin_pages:history", args=[entry.page_id]),
        ),
        Column("site_name", label="站点"),
        Column("user_name", label="操作人"),
        Column("acknowledged", label="已勾选核对确认"),
        Column("findings_text", label="校对问题"),
    ]

    def get_base_queryset(self):
        roots = sorted(
            ((p.root_page.path, p.name) for p in self.profiles),
            key=lambda root: -len(root[0]),
        )
        self.roots = roots
        if not roots:
            return PageLogEntry.objects.none()
        scope = Q()
        for path, _name in roots:
            scope |= Q(page__path__startswith=path)
        return (
            PageLogEntry.objects.filter(scope, action__in=list(RECORD_LABELS))
            .select_related("page", "user")
            .order_by("-timestamp", "-pk")
        )

    def decorate_paginated_queryset(self, queryset):
        for entry in queryset:
            data = entry.data or {}
            entry.record = RECORD_LABELS.get(entry.action, entry.action)
            entry.attempted = ACTION_LABELS.get(data.get("action"), data.get("action") or "")
            entry.page_title = entry.page.title if entry.page_id and entry.page else entry.label
            entry.site_name = next((name for path, name in self.roots if entry.page.path.startswith(path)), "")
            entry.user_name = (entry.user.get_full_name() or entry.user.get_username()) if entry.user else ""
            entry.acknowledged = "" if entry.action == BLOCKED else ("是" if data.get("acknowledged") else "否")
            entry.findings_text = describe(data.get("findings", []))
        return queryset
