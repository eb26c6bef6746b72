from datetime import time, timedelta

from django.db import migrations
from django.utils import timezone

PURGE = "accounts: purge the security log past its retention"


def add_schedule(apps, schema_editor):
    tomorrow = timezone.localdate() + timedelta(days=1)
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=PURGE,
        defaults={
            "func": "accounts.jobs.purge_security_log",
            "schedule_type": "D",
            "repeats": -1,
            "next_run": timezone.make_aware(timezone.datetime.combine(tomorrow, time(3))),
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=PURGE).delete()


def date_existing_passwords(apps, schema_editor):
    """Accounts that exist before the policy start their 90 days now rather than at date_joined."""
    User = apps.get_model("auth", "User")
    PasswordState = apps.get_model("accounts", "PasswordState")
    now = timezone.now()
    PasswordState.objects.bulk_create(
        [PasswordState(user_id=pk, changed_at=now) for pk in User.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]

    operations = [
        migrations.RunPython(add_schedule, remove_schedule),
        migrations.RunPython(date_existing_passwords, migrations.RunPython.noop),
    ]
