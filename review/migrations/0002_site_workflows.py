"""Give every existing site its 三审三校 workflow (new sites get theirs from provisioning)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from review.workflows import ensure_all_workflows

    ensure_all_workflows(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("sites", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
