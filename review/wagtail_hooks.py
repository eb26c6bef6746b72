from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from assurance.views.menu import OversightMenuItem
from assurance.views.reports import report_paths

from .views.records import ReviewRecordReport
from .views.sheet import ReviewSheetView, may_read_sheet


@hooks.register("register_admin_urls")
def review_urls():
    return [
        path("review/sheet/<int:page_id>/", ReviewSheetView.as_view(), name="review_sheet"),
        *report_paths("review/records/", ReviewRecordReport, "review_records"),
    ]


@hooks.register("register_assurance_menu_item")
def review_records_menu_item():
    return OversightMenuItem("审核记录", reverse("review_records"), name="review-records", icon_name="tasks", order=450)


class ReviewSheetMenuItem(PageMenuItem):
    label = "审核表"
    icon_name = "clipboard-list"
    url_name = "review_sheet"

    def is_shown(self, user):
        return may_read_sheet(user, self.page)


@hooks.register("register_page_header_buttons")
def review_sheet_button(page, user, view_name, next_url=None):
    if page.pk and not page.is_root() and page.depth > 2:
        yield ReviewSheetMenuItem(page=page, priority=66)
