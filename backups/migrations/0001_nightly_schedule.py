from datetime import time, timedelta

from django.db import migrations
from django.utils import timezone

NAME = "backups: nightly backup of the database and uploaded files"


def add_schedule(apps, schema_editor):
    tomorrow = timezone.localdate() + timedelta(days=1)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={
            "func": "backups.jobs.nightly_backup",
            "schedule_type": "D",
            "repeats": -1,
            # 02:30 Asia/Shanghai: the quiet hours, before the 03:00 jobs.
            "next_run": timezone.make_aware(timezone.datetime.combine(tomorrow, time(2, 30))),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
