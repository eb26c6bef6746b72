"""/media/ looks an image up by its file's path (files.views): index the paths."""

from django.db import migrations

TABLES = {
    "files_image_file": "wagtailimages_image",
    "files_rendition_file": "wagtailimages_rendition",
}


class Migration(migrations.Migration):
    dependencies = [("wagtailimages", "0027_image_description")]

    operations = [
        migrations.RunSQL(f"CREATE INDEX IF NOT EXISTS {name} ON {table} (file)", f"DROP INDEX IF EXISTS {name}")
        for name, table in TABLES.items()
    ]
