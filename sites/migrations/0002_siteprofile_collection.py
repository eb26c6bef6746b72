"""Each site's media collection is recorded on its profile, not found again by the site's name
(two sites of the same name would otherwise share one). Existing collections are linked."""

import django.db.models.deletion
from django.db import migrations, models


def link_collections(apps, schema_editor):
    SiteProfile = apps.get_model("sites", "SiteProfile")
    Collection = apps.get_model("wagtailcore", "Collection")
    for profile in SiteProfile.objects.select_related("site").order_by("pk"):
        collection = (
            Collection.objects.filter(depth=2, name=profile.site.site_name, site_profile__isnull=True)
            .order_by("path")
            .first()
        )
        if collection is not None:
            profile.collection = collection
            profile.save(update_fields=["collection"])


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="siteprofile",
            name="collection",
            field=models.OneToOneField(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="site_profile",
                to="wagtailcore.collection",
                verbose_name="媒体库",
            ),
        ),
        migrations.RunPython(link_collections, migrations.RunPython.noop),
    ]
