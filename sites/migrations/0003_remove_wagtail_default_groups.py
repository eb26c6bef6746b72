"""Wagtail's migrations create the groups Editors and Moderators with rights on the root page and
the root collection, i.e. on every site and every site's media. Here each site's own groups hold
the rights (sites.provisioning), so the default groups go."""

from django.db import migrations

DEFAULT_GROUPS = ["Editors", "Moderators"]


def remove_default_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_siteprofile_collection"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
