"""What an account must do before it may work: verify its second factor, change its password."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_otp import user_has_device

from assurance.scope import oversees_cluster

from .models import PasswordState


def requires_two_factor(user):
    """City administrators and superusers when ACCOUNTS_REQUIRE_2FA is on; anyone who enrolled."""
    if user_has_device(user, confirmed=True):
        return True
    return settings.ACCOUNTS_REQUIRE_2FA and (user.is_superuser or oversees_cluster(user))


def password_expires_at(user, state):
    days = settings.ACCOUNTS_PASSWORD_MAX_AGE_DAYS
    if not days:
        return None
    changed = state.changed_at if state and state.changed_at else user.date_joined
    return changed + timedelta(days=days)


def password_change_reason(user):
    """Why this user must change their password now, or "" when they need not. Asked on every
    staff request: one query."""
    if not user.has_usable_password():
        return ""
    state = PasswordState.objects.filter(user=user).first()
    if settings.ACCOUNTS_ENFORCE_PASSWORD_CHANGE and state is not None and state.must_change:
        return "首次登录或管理员重置密码后，须先修改密码。"
    expires = password_expires_at(user, state)
    if expires is not None and expires <= timezone.now():
        return f"密码已超过 {settings.ACCOUNTS_PASSWORD_MAX_AGE_DAYS} 天未修改，请先修改密码。"
    return ""
    if settings.ACCOUNTS_ENFORCE_PASSWORD_CHANGE and PasswordState.objects.filter(user=user, must_change=True).exists():
        return "首次登录或管理员重置密码后，须先修改密码。"
    expires = password_expires_at(user)
    if expires is not None and expires <= timezone.now():
        return f"密码已超过 {settings.ACCOUNTS_PASSWORD_MAX_AGE_DAYS} 天未修改，请先修改密码。"
    return ""
