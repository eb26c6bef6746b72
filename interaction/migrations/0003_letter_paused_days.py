from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("interaction", "0002_adopt_mailboxes")]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="paused_days",
            field=models.PositiveIntegerField(
                "暂停工作日", default=0, help_text="来信人补充材料期间计时暂停的工作日数，延期时限相应顺延。"
            ),
        ),
    ]
