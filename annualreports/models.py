"""政府信息公开工作年度报告 (国办公开办函〔2021〕30号).

A `DisclosureReport` is a unit's report of one year while it is written: the texts of sections
一, 五 and 六, the figures only the unit knows (许可, 处罚, 强制, 收费; table 四). Tables 二 and 三
are computed (annualreports.tables) until publication freezes them into `tables`. The published
report is an `AnnualReportPage` in the unit's 信息公开年报 column; republishing a corrected report
updates that page with a new revision.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from sites.permissions import SitePermissionsMixin
from sites.routing import CanonicalAddressMixin

from . import layout


def report_title(unit_name, year):
    return f"{unit_name}{year}年政府信息公开工作年度报告"


class AnnualReportPage(SitePermissionsMixin, CanonicalAddressMixin, Page):
    """The published report: everything it prints is frozen here, as it was published."""

    year = models.PositiveSmallIntegerField("年度")
    unit_name = models.CharField("单位", max_length=100)
    overview = models.TextField("一、总体情况")
    problems = models.TextField("五、存在的主要问题及改进情况")
    other_matters = models.TextField("六、其他需要报告的事项")
    tables = models.JSONField("表格", default=dict, help_text="表二、表三、表四，发布时的数字。")

    content_panels = Page.content_panels + [
        FieldPanel("year", read_only=True),
        FieldPanel("overview", read_only=True),
        FieldPanel("problems", read_only=True),
        FieldPanel("other_matters", read_only=True),
    ]
    search_fields = Page.search_fields + [index.SearchField("overview"), index.SearchField("problems")]
    parent_page_types = ["columns.ColumnPage"]
    subpage_types = []

    class Meta:
        verbose_name = "政府信息公开工作年度报告"

    def get_context(self, request, *args, **kwargs):
        from .printing import printed_tables  # the page's own view of its frozen figures

        context = super().get_context(request, *args, **kwargs)
        context.update(printed_tables(self.tables), sections=layout.SECTIONS)
        return context


class DisclosureReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    profile = models.ForeignKey(
        "sites.SiteProfile", verbose_name="单位", on_delete=models.PROTECT, related_name="disclosure_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)

    # Table 二: what the unit decided and charged (第二十条第（五）（六）（八）项).
    licences = models.PositiveIntegerField("行政许可本年处理决定数量", default=0)
    penalties = models.PositiveIntegerField("行政处罚本年处理决定数量", default=0)
    coercions = models.PositiveIntegerField("行政强制本年处理决定数量", default=0)
    fees = models.DecimalField(
        "行政事业性收费本年收费金额（万元）",
        max_digits=12,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
    )
    # Table 四: the 12 entered cells ({cell: count}, layout.APPEAL_ENTERED); the totals are sums.
    appeals = models.JSONField("行政复议、行政诉讼情况", default=dict, blank=True)

    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.DRAFT)
    tables = models.JSONField("发布时的表格", default=dict, blank=True)
    page = models.ForeignKey(
        AnnualReportPage, verbose_name="发布页面", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "profile__root_page__path"]
        constraints = [models.UniqueConstraint(fields=["profile", "year"], name="one_disclosure_report_a_year")]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return report_title(self.profile.name, self.year)

    @property
    def appeal_cells(self):
        return layout.with_appeal_totals(self.appeals or {})
