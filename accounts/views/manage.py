"""安全审计 › 登录锁定 (unlock), and the account actions of 设置 › 用户: reset two factors, hand over."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views import View
from django_otp import devices_for_user
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from ..access import may_manage_accounts, may_read_security_log
from ..forms import HandOverForm
from ..handover import HandOverError, drafts_of, find_users, hand_over, open_workflows_of
from ..lockout import current_locks, unlock
from ..log import record
from ..models import SecurityEvent
from ..two_factor import reset_two_factor


class LocksView(WagtailAdminTemplateMixin, View):
    template_name = "accounts/locks.html"
    page_title = "登录锁定"
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not may_read_security_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request):
        return self.render_to_response(
            self.get_context_data(locks=current_locks(), may_unlock=may_manage_accounts(request.user))
        )

    def post(self, request):
        if not may_manage_accounts(request.user):
            raise PermissionDenied
        kind, value = request.POST.get("kind"), (request.POST.get("value") or "").strip()
        if kind not in ("username", "ip_address") or not value:
            messages.error(request, "请选择要解锁的账号或地址。")
            return redirect("accounts_locks")
        count = unlock(kind, value)
        label = "账号" if kind == "username" else "地址"
        user = get_user_model().objects.filter(username=value).first() if kind == "username" else None
        record(
            SecurityEvent.Kind.UNLOCK,
            user=user,
            account=value if kind == "username" else "",
            detail=f"解锁{label} {value}，清除失败记录 {count} 条",
        )
        messages.success(request, f"已解锁{label}“{value}”。")
        return redirect("accounts_locks")


class UserActionView(WagtailAdminTemplateMixin, View):
    template_name = "accounts/user_action.html"
    header_icon = "user"

    def dispatch(self, request, user_id, *args, **kwargs):
        if not may_manage_accounts(request.user):
            raise PermissionDenied
        self.account = get_object_or_404(get_user_model(), pk=user_id)
        # Only a superuser acts on a superuser's account, and nobody on their own here.
        if self.account.pk == request.user.pk or (self.account.is_superuser and not request.user.is_superuser):
            raise PermissionDenied
        return super().dispatch(request, user_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.account.get_username()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailusers_users:index"), "label": "用户"},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(account=self.account, **kwargs)


class ResetTwoFactorView(UserActionView):
    page_title = "重置两步验证"

    def get(self, request, user_id):
        devices = list(devices_for_user(self.account, confirmed=None))
        return self.render_to_response(
            self.get_context_data(
                action="reset_two_factor",
                explanation=(
                    f"账号“{self.account.get_username()}”已绑定 {len(devices)} 个验证器。重置后这些验证器全部作废，"
                    "该账号下次登录时须重新绑定（管理员账号）或可自愿重新绑定。"
                ),
            )
        )

    def post(self, request, user_id):
        count = reset_two_factor(self.account)
        messages.success(request, f"已重置“{self.account.get_username()}”的两步验证（作废验证器 {count} 个）。")
        return redirect("wagtailusers_users:index")


class HandOverView(UserActionView):
    page_title = "交接并停用"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action="hand_over",
            explanation=(
                f"账号“{self.account.get_username()}”的草稿 {drafts_of(self.account).count()} 篇、"
                f"锁定的页面 {Page.objects.filter(locked=True, locked_by=self.account).count()} 篇、"
                f"审核中的提交 {open_workflows_of(self.account).count()} 项将移交给接手人，随后停用该账号。"
                "接手人须是同一站点的工作人员。"
            ),
            **kwargs,
        )

    def get(self, request, user_id):
        return self.render_to_response(self.get_context_data(form=HandOverForm()))

    def post(self, request, user_id):
        form = HandOverForm(request.POST)
        if form.is_valid():
            try:
                leaver, successor = find_users(self.account.get_username(), form.cleaned_data["successor"].strip())
                counts = hand_over(leaver, successor, actor=request.user)
            except HandOverError as error:
                form.add_error("successor", str(error))
            else:
                messages.success(
                    request,
                    f"已将“{leaver.username}”的草稿 {counts['drafts']} 篇、锁定 {counts['locks']} 篇、"
                    f"审核中的提交 {counts['workflows']} 项移交给“{successor.username}”，并停用了该账号。",
                )
                return redirect("wagtailusers_users:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)
