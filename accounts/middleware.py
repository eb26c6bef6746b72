"""The request's actor for the security log, idle sessions, and the gate that keeps an account out
of the admin until it has verified its second factor and changed a password it must change."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from . import current
from .log import record
from .models import SecurityEvent
from .policy import password_change_reason, requires_two_factor

LAST_ACTIVITY = "accounts_last_activity"
# Requests a page sends by itself while it stays open: they are not activity.
BACKGROUND_URLS = {"wagtailadmin_editing_sessions:ping"}
# What an account may reach before it has done what it must.
ALWAYS_ALLOWED = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
}


def url_name(request):
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return ""


def wants_html(request):
    return (
        request.method in ("GET", "HEAD")
        and request.headers.get("x-requested-with") != "XMLHttpRequest"
        and "/api/" not in request.path_info
        and "json" not in request.headers.get("accept", "")
    )


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current.set_request(request)
        try:
            return self.get_response(request)
        finally:
            current.reset(token)


def mark_activity(session):
    session[LAST_ACTIVITY] = time.time()


class IdleTimeoutMiddleware:
    """Ends a session after ACCOUNTS_IDLE_TIMEOUT seconds without a request of the user's own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.ACCOUNTS_IDLE_TIMEOUT
        if timeout and request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > timeout:
                user = request.user
                record(SecurityEvent.Kind.SESSION_TIMEOUT, user=user, request=request, actor=user)
                request.session.flush()
                request.user = AnonymousUser()
                messages.info(request, "长时间未操作，已自动退出登录，请重新登录。")
            elif url_name(request) not in BACKGROUND_URLS:
                mark_activity(request.session)
        return self.get_response(request)


def required_step(request):
    """The URL name of what this user must do first, with the reason, or None."""
    user = request.user
    if requires_two_factor(user) and not user.is_verified():
        from django_otp import user_has_device

        if user_has_device(user, confirmed=True):
            return "accounts_verify", "请输入动态验证码完成登录。"
        return "accounts_two_factor", "管理员账号须先绑定两步验证（动态验证码）。"
    reason = password_change_reason(user)
    if reason:
        return "accounts_change_password", reason
    return None


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not self.exempt(request):
            step = required_step(request)
            if step is not None:
                name, reason = step
                if url_name(request) not in ALWAYS_ALLOWED | {name}:
                    if not wants_html(request):
                        return HttpResponseForbidden(reason)
                    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def exempt(request):
        path = request.path_info
        return path.startswith((settings.STATIC_URL, settings.MEDIA_URL))
