from django.db import transaction
from django_otp import devices_for_user

from .log import record
from .models import SecurityEvent


@transaction.atomic
def reset_two_factor(user, actor=None):
    """Deletes every OTP device of `user`; returns how many."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    record(SecurityEvent.Kind.TWO_FACTOR_RESET, user=user, actor=actor, detail=f"作废验证器 {len(devices)} 个")
    return len(devices)
