"""Lockouts (django-axes): when an account or an address is locked and until when, the login page
that says so in Chinese, and unlocking."""

from dataclasses import dataclass
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.forms.forms import NON_FIELD_ERRORS
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone


@dataclass
class Lock:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    until: datetime

    @property
    def kind_label(self):
        return "账号" if self.kind == "username" else "地址"


def current_locks():
    """Every account and address locked now, latest lock first."""
    cool_off = get_cool_off()
    limit = settings.AXES_FAILURE_LIMIT
    attempts = AccessAttempt.objects.all()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    locks = []
    for kind in ("username", "ip_address"):
        rows = (
            attempts.exclude(**{f"{kind}__isnull": True})
            .values(kind)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by()
        )
        for row in rows:
            until = row["last"] + cool_off if cool_off is not None else None
            locks.append(Lock(kind, row[kind], row["failures"], until))
    return sorted(locks, key=lambda lock: lock.until or timezone.now(), reverse=True)


def lock_until(username, ip_address):
    """When the lock on this account or this address ends (the later of the two)."""
    ends = [
        lock.until
        for lock in current_locks()
        if (lock.kind == "username" and lock.value == username)
        or (lock.kind == "ip_address" and lock.value == ip_address)
    ]
    return max((end for end in ends if end is not None), default=None)


def lockout_message(until):
    if until is None:
        return "登录失败次数过多，账号已锁定，请联系管理员解锁。"
    return f"登录失败次数过多，账号已锁定至 {timezone.localtime(until):%Y-%m-%d %H:%M}，请届时再试，或联系管理员解锁。"


def lockout_response(request, original_response=None, credentials=None):
    username = get_client_username(request, credentials)
    until = lock_until(username, request.axes_ip_address)
    message = lockout_message(until)
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return JsonResponse(
            {
                "error": message,
                "until": until.isoformat() if until else None,
                "failure_limit": get_failure_limit(request, credentials),
            },
            status=status,
        )
    context = getattr(original_response, "context_data", None)
    form = (context or {}).get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form._errors = form._errors or {}
        form._errors[NON_FIELD_ERRORS] = form.error_class([message])
        return TemplateResponse(request, original_response.template_name, context, status=status).render()
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def unlock(kind, value):
    if kind == "username":
        return AxesProxyHandler.reset_attempts(username=value)
    return AxesProxyHandler.reset_attempts(ip_address=value)
