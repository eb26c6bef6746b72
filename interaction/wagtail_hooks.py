from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from assurance.scope import can_oversee

from .views.error_reports import ErrorReportsView, ErrorReportView
from .views.letters import ActionView, AttachmentView, InboxView, LetterView

app_name = "interaction_admin"
urlpatterns = [
    path("", InboxView.as_view(), name="index"),
    path("<int:letter_id>/", LetterView.as_view(), name="detail"),
    path("<int:letter_id>/<str:action>/", ActionView.as_view(), name="action"),
    path("<int:letter_id>/attachments/<int:attachment_id>/", AttachmentView.as_view(), name="attachment"),
    path("error-reports/", ErrorReportsView.as_view(), name="error_reports"),
    path("error-reports/<int:report_id>/", ErrorReportView.as_view(), name="error_report"),
]


@hooks.register("register_admin_urls")
def letters_urls():
    return [path("letters/", include((urlpatterns, app_name), namespace=app_name))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_oversee(request.user)


menu = Menu(register_hook_name="register_letters_menu_item", construct_hook_name="construct_letters_menu")


@hooks.register("register_letters_menu_item")
def inbox_item():
    return StaffMenuItem("来信办理", reverse("interaction_admin:index"), icon_name="mail", order=100)


@hooks.register("register_letters_menu_item")
def error_reports_item():
    return StaffMenuItem("网站纠错", reverse("interaction_admin:error_reports"), icon_name="warning", order=200)


@hooks.register("register_admin_menu_item")
def letters_menu():
    return SubmenuMenuItem("群众来信", menu, icon_name="mail", name="letters", order=240)
