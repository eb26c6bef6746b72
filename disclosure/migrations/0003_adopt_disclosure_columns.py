from django.db import migrations

from disclosure.columns import adopt_disclosure_columns


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ColumnPage = apps.get_model("columns", "ColumnPage")
    DisclosureColumnPage = apps.get_model("disclosure", "DisclosureColumnPage")
    Page = apps.get_model("wagtailcore", "Page")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="disclosure", model="disclosurecolumnpage")
    adopt_disclosure_columns(root, ColumnPage, DisclosureColumnPage, content_type)


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_disclosure_column_page")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
