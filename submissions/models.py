"""信息报送: a unit submits one of its site's published items to a portal column; the portal's
editors adopt it (a copy goes into the column, credited to and linking back to the original) or
return it with a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from wagtail.models import Page


class Submission(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "待处理"
        ADOPTED = "adopted", "已采用"
        RETURNED = "returned", "已退回"
        WITHDRAWN = "withdrawn", "已撤回"

    source_page = models.ForeignKey(
        Page, verbose_name="报送信息", null=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    # What the item was when submitted: the record outlives a deleted or renamed original.
    title = models.CharField("标题", max_length=255)
    source_url = models.URLField("原文地址", max_length=500)
    source_profile = models.ForeignKey(
        "sites.SiteProfile", verbose_name="报送站点", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "sites.Unit", verbose_name="报送单位", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    column = models.ForeignKey(
        "columns.ColumnPage", verbose_name="报送栏目", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    column_label = models.CharField("报送栏目名称", max_length=255, blank=True)
    note = models.TextField("报送说明", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="报送人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True, db_index=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    reason = models.TextField("退回原因", blank=True)
    adopted_page = models.ForeignKey(
        Page, verbose_name="门户采用稿", null=True, on_delete=models.SET_NULL, related_name="adopted_from"
    )

    class Meta:
        verbose_name = "信息报送"
        verbose_name_plural = "信息报送"
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_page", "column"],
                condition=Q(status="submitted"),
                name="one_open_submission_per_page_and_column",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(reason=""), name="returned_submission_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.title} → {self.column_title}"

    @property
    def is_open(self):
        return self.status == self.Status.SUBMITTED

    # What listings and exports show (select_related the relations first).
    @property
    def status_label(self):
        return self.get_status_display()

    @property
    def site_name(self):
        return str(self.source_profile) if self.source_profile else ""

    @property
    def unit_name(self):
        return self.unit.name if self.unit else ""

    @property
    def column_title(self):
        return self.column_label or (self.column.title if self.column else "（栏目已删除）")

    @property
    def submitter_name(self):
        return _person(self.submitted_by)

    @property
    def decider_name(self):
        return _person(self.decided_by)

    @property
    def adopted_url(self):
        return (self.adopted_page.get_full_url() or "") if self.adopted_page else ""

    @property
    def adopted_state(self):
        """Where the portal copy stands: 已发布, or 门户审核中 until the portal's review publishes it."""
        if not self.adopted_page:
            return ""
        return "已发布" if self.adopted_page.live else "门户审核中"


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else ""
