from datetime import time, timedelta

from django.db import migrations
from django.utils import timezone

SCHEDULES = {
    # name: (function, schedule type, minutes, first run at local time)
    "assurance: daily column audit and unit digests": ("assurance.jobs.daily_audit", "D", None, time(6)),
    "assurance: home page probes": ("assurance.availability.probe_sites", "I", 15, None),
    "assurance: quarterly spot check": ("assurance.spotcheck.draw_current_quarter", "Q", None, time(7)),
}


def first_run(at):
    if at is None:
        return timezone.now()
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(timezone.datetime.combine(tomorrow, at))


def add_schedules(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, (func, kind, minutes, at) in SCHEDULES.items():
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": kind, "minutes": minutes, "repeats": -1, "next_run": first_run(at)},
        )


def remove_schedules(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name__in=SCHEDULES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assurance", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedules, remove_schedules)]
