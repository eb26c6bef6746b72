from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from assurance.views.reports import report_paths

from .access import may_manage_accounts, may_read_security_log
from .handover import LOG_ACTION
from .views.manage import HandOverView, LocksView, ResetTwoFactorView
from .views.security_log import SecurityLogReport
from .views.steps import ChangePasswordView, TwoFactorSetupView, VerifyView


@hooks.register("register_admin_urls")
def accounts_urls():
    return [
        path("security/verify/", VerifyView.as_view(), name="accounts_verify"),
        path("security/two-factor/", TwoFactorSetupView.as_view(), name="accounts_two_factor"),
        path("security/password/", ChangePasswordView.as_view(), name="accounts_change_password"),
        *report_paths("security/log/", SecurityLogReport, "accounts_security_log"),
        path("security/locks/", LocksView.as_view(), name="accounts_locks"),
        path(
            "security/users/<int:user_id>/reset-two-factor/",
            ResetTwoFactorView.as_view(),
            name="accounts_reset_two_factor",
        ),
        path("security/users/<int:user_id>/hand-over/", HandOverView.as_view(), name="accounts_hand_over"),
    ]


class SecurityMenuItem(MenuItem):
    def is_shown(self, request):
        return may_read_security_log(request.user)


security_menu = Menu(register_hook_name="register_security_menu_item", construct_hook_name="construct_security_menu")


class SecuritySubmenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        return may_read_security_log(request.user)


@hooks.register("register_admin_menu_item")
def security_menu_item():
    return SecuritySubmenuItem("安全审计", security_menu, icon_name="lock", name="security", order=9000)


@hooks.register("register_security_menu_item")
def security_log_item():
    return SecurityMenuItem(
        "安全日志", reverse("accounts_security_log"), name="security-log", icon_name="list-ul", order=100
    )


@hooks.register("register_security_menu_item")
def locks_item():
    return SecurityMenuItem("登录锁定", reverse("accounts_locks"), name="security-locks", icon_name="lock", order=200)


@hooks.register("register_user_listing_buttons")
def user_security_buttons(user, request_user):
    if not may_manage_accounts(request_user) or user.pk == request_user.pk:
        return []
    if user.is_superuser and not request_user.is_superuser:
        return []
    buttons = [
        Button("重置两步验证", reverse("accounts_reset_two_factor", args=[user.pk]), icon_name="key", priority=60)
    ]
    if user.is_active:
        buttons.append(
            Button(
                "交接并停用", reverse("accounts_hand_over", args=[user.pk]), icon_name="arrow-right-full", priority=61
            )
        )
    return buttons


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("accounts_two_factor"),
        "label": "两步验证",
        "help_text": "绑定手机验证器，登录时除密码外再输入动态验证码。已绑定的如需更换，请联系管理员重置。",
    }


@hooks.register("register_log_actions")
def register_hand_over_action(actions):
    @actions.register_action(LOG_ACTION)
    class HandOverFormatter(LogFormatter):
        label = "人员交接"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            moved = "、".join(data.get("moved", [])) or "页面"
            return f"{data.get('from', '')} 离岗交接：{moved}移交给 {data.get('to', '')}"
