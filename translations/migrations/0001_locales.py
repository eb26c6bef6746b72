"""The English and Russian locales beside the Chinese source locale."""

from django.db import migrations

FOREIGN = ["en", "ru"]


def add_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in FOREIGN:
        Locale.objects.get_or_create(language_code=code)


def remove_locales(apps, schema_editor):
    apps.get_model("wagtailcore", "Locale").objects.filter(language_code__in=FOREIGN).delete()


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0094_alter_page_locale")]

    operations = [migrations.RunPython(add_locales, remove_locales)]
