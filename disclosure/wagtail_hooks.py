from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from assurance.scope import can_oversee

from .views.applications import ActionView, ApplicationView, FileView, InboxView, LetterView
from .views.recording import RecordView

app_name = "disclosure_admin"
urlpatterns = [
    path("", InboxView.as_view(), name="index"),
    path("record/", RecordView.as_view(), name="record"),
    path("<int:application_id>/", ApplicationView.as_view(), name="detail"),
    path("<int:application_id>/letter/", LetterView.as_view(), name="letter"),
    path("<int:application_id>/files/<int:file_id>/", FileView.as_view(), name="file"),
    path("<int:application_id>/<str:action>/", ActionView.as_view(), name="action"),
]


@hooks.register("register_admin_urls")
def disclosure_urls():
    return [path("disclosure/", include((urlpatterns, app_name), namespace=app_name))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_oversee(request.user)


menu = Menu(register_hook_name="register_disclosure_menu_item", construct_hook_name="construct_disclosure_menu")


@hooks.register("register_disclosure_menu_item")
def inbox_item():
    return StaffMenuItem("申请办理", reverse("disclosure_admin:index"), icon_name="doc-full", order=100)


@hooks.register("register_disclosure_menu_item")
def record_item():
    return StaffMenuItem("登记来件", reverse("disclosure_admin:record"), icon_name="edit", order=200)


@hooks.register("register_admin_menu_item")
def disclosure_menu():
    return SubmenuMenuItem("依申请公开", menu, icon_name="doc-full", name="disclosure", order=245)
