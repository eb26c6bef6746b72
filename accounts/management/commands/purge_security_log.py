from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.retention import purge_security_log


class Command(BaseCommand):
    help = "删除超过保存期限（ACCOUNTS_LOG_RETENTION_DAYS，至少 183 天）的安全日志。"

    def handle(self, **options):
        deleted = purge_security_log()
        days = max(int(settings.ACCOUNTS_LOG_RETENTION_DAYS), 183)
        self.stdout.write(f"已删除 {days} 天以前的安全日志 {deleted} 条。")
