"""意见征集: a unit publishes a draft for comment, residents comment on the whole draft or on one
article of it, and after the end date the unit publishes the feedback (意见采纳情况)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from proofreading.forms import ProofreadingPageForm
from sites.permissions import SitePermissionsMixin
from sites.routing import CanonicalAddressMixin


class SolicitationPage(SitePermissionsMixin, CanonicalAddressMixin, Page):
    summary = models.TextField("征集说明", blank=True)
    unit = models.ForeignKey(
        "sites.Unit", verbose_name="征集单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    feedback = models.TextField("意见采纳情况说明", blank=True)
    feedback_published_at = models.DateTimeField("反馈发布时间", null=True, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("unit"),
        MultiFieldPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading="征集时间"),
        InlinePanel("articles", label="条款", heading="草案条款"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("feedback")]
    parent_page_types = ["columns.ColumnPage"]
    subpage_types = []
    base_form_class = ProofreadingPageForm

    template = "solicitation/solicitation_page.html"

    class Meta:
        verbose_name = "意见征集"

    def state(self, today=None):
        """(key, label): not_started 未开始, open 征集中（剩 N 天）, closed 已截止, answered 已反馈."""
        today = today or timezone.localdate()
        if self.feedback_published_at:
            return "answered", "已反馈"
        if today < self.starts_on:
            return "not_started", "未开始"
        if today <= self.ends_on:
            return "open", f"征集中（剩 {(self.ends_on - today).days + 1} 天）"
        return "closed", "已截止"

    def accepts_comments(self, today=None):
        """From starts_on to ends_on inclusive, local dates; never once the feedback is out."""
        today = today or timezone.localdate()
        return not self.feedback_published_at and self.starts_on <= today <= self.ends_on

    def serve(self, request, *args, **kwargs):
        from .views_public import serve_solicitation

        return serve_solicitation(self, request, super().serve)

    def clean(self):
        super().clean()
        if isinstance(self.starts_on, date) and isinstance(self.ends_on, date) and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "截止日期不能早于开始日期。"})


class DraftArticle(Orderable):
    page = ParentalKey(SolicitationPage, on_delete=models.CASCADE, related_name="articles")
    label = models.CharField("条款编号", max_length=30, help_text="如：第一条")
    text = models.TextField("条款内容")

    panels = [FieldPanel("label"), FieldPanel("text")]

    def __str__(self):
        return self.label


class Comment(models.Model):
    class Disposition(models.TextChoices):
        PENDING = "pending", "待处理"
        ADOPTED = "adopted", "采纳"
        PARTLY = "partly", "部分采纳"
        NOT_ADOPTED = "not_adopted", "未采纳"

    page = models.ForeignKey(SolicitationPage, on_delete=models.CASCADE, related_name="comments")
    article = models.ForeignKey(
        DraftArticle, verbose_name="针对条款", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.TextField("意见内容")
    name = models.CharField("姓名", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    remote_addr = models.GenericIPAddressField("来源地址", null=True, blank=True)
    received_at = models.DateTimeField("提交时间", db_index=True)
    disposition = models.CharField("处理结果", max_length=16, choices=Disposition.choices, default=Disposition.PENDING)
    reason = models.CharField("理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"
        ordering = ["received_at", "pk"]
