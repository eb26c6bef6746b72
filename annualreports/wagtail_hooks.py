from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from assurance.scope import can_oversee

from .views import ReportEditView, ReportListView

app_name = "annualreports_admin"
urlpatterns = [
    path("", ReportListView.as_view(), name="index"),
    path("<int:profile_id>/<int:year>/", ReportEditView.as_view(), name="edit"),
]


@hooks.register("register_admin_urls")
def annual_reports_urls():
    return [path("annual-reports/", include((urlpatterns, app_name), namespace=app_name))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_oversee(request.user)


@hooks.register("register_assurance_menu_item")
def annual_reports_item():
    return StaffMenuItem("信息公开年报", reverse("annualreports_admin:index"), icon_name="doc-full", order=600)
