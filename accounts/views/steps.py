"""The steps an account takes before it works in the admin: enrolling and verifying its second
factor (TOTP), and changing its password. They stand outside the admin's menu, like the login."""

from base64 import b32encode

import segno
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..forms import TokenForm
from ..log import record
from ..middleware import required_step
from ..models import SecurityEvent
from ..policy import password_change_reason


class StepView(LoginRequiredMixin, FormView):
    template_name = "accounts/step.html"
    page_title = ""
    login_url = "wagtailadmin_login"

    def get_next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(url, {self.request.get_host()}, self.request.is_secure()):
            return url
        return reverse("wagtailadmin_home")

    def next_step_or(self, url):
        step = required_step(self.request)
        return f"{reverse(step[0])}?{urlencode({'next': url})}" if step else url

    def get_context_data(self, **kwargs):
        step = required_step(self.request)
        return super().get_context_data(
            page_title=self.page_title,
            next=self.get_next_url(),
            reason=step[1] if step else "",
            **kwargs,
        )


class VerifyView(StepView):
    page_title = "两步验证"
    form_class = TokenForm
    intro = "请打开手机上的验证器应用，输入本账号当前的 6 位动态验证码。"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_has_device(request.user, confirmed=True):
            return redirect("accounts_two_factor")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(intro=self.intro, **kwargs)

    def form_valid(self, form):
        user = self.request.user
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            otp_login(self.request, device)
            record(SecurityEvent.Kind.TWO_FACTOR, user=user, request=self.request, actor=user)
            return redirect(self.next_step_or(self.get_next_url()))
        record(SecurityEvent.Kind.TWO_FACTOR_FAILED, user=user, request=self.request, actor=user)
        form.add_error(
            "token", "动态验证码不正确或已过期，请稍候重新输入。" if allowed else "尝试过于频繁，请稍候再试。"
        )
        return self.form_invalid(form)


class TwoFactorSetupView(StepView):
    """Enrolment: a new key shown as a QR code and as text, confirmed by one token from the app.
    An account that has a confirmed device cannot enrol another here: an administrator resets it."""

    page_title = "绑定两步验证"
    form_class = TokenForm
    template_name = "accounts/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and user_has_device(request.user, confirmed=True):
            return redirect("accounts_verify" if not request.user.is_verified() else "wagtailadmin_account")
        return super().dispatch(request, *args, **kwargs)

    def device(self):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=self.request.user, name="验证器", confirmed=False)
        return device

    def get_context_data(self, **kwargs):
        device = self.device()
        url = device.config_url
        return super().get_context_data(
            qr_svg=segno.make(url, error="m").svg_inline(scale=5),
            manual_key=b32encode(device.bin_key).decode(),
            **kwargs,
        )

    def form_valid(self, form):
        user = self.request.user
        device = self.device()
        allowed, _details = device.verify_is_allowed()
        if not allowed or not device.verify_token(form.cleaned_data["token"]):
            form.add_error(
                "token",
                "动态验证码不正确，请确认手机时间准确后稍候重新输入。" if allowed else "尝试过于频繁，请稍候再试。",
            )
            return self.form_invalid(form)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        otp_login(self.request, device)
        record(SecurityEvent.Kind.TWO_FACTOR_ENROLLED, user=user, request=self.request, actor=user)
        return redirect(self.next_step_or(self.get_next_url()))


class ChangePasswordView(StepView):
    page_title = "修改密码"
    form_class = PasswordChangeForm
    template_name = "accounts/step.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        reason = password_change_reason(self.request.user)
        return super().get_context_data(intro=reason, **kwargs)

    def form_valid(self, form):
        form.save()
        update_session_auth_hash(self.request, form.user)
        return redirect(self.next_step_or(self.get_next_url()))
