"""A unit's profile names its own root page and name: a 专属网页 has no Wagtail Site."""

import django.db.models.deletion
from django.db import migrations, models

import sites.models


def fill_from_sites(apps, schema_editor):
    SiteProfile = apps.get_model("sites", "SiteProfile")
    for profile in SiteProfile.objects.select_related("site").order_by("pk"):
        profile.root_page_id = profile.site.root_page_id
        profile.name = profile.site.site_name or profile.site.hostname
        profile.save(update_fields=["root_page", "name"])


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0003_remove_wagtail_default_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="siteprofile",
            name="root_page",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="unit_profile",
                to="wagtailcore.page",
                verbose_name="首页",
            ),
        ),
        migrations.AddField(
            model_name="siteprofile",
            name="name",
            field=models.CharField(default="", max_length=100, verbose_name="名称"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_from_sites, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="siteprofile",
            name="root_page",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="unit_profile",
                to="wagtailcore.page",
                verbose_name="首页",
            ),
        ),
        migrations.AlterField(
            model_name="siteprofile",
            name="site",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="profile",
                to="wagtailcore.site",
                verbose_name="站点",
            ),
        ),
        migrations.AlterField(
            model_name="siteprofile",
            name="site_code",
            field=models.CharField(
                blank=True,
                help_text="专属网页没有自己的网站标识码，用所在站点的。",
                max_length=10,
                null=True,
                unique=True,
                validators=[sites.models.validate_site_code],
                verbose_name="网站标识码",
            ),
        ),
        migrations.AlterModelOptions(
            name="siteprofile",
            options={"ordering": ["root_page__path"], "verbose_name": "站点档案", "verbose_name_plural": "站点档案"},
        ),
    ]
