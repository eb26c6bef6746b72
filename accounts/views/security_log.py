"""安全审计 › 安全日志: every security event, with CSV and XLSX export, for city staff."""

import django_filters
from django.core.exceptions import PermissionDenied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column

from assurance.views.reports import OversightReport, local_text

from ..access import may_read_security_log
from ..models import SecurityEvent


class SecurityEventFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label="事件", choices=SecurityEvent.Kind.choices)
    time = django_filters.DateFromToRangeFilter(label="时间", widget=DateRangePickerWidget)
    account = django_filters.CharFilter(label="账号", lookup_expr="icontains")
    actor = django_filters.CharFilter(label="操作人", lookup_expr="icontains")
    ip_address = django_filters.CharFilter(label="地址", lookup_expr="exact")

    class Meta:
        model = SecurityEvent
        fields = ["kind", "time", "account", "actor", "ip_address"]


class SecurityLogReport(OversightReport):
    page_title = "安全日志"
    header_icon = "lock"
    index_url_name = "accounts_security_log"
    index_results_url_name = "accounts_security_log_results"
    filterset_class = SecurityEventFilterSet
    export_filename = "security-log"
    paginate_by = 100
    list_export = ["time_text", "kind_label", "account", "actor", "ip_address", "detail"]
    export_headings = {
        "time_text": "时间",
        "kind_label": "事件",
        "account": "账号",
        "actor": "操作人",
        "ip_address": "地址",
        "detail": "详情",
    }
    columns = [
        Column("time_text", label="时间"),
        Column("kind_label", label="事件"),
        Column("account", label="账号"),
        Column("actor", label="操作人"),
        Column("ip_address", label="地址"),
        Column("detail", label="详情"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_read_security_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return SecurityEvent.objects.order_by("-time", "-pk")

    def decorate_paginated_queryset(self, events):
        events = list(events)
        for event in events:
            event.time_text = local_text(event.time)
            event.kind_label = event.get_kind_display()
        return events
