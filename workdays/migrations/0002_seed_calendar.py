from django.db import migrations

from workdays.seeding import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("workdays", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
