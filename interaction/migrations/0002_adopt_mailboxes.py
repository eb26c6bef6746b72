from django.db import migrations

from interaction.mailboxes import adopt_mailboxes


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ColumnPage = apps.get_model("columns", "ColumnPage")
    MailboxPage = apps.get_model("interaction", "MailboxPage")
    Page = apps.get_model("wagtailcore", "Page")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="interaction", model="mailboxpage")
    adopt_mailboxes(root, ColumnPage, MailboxPage, content_type)


class Migration(migrations.Migration):
    dependencies = [("interaction", "0001_initial"), ("columns", "0002_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
