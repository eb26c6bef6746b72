"""Wagtail's default workflow and task (switched off by 0003) keep their English name
"Moderators approval" in the admin's workflow and task lists; they get a Chinese one."""

from django.db import migrations

NAME = "默认审批（未使用）"


def forwards(apps, schema_editor):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name="Moderators approval").update(name=NAME)


def backwards(apps, schema_editor):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=NAME).update(name="Moderators approval")


class Migration(migrations.Migration):
    dependencies = [("review", "0003_no_default_workflow_on_the_root")]

    operations = [migrations.RunPython(forwards, backwards)]
