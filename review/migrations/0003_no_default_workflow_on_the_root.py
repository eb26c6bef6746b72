"""Wagtail's default "Moderators approval" workflow sits on the root page, so it applied to the
English and Russian trees, where it waited for a Moderators group that nobody belongs to. Chinese
pages are reviewed by their site's 三审三校; translations of them are published by the language's
translators (the translations app). The default workflow is switched off and taken off the root."""

from django.db import migrations


def forwards(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    default = WorkflowPage.objects.filter(page__depth=1, workflow__name="Moderators approval")
    workflows = Workflow.objects.filter(pk__in=list(default.values_list("workflow_id", flat=True)))
    states = WorkflowState.objects.filter(workflow__in=workflows, status__in=["in_progress", "needs_changes"])
    TaskState.objects.filter(workflow_state__in=states, status="in_progress").update(status="cancelled")
    states.update(status="cancelled", current_task_state=None)
    default.delete()
    workflows.update(active=False)


class Migration(migrations.Migration):
    dependencies = [("review", "0002_site_workflows"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
