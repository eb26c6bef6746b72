"""Staff identity under 等保 2.0 level 3: the security log, password history and each account's
password state."""

from django.conf import settings
from django.db import models


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", "登录成功"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKOUT = "lockout", "账号锁定"
        UNLOCK = "unlock", "解除锁定"
        LOGOUT = "logout", "退出登录"
        SESSION_TIMEOUT = "session_timeout", "会话超时"
        TWO_FACTOR = "two_factor", "两步验证"
        TWO_FACTOR_FAILED = "two_factor_failed", "两步验证失败"
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", "启用两步验证"
        TWO_FACTOR_RESET = "two_factor_reset", "重置两步验证"
        PASSWORD_CHANGED = "password_changed", "修改密码"
        PASSWORD_SET = "password_set", "管理员设置密码"
        ACCOUNT_CREATED = "account_created", "创建账号"
        ACCOUNT_FLAGS = "account_flags", "账号状态变更"
        PERMISSIONS = "permissions", "权限变更"
        GROUP_MEMBERSHIP = "group_membership", "用户组成员变更"
        HAND_OVER = "hand_over", "人员交接"
        PERSONAL_DATA = "personal_data", "查看群众个人信息"

    time = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    kind = models.CharField("事件", max_length=24, choices=Kind.choices, db_index=True)
    # The name stays when the account is deleted; `user` then becomes empty.
    account = models.CharField("账号", max_length=150, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField("操作人", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("地址", null=True, blank=True)
    detail = models.TextField("详情", blank=True)

    class Meta:
        verbose_name = "安全审计记录"
        verbose_name_plural = "安全审计记录"
        ordering = ["-time", "-pk"]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.account}"


class PasswordHistory(models.Model):
    """Each password an account has had (hashes only), newest last."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class PasswordState(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="password_state"
    )
    changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change = models.BooleanField("须修改密码", default=False)

    class Meta:
        verbose_name = "密码状态"
        verbose_name_plural = "密码状态"
