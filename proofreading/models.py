"""Proofreading rules that city staff keep in the admin; `checks.proofread` reads them on every
run, so a new or changed rule applies at once, without a deployment."""

from django.core.exceptions import ValidationError
from django.db import models


class Severity(models.TextChoices):
    BLOCK = "block", "阻止发布"
    WARN = "warn", "提示"


class ProofreadingRule(models.Model):
    class Kind(models.TextChoices):
        MISWRITING = "miswriting", "错别字"
        FORBIDDEN = "forbidden", "禁用词"
        SENSITIVE = "sensitive", "敏感词"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.MISWRITING)
    pattern = models.CharField("词语", max_length=100, help_text="要查找的字词，原样匹配（区分全角半角）。")
    correction = models.CharField(
        "正确写法", max_length=100, blank=True, help_text="错别字必填；禁用词、敏感词可填写建议的替代说法。"
    )
    severity = models.CharField("处理方式", max_length=8, choices=Severity.choices, default=Severity.WARN)
    note = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "校对规则"
        verbose_name_plural = "校对规则"
        ordering = ["kind", "pattern"]
        constraints = [models.UniqueConstraint(fields=["kind", "pattern"], name="one_proofreading_rule_per_word")]

    def __str__(self):
        if self.correction:
            return f"{self.get_kind_display()}：{self.pattern} → {self.correction}"
        return f"{self.get_kind_display()}：{self.pattern}"

    def clean(self):
        self.pattern = self.pattern.strip()
        self.correction = self.correction.strip()
        if self.kind == self.Kind.MISWRITING and not self.correction:
            raise ValidationError({"correction": "错别字规则须填写正确写法。"})
        if self.correction and self.correction == self.pattern:
            raise ValidationError({"correction": "正确写法与词语相同。"})
