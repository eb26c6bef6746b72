"""Each submission keeps its column's name with the parent's (县域动态 › 宝清县): the county-news
columns are named after their counties, so 宝清县 alone did not say which column was meant."""

from django.db import migrations, models

STEPLEN = 4  # the length of one level of Wagtail's page paths


def label_existing(apps, schema_editor):
    Submission = apps.get_model("submissions", "Submission")
    Page = apps.get_model("wagtailcore", "Page")
    for submission in Submission.objects.filter(column__isnull=False).select_related("column"):
        column = submission.column
        parent = Page.objects.filter(path=column.path[:-STEPLEN]).values_list("title", flat=True).first()
        submission.column_label = f"{parent} › {column.title}" if parent else column.title
        submission.save(update_fields=["column_label"])


class Migration(migrations.Migration):
    dependencies = [("submissions", "0001_initial"), ("wagtailcore", "0098_apitoken")]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="column_label",
            field=models.CharField(blank=True, max_length=255, verbose_name="报送栏目名称"),
        ),
        migrations.RunPython(label_existing, migrations.RunPython.noop),
    ]
