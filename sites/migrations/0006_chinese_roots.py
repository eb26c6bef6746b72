"""The page tree's and the collections' roots, which Wagtail's migrations name "Root", are shown to
the city's administrators by that name: they get Chinese ones."""

from django.db import migrations

PAGE_ROOT = "全部站点"
COLLECTION_ROOT = "全部媒体"


def forwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(
        title=PAGE_ROOT, draft_title=PAGE_ROOT
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name="Root").update(name=COLLECTION_ROOT)


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=PAGE_ROOT).update(
        title="Root", draft_title="Root"
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=COLLECTION_ROOT).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [("sites", "0005_consolidatedhost"), ("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(forwards, backwards)]
