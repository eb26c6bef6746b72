from django.urls import reverse
from wagtail import hooks

from assurance.views.menu import OversightMenuItem
from assurance.views.reports import report_paths

from .views import BrokenLinkReportView, FixedLinkReportView


@hooks.register("register_admin_urls")
def report_urls():
    return [
        *report_paths("linkcheck/", BrokenLinkReportView, "linkcheck_report"),
        *report_paths("linkcheck/fixed/", FixedLinkReportView, "linkcheck_fixed_report"),
    ]


@hooks.register("register_assurance_menu_item")
def broken_links_menu_item():
    return OversightMenuItem("失效链接", reverse("linkcheck_report"), name="broken-links", icon_name="link", order=500)


@hooks.register("register_assurance_menu_item")
def fixed_links_menu_item():
    return OversightMenuItem(
        "已修复链接", reverse("linkcheck_fixed_report"), name="fixed-links", icon_name="history", order=510
    )
