"""Everything the security log records: logins, failures, lockouts, logouts, password and
permission changes, group membership."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from .current import current_actor
from .log import record
from .middleware import mark_activity
from .models import PasswordHistory, PasswordState, SecurityEvent

User = get_user_model()
Kind = SecurityEvent.Kind
FLAGS = {"is_active": "启用", "is_staff": "职员", "is_superuser": "超级管理员"}


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    record(Kind.LOGIN, user=user, request=request, actor=user)
    if getattr(request, "session", None) is not None:
        mark_activity(request.session)  # a login is activity, whatever pause came before it


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "") or ""
    user = User.objects.filter(username=username).first() if username else None
    record(Kind.LOGIN_FAILED, user=user, account=username[:150], request=request)


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    """Once, when the failures reach the limit; later refusals are failed logins."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    user = User.objects.filter(username=username).first() if username else None
    record(Kind.LOCKOUT, user=user, account=(username or "")[:150], request=request)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(Kind.LOGOUT, user=user, request=request, actor=user)


@receiver(pre_save, sender=User)
def remember_previous(sender, instance, raw=False, **kwargs):
    instance._accounts_previous = None
    if raw or instance._state.adding or not instance.pk:
        return
    instance._accounts_previous = User.objects.filter(pk=instance.pk).values("password", *FLAGS).first()


@receiver(post_save, sender=User)
def password_and_flags(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_accounts_previous", None)
    actor = current_actor()
    by_other = actor is not None and actor.pk != instance.pk
    if created:
        record(Kind.ACCOUNT_CREATED, user=instance, detail="由管理员创建" if by_other else "")
    elif previous:
        changes = [
            f"{label}：{'是' if previous[flag] else '否'} → {'是' if getattr(instance, flag) else '否'}"
            for flag, label in FLAGS.items()
            if previous[flag] != getattr(instance, flag)
        ]
        if changes:
            record(Kind.ACCOUNT_FLAGS, user=instance, detail="；".join(changes))
    if not instance.password or (previous and previous["password"] == instance.password):
        return
    if not instance.has_usable_password():
        return
    PasswordHistory.objects.create(user=instance, password=instance.password)
    # An administrator's password (and every new account made by one) is changed at first login.
    PasswordState.objects.update_or_create(
        user=instance, defaults={"changed_at": timezone.now(), "must_change": by_other}
    )
    if not created:
        record(Kind.PASSWORD_SET if by_other else Kind.PASSWORD_CHANGED, user=instance)


def _names(model, pks, field):
    return "、".join(sorted(str(v) for v in model.objects.filter(pk__in=pks).values_list(field, flat=True)))


def _permission_names(pks):
    from django.contrib.auth.models import Permission

    return "、".join(
        sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in Permission.objects.filter(pk__in=pks).select_related("content_type")
        )
    )


ACTION_WORDS = {"post_add": "加入", "post_remove": "移出", "pre_clear": "清空"}


def _m2m_pks(instance, action, pk_set, accessor):
    if action == "pre_clear":
        return set(getattr(instance, accessor).values_list("pk", flat=True))
    return set(pk_set or ())


@receiver(m2m_changed, sender=User.groups.through)
def group_membership(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ACTION_WORDS:
        return
    if not reverse:
        pks = _m2m_pks(instance, action, pk_set, "groups")
        if pks:
            record(
                Kind.GROUP_MEMBERSHIP,
                user=instance,
                detail=f"{ACTION_WORDS[action]}用户组：{_names(Group, pks, 'name')}",
            )
        return
    pks = _m2m_pks(instance, action, pk_set, "user_set")
    for user in User.objects.filter(pk__in=pks):
        record(Kind.GROUP_MEMBERSHIP, user=user, detail=f"{ACTION_WORDS[action]}用户组：{instance.name}")


@receiver(m2m_changed, sender=User.user_permissions.through)
def user_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ACTION_WORDS:
        return
    if reverse:
        for user in User.objects.filter(pk__in=_m2m_pks(instance, action, pk_set, "user_set")):
            record(
                Kind.PERMISSIONS,
                user=user,
                detail=f"{ACTION_WORDS[action]}权限：{instance.content_type.app_label}.{instance.codename}",
            )
        return
    pks = _m2m_pks(instance, action, pk_set, "user_permissions")
    if pks:
        record(Kind.PERMISSIONS, user=instance, detail=f"{ACTION_WORDS[action]}权限：{_permission_names(pks)}")


@receiver(m2m_changed, sender=Group.permissions.through)
def group_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ACTION_WORDS:
        return
    if reverse:
        for group in Group.objects.filter(pk__in=_m2m_pks(instance, action, pk_set, "group_set")):
            record(
                Kind.PERMISSIONS,
                account=f"用户组 {group.name}"[:150],
                detail=f"{ACTION_WORDS[action]}权限：{instance.content_type.app_label}.{instance.codename}",
            )
        return
    pks = _m2m_pks(instance, action, pk_set, "permissions")
    if pks:
        record(
            Kind.PERMISSIONS,
            account=f"用户组 {instance.name}"[:150],
            detail=f"{ACTION_WORDS[action]}权限：{_permission_names(pks)}",
        )


def _object_permission(instance, verb):
    if isinstance(instance, GroupPagePermission):
        target = f"页面“{instance.page.title}”（{instance.page_id}）"
    else:
        target = f"集合“{instance.collection.name}”（{instance.collection_id}）"
    return f"{verb}{target}的权限：{instance.permission.content_type.app_label}.{instance.permission.codename}"


@receiver(post_save, sender=GroupPagePermission)
@receiver(post_save, sender=GroupCollectionPermission)
def object_permission_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    record(
        Kind.PERMISSIONS,
        account=f"用户组 {instance.group.name}"[:150],
        detail=_object_permission(instance, "授予" if created else "修改"),
    )


@receiver(post_delete, sender=GroupPagePermission)
@receiver(post_delete, sender=GroupCollectionPermission)
def object_permission_deleted(sender, instance, **kwargs):
    try:
        detail = _object_permission(instance, "撤销")
        group = instance.group.name
    except ObjectDoesNotExist:  # the group, page or collection is being deleted with it
        detail, group = f"撤销权限（{instance.permission_id}）", str(instance.group_id)
    record(Kind.PERMISSIONS, account=f"用户组 {group}"[:150], detail=detail)
