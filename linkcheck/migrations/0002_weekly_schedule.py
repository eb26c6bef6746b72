from datetime import time, timedelta

from django.db import migrations
from django.utils import timezone

NAME = "linkcheck: weekly link check"


def next_sunday_two():
    """Sundays at 02:00, when the cluster's and the linked sites' servers are quietest."""
    today = timezone.localdate()
    sunday = today + timedelta(days=(6 - today.weekday()) % 7 or 7)
    return timezone.make_aware(timezone.datetime.combine(sunday, time(2)))


def add_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={"func": "linkcheck.checker.check_links", "schedule_type": "W", "repeats": -1, "next_run": next_sunday_two()},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("linkcheck", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
