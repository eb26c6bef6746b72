from datetime import time, timedelta

from django.db import migrations
from django.utils import timezone

NAME = "assurance: nightly tamper check"


def add_schedule(apps, schema_editor):
    tomorrow = timezone.localdate() + timedelta(days=1)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={
            "func": "assurance.jobs.nightly_tamper_check",
            "schedule_type": "D",
            "repeats": -1,
            "next_run": timezone.make_aware(timezone.datetime.combine(tomorrow, time(3))),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assurance", "0003_tamper"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
