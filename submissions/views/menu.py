"""The admin's 信息报送 menu: 报送处理 for the portal's editors, the others for every site's staff."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from assurance.scope import can_oversee

from ..services import is_city_editor

menu = Menu(register_hook_name="register_submissions_menu_item", construct_hook_name="construct_submissions_menu")


class CityEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_city_editor(request.user)


class SiteStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_oversee(request.user)


@hooks.register("register_admin_menu_item")
def submissions_menu():
    return SubmenuMenuItem("信息报送", menu, icon_name="upload", name="submissions", order=240)


@hooks.register("register_submissions_menu_item")
def inbox_item():
    return CityEditorMenuItem("报送处理", reverse("submissions_inbox"), icon_name="tasks", order=100)


@hooks.register("register_submissions_menu_item")
def mine_item():
    return SiteStaffMenuItem("我的报送", reverse("submissions_mine"), icon_name="user", order=200)


@hooks.register("register_submissions_menu_item")
def statistics_item():
    return SiteStaffMenuItem("报送统计", reverse("submissions_statistics"), icon_name="table", order=300)


@hooks.register("register_submissions_menu_item")
def audit_item():
    return SiteStaffMenuItem("报送记录", reverse("submissions_audit"), icon_name="history", order=400)
