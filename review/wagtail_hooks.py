from django.urls import reverse
from wagtail import hooks

from assurance.views.menu import OversightMenuItem
from assurance.views.reports import report_paths

from .views import ReviewRecordReport


@hooks.register("register_admin_urls")
def review_urls():
    return report_paths("review/records/", ReviewRecordReport, "review_records")


@hooks.register("register_assurance_menu_item")
def review_records_menu_item():
    return OversightMenuItem("审核记录", reverse("review_records"), name="review-records", icon_name="tasks", order=450)
