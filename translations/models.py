from django.conf import settings
from django.db import models
from wagtail.models import Locale, Page


class SourceChange(models.Model):
    """A publication of a Chinese source page whose translatable text differs from what its
    translators last synced: the fields that changed, with the strings removed and added."""

    page = models.ForeignKey(Page, verbose_name="中文页面", on_delete=models.CASCADE, related_name="source_changes")
    changed_at = models.DateTimeField("发布时间", db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True, on_delete=models.SET_NULL
    )
    changes = models.JSONField("改动", default=list, help_text='[{"field": 字段名, "removed": [...], "added": [...]}]')

    class Meta:
        verbose_name = "原文改动"
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.page.title} @ {self.changed_at:%Y-%m-%d %H:%M}"


class ChangeNotice(models.Model):
    """A change has been named in a language's digest: it is never named twice."""

    change = models.ForeignKey(SourceChange, on_delete=models.CASCADE, related_name="notices")
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["change", "locale"], name="one_notice_per_change_and_locale")]
