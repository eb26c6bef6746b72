from datetime import time, timedelta

from django.db import migrations
from django.utils import timezone

SCHEDULES = {
    # name: (function, schedule type, first run at local time)
    "disclosure: applications' reminders, escalation and lapsed periods": ("disclosure.jobs.send_reminders", "D", time(7, 40)),
}


def first_run(at):
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(timezone.datetime.combine(tomorrow, at))


def add_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, (func, kind, at) in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name, defaults={"func": func, "schedule_type": kind, "repeats": -1, "next_run": first_run(at)}
        )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_adopt_disclosure_columns"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
