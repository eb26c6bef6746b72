"""意见征集未反馈: the closed solicitations of the user's sites still without published feedback."""

from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from ..solicitations import pending_feedback
from .menu import OversightMenuItem
from .reports import OversightReport, report_paths


class PendingFeedbackView(OversightReport):
    page_title = "意见征集未反馈"
    header_icon = "comment"
    index_url_name = "assurance_solicitations"
    index_results_url_name = "assurance_solicitations_results"
    export_filename = "solicitations-without-feedback"
    paginate_by = None
    list_export = ["site", "unit", "title", "ends_on", "days", "comments"]
    export_headings = {
        "site": "站点",
        "unit": "征集单位",
        "title": "征集标题",
        "ends_on": "截止日期",
        "days": "截止后天数",
        "comments": "收到意见",
    }
    columns = [
        Column("site", label="站点"),
        Column("unit", label="征集单位"),
        TitleColumn("title", label="征集标题", get_url=lambda r: reverse("wagtailadmin_pages:edit", args=[r.page_id])),
        DateColumn("ends_on", label="截止日期"),
        Column("days", label="截止后天数"),
        Column("comments", label="收到意见"),
    ]

    def get_queryset(self):
        return pending_feedback(list(self.profiles), timezone.localdate())


@hooks.register("register_admin_urls")
def urls():
    return report_paths("assurance/solicitations/", PendingFeedbackView, "assurance_solicitations")


@hooks.register("register_assurance_menu_item")
def solicitations_menu_item():
    return OversightMenuItem("意见征集未反馈", reverse("assurance_solicitations"), icon_name="comment", order=165)
