"""Password rules of 等保 2.0 level 3: characters of several kinds and no reuse of recent ones."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.core.exceptions import ValidationError

KINDS = (
    ("大写字母", lambda c: c.isupper()),
    ("小写字母", lambda c: c.islower()),
    ("数字", lambda c: c.isdigit()),
    ("符号", lambda c: not c.isalnum() and not c.isspace()),
)


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django 5.2's message (msgid with %d) has no Chinese translation yet."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


class CharacterKindsValidator:
    def __init__(self, min_kinds=3):
        self.min_kinds = min_kinds

    def validate(self, password, user=None):
        found = sum(1 for _name, test in KINDS if any(test(c) for c in password))
        if found < self.min_kinds:
            raise ValidationError(self.get_help_text(), code="password_too_few_kinds")

    def get_help_text(self):
        return f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.min_kinds} 种。"


class PasswordHistoryValidator:
    """Not the current password nor one of the last `count` (the current one included)."""

    def __init__(self, count=5):
        self.count = count

    def validate(self, password, user=None):
        if user is None or not user.pk:
            return
        from .models import PasswordHistory

        hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.count])
        stored = get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
        if stored:
            hashes.append(stored)
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def get_help_text(self):
        return f"新密码不能与最近 {self.count} 次使用过的密码相同。"
