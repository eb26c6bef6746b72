"""The admin's 内容保障 menu. Each part of the oversight centre adds its entry through the
`register_assurance_menu_item` hook, as Wagtail's own reports menu does."""

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from ..scope import can_oversee

menu = Menu(register_hook_name="register_assurance_menu_item", construct_hook_name="construct_assurance_menu")


class OversightMenuItem(MenuItem):
    """A menu entry shown to city and county staff."""

    def is_shown(self, request):
        return can_oversee(request.user)


@hooks.register("register_admin_menu_item")
def assurance_menu():
    return SubmenuMenuItem("内容保障", menu, icon_name="tasks", name="assurance", order=250)
