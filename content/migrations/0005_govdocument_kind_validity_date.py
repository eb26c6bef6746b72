from django.db import migrations, models
from django.db.models import Q

STEP = 4  # treebeard's steplen


def derive_kinds(apps, schema_editor):
    """行政规范性文件 for the documents of a 规范性文件 column; 规章 where the 文号 is a 令."""
    ColumnPage = apps.get_model("columns", "ColumnPage")
    GovDocumentPage = apps.get_model("content", "GovDocumentPage")
    normative = ColumnPage.objects.filter(
        Q(column_key="normative-documents") | Q(column_key__endswith="/normative-documents")
    ).values_list("path", flat=True)
    for path in normative:
        GovDocumentPage.objects.filter(path__startswith=path, depth=len(path) // STEP + 1).update(
            document_kind="normative"
        )
    GovDocumentPage.objects.filter(doc_number__contains="令").update(document_kind="rule")


class Migration(migrations.Migration):
    dependencies = [
        ("columns", "0002_initial"),
        ("content", "0004_item_sensitive"),
    ]

    operations = [
        migrations.AddField(
            model_name="govdocumentpage",
            name="document_kind",
            field=models.CharField(
                choices=[("rule", "规章"), ("normative", "行政规范性文件"), ("other", "其他文件")],
                default="other",
                max_length=10,
                verbose_name="文件类别",
            ),
        ),
        migrations.AddField(
            model_name="govdocumentpage",
            name="validity_changed_on",
            field=models.DateField(
                blank=True, help_text="有效性为失效或废止时必填。", null=True, verbose_name="失效或废止日期"
            ),
        ),
        migrations.RunPython(derive_kinds, migrations.RunPython.noop),
    ]
