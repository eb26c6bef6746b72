"""防篡改监测: the tamper alerts of the sites a user oversees, open ones first, and each alert with
its diff excerpt."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from sites.models import SiteProfile

from ..models import TamperAlert, TamperCheck, TamperResult
from ..scope import can_oversee, overseen_profiles
from .menu import OversightMenuItem
from .reports import OversightReport, local_text, report_paths

STATES = [("open", "未恢复"), ("resolved", "已恢复")]


class AlertFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=STATES, method="filter_state")
    profile = django_filters.ModelChoiceFilter(label="站点", queryset=SiteProfile.objects.none())

    class Meta:
        model = TamperAlert
        fields = ["state", "profile"]

    def __init__(self, *args, profiles=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["profile"].queryset = profiles

    def filter_state(self, queryset, name, value):
        return queryset.filter(resolved_at__isnull=value == "open")


def alert_url(alert):
    return reverse("assurance_tamper_alert", args=[alert.pk])


class TamperAlertsView(OversightReport):
    header_icon = "warning"
    page_title = "防篡改监测"
    index_url_name = "assurance_tamper"
    index_results_url_name = "assurance_tamper_results"
    filterset_class = AlertFilterSet
    export_filename = "assurance-tamper"
    list_export = ["profile", "title", "url", "state", "detected_at", "last_seen", "resolved_at", "mailed_at"]
    export_headings = {
        "profile": "站点",
        "title": "页面",
        "url": "页面地址",
        "state": "状态",
        "detected_at": "发现时间",
        "last_seen": "最近一次发现",
        "resolved_at": "恢复时间",
        "mailed_at": "邮件通知时间",
    }
    columns = [
        TitleColumn("title", label="页面", get_url=alert_url),
        Column("profile", label="站点"),
        Column("url", label="页面地址"),
        StatusTagColumn("state", label="状态", primary=lambda alert: alert.is_open),
        Column("detected_text", label="发现时间"),
        Column("last_seen_text", label="最近一次发现"),
        Column("resolved_text", label="恢复时间"),
    ]

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "profiles": self.profiles}

    def get_queryset(self):
        return (
            TamperAlert.objects.filter(profile__in=self.profiles)
            .select_related("profile")
            .order_by(F("resolved_at").desc(nulls_first=True), "-detected_at")  # open alerts first
        )

    def decorate_paginated_queryset(self, alerts):
        for alert in alerts:
            alert.state = "未恢复" if alert.is_open else "已恢复"
            alert.detected_text = local_text(alert.detected_at)
            alert.last_seen_text = local_text(alert.last_seen)
            alert.resolved_text = local_text(alert.resolved_at)
        return alerts

    def get_page_subtitle(self):
        counts = dict(
            TamperCheck.objects.filter(profile__in=self.profiles)
            .values_list("result")
            .annotate(n=Count("pk"))
            .order_by()
        )
        total = sum(counts.values())
        if not total:
            return "尚未检查"
        return (
            f"最近一次检查 {total} 个页面：一致 {counts.get(TamperResult.MATCH, 0)} 个，"
            f"不一致 {counts.get(TamperResult.MISMATCH, 0)} 个，无法检查 {counts.get(TamperResult.UNCHECKED, 0)} 个"
        )

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title, "sublabel": self.get_page_subtitle()}]


class TamperAlertView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "assurance/tamper_alert.html"
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_oversee(request.user):
            raise PermissionDenied
        self.alert = get_object_or_404(TamperAlert.objects.select_related("profile", "page"), pk=kwargs["pk"])
        if not overseen_profiles(request.user).filter(pk=self.alert.profile_id).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"篡改告警：{self.alert.title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("assurance_tamper"), "label": "防篡改监测"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        alert = self.alert
        return super().get_context_data(
            alert=alert,
            detected=local_text(alert.detected_at),
            last_seen=local_text(alert.last_seen),
            resolved=local_text(alert.resolved_at),
            mailed=local_text(alert.mailed_at),
            edit_url=reverse("wagtailadmin_pages:edit", args=[alert.page_id]),
            **kwargs,
        )


@hooks.register("register_admin_urls")
def urls():
    return [
        *report_paths("assurance/tamper/", TamperAlertsView, "assurance_tamper"),
        path(
            "assurance/tamper/<int:pk>/",
            require_admin_access(TamperAlertView.as_view()),
            name="assurance_tamper_alert",
        ),
    ]


@hooks.register("register_assurance_menu_item")
def tamper_menu_item():
    return OversightMenuItem("防篡改监测", reverse("assurance_tamper"), icon_name="warning", order=162)
