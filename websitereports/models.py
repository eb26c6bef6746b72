"""A site's 政府网站工作年度报表 of one year: what the unit entered by hand, the figures the platform
computed, and the page on the site's home where the published report stands."""

from datetime import date

from django.conf import settings
from django.db import models
from django.http import Http404
from wagtail.models import Page

from sites.permissions import SitePermissionsMixin
from sites.routing import CanonicalAddressMixin

from . import items

DEADLINE_MONTH, DEADLINE_DAY = 1, 31


def deadline(year):
    """The report of `year` stands on the home page by 31 January of the next year."""
    return date(year + 1, DEADLINE_MONTH, DEADLINE_DAY)


class WebsiteReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    profile = models.ForeignKey(
        "sites.SiteProfile", verbose_name="网站", on_delete=models.CASCADE, related_name="website_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    entered = models.JSONField("填报内容", default=dict, blank=True)
    figures = models.JSONField("平台统计", default=dict, blank=True)
    computed_at = models.DateTimeField("统计时间", null=True, blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    published = models.JSONField(
        "发布的报表", default=dict, blank=True, help_text="发布时的平台统计和填报内容，公开页面只显示这些。"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page = models.OneToOneField(
        "WebsiteReportPage",
        verbose_name="公开页面",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "政府网站工作年度报表"
        verbose_name_plural = "政府网站工作年度报表"
        ordering = ["-year", "profile__root_page__path"]
        constraints = [models.UniqueConstraint(fields=["profile", "year"], name="one_website_report_per_site_year")]

    def __str__(self):
        return f"{self.profile} {self.year}年度"

    @property
    def deadline(self):
        return deadline(self.year)

    @property
    def changed_since_publication(self):
        return self.state == self.State.PUBLISHED and self.published != self.snapshot()

    def snapshot(self):
        return {"figures": self.figures, "entered": self.entered}

    def rows(self, published=False):
        data = self.published if published else self.snapshot()
        return items.rows(data.get("figures", {}), data.get("entered", {}))

    def value(self, key):
        return items.values_of(self.figures, self.entered).get(key)


class WebsiteReportPage(SitePermissionsMixin, CanonicalAddressMixin, Page):
    """The published report on the site's home page: the national form's table, read-only, A4."""

    year = models.PositiveSmallIntegerField("年度")

    parent_page_types = ["home.PortalHomePage", "home.SiteHomePage"]
    subpage_types = []
    is_creatable = False  # made by publishing the report in 网站年度报表

    template = "websitereports/website_report_page.html"

    class Meta:
        verbose_name = "政府网站工作年度报表"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        report = WebsiteReport.objects.filter(page=self).first()
        if report is None or not report.published:
            raise Http404
        context["report"] = report
        context["rows"] = table(report.rows(published=True))
        return context


def table(rows):
    """The rows with rowspans for the group cells, as the national form draws them; the platform's
    own lines are left out where it has no figure (站内搜索次数 off the portal)."""
    shown = [row for row in rows if not (row[1].extra and row[2] == "" and not row[1].required)]
    out = []
    for index, (groups, item, value) in enumerate(shown):
        cells = []
        for level, group in enumerate(groups):
            previous = shown[index - 1][0] if index else ()
            if previous[: level + 1] == groups[: level + 1]:
                continue
            span = 0
            for later in shown[index:]:
                if later[0][: level + 1] != groups[: level + 1]:
                    break
                span += 1
            cells.append({"label": group, "rowspan": span})
        out.append({"groups": cells, "item": item, "value": value, "colspan": 3 - len(groups)})
    return out
