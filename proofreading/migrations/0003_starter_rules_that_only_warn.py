"""Three starter rules block text that can be right: 按装机容量 (by installed capacity), 既使……又……
(both makes … and …) and ××× standing for a name withheld by law. They now warn; a rule the city
has already changed is left as it is."""

from django.db import migrations

WARN_INSTEAD = {
    ("miswriting", "按装"): "“按装机容量”“按装修面积”等“按”“装”连用时无误。",
    ("miswriting", "既使"): "“既使……又……”句式中无误。",
    ("forbidden", "×××"): "稿件中的占位符未替换；依法隐去的个人信息可核对后保留。",
}
SEEDED_NOTES = {("forbidden", "×××"): "稿件中的占位符未替换。"}


def forwards(apps, schema_editor):
    ProofreadingRule = apps.get_model("proofreading", "ProofreadingRule")
    for (kind, pattern), note in WARN_INSTEAD.items():
        ProofreadingRule.objects.filter(
            kind=kind, pattern=pattern, severity="block", note=SEEDED_NOTES.get((kind, pattern), "")
        ).update(severity="warn", note=note)


class Migration(migrations.Migration):
    dependencies = [("proofreading", "0002_starter_rules")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
