"""The nightly backup (django-q2 schedule, backups migration 0001). A failure is logged and mailed
to the city's administrators, then raised so django-q2 records the task as failed."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from sites.models import SiteGroup, SiteProfile

from .backup import make_backup

logger = logging.getLogger(__name__)


def administrator_emails():
    """The active superusers' addresses; when none has one, the portal's editors (the city's web
    office), so that a failure is never mailed to nobody."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    emails = sorted(set(users.filter(is_superuser=True).values_list("email", flat=True)))
    if not emails:
        portal_editors = SiteGroup.objects.filter(profile__level=SiteProfile.Level.CITY, role=SiteGroup.Role.EDITOR)
        emails = sorted(set(users.filter(groups__site_role__in=portal_editors).values_list("email", flat=True)))
    return emails


def nightly_backup():
    try:
        backup = make_backup()
    except Exception as error:
        logger.error("Nightly backup failed: %s", error, exc_info=True)
        when = timezone.localtime()
        body = (
            f"{when:%Y-%m-%d %H:%M} 的每日自动备份失败，本次没有留下备份。\n\n"
            f"原因：{error}\n\n"
            f"备份目录：{settings.BACKUP_ROOT}\n"
            "请尽快处理，处理后可在服务器上运行 python manage.py backup 补做一份备份，"
            "并用 python manage.py verify_backup 核对。"
        )
        recipients = administrator_emails()
        if recipients:
            send_mail(f"【数据备份】{when:%Y-%m-%d} 每日自动备份失败", body, None, recipients)
        else:
            logger.error("Nobody to mail about the failed backup: no administrator has an e-mail address.")
        raise
    logger.info(backup.summary())
    return backup.summary()
