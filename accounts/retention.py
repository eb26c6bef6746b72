from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import SecurityEvent


def purge_security_log():
    """Deletes security events older than ACCOUNTS_LOG_RETENTION_DAYS (never fewer than 183: the
    网络安全法 asks for six months); returns how many."""
    days = max(int(settings.ACCOUNTS_LOG_RETENTION_DAYS), 183)
    deleted, _ = SecurityEvent.objects.filter(time__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted
