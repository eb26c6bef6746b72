from django.urls import path, reverse
from wagtail import hooks

from assurance.views.menu import OversightMenuItem

from .views import BrokenLinkReportView, FixedLinkReportView


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("linkcheck/", BrokenLinkReportView.as_view(), name="linkcheck_report"),
        path("linkcheck/results/", BrokenLinkReportView.as_view(results_only=True), name="linkcheck_report_results"),
        path("linkcheck/fixed/", FixedLinkReportView.as_view(), name="linkcheck_fixed_report"),
        path(
            "linkcheck/fixed/results/",
            FixedLinkReportView.as_view(results_only=True),
            name="linkcheck_fixed_report_results",
        ),
    ]


@hooks.register("register_assurance_menu_item")
def broken_links_menu_item():
    return OversightMenuItem("失效链接", reverse("linkcheck_report"), name="broken-links", icon_name="link", order=500)


@hooks.register("register_assurance_menu_item")
def fixed_links_menu_item():
    return OversightMenuItem(
        "已修复链接", reverse("linkcheck_fixed_report"), name="fixed-links", icon_name="history", order=510
    )
