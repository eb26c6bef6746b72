from datetime import time, timedelta

from django.db import migrations
from django.utils import timezone

NAME = "translations: daily digest of out-of-date translations"


def eight_tomorrow():
    """The digest goes out at 08:00, before the translators' working day."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(timezone.datetime.combine(tomorrow, time(8)))


def add_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={"func": "translations.digest.send_digests", "schedule_type": "D", "repeats": -1, "next_run": eight_tomorrow()},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("translations", "0002_source_changes"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
