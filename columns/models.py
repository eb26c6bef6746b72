from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import redirect
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from sites.permissions import SitePermissionsMixin
from sites.routing import CanonicalAddressMixin

ITEM_PAGE_TYPES = [
    "content.ArticlePage",
    "content.NoticePage",
    "content.GovDocumentPage",
    "content.PolicyInterpretationPage",
    "content.InvestmentProjectPage",
    "content.LeaderPage",
    "content.InstitutionPage",
    "content.ServiceGuidePage",
    "interaction.LetterPage",
    "solicitation.SolicitationPage",
    "annualreports.AnnualReportPage",
]


class KeepingMethod(models.TextChoices):
    """保障方式, with the codes of the 分解表 data."""

    BACKEND = "backend", "后台加载"
    LINK = "link", "网站链接"
    BACKEND_LINK = "backend+link", "后台加载、网站链接"
    SUBMISSION = "submission", "信息报送"
    SUBMISSION_JOINT = "submission+joint", "信息报送、联合共建"
    HANDLING = "handling", "后台受理"
    TRANSLATION = "translation", "信息翻译"
    PUSH = "push", "网站推送"
    CRAWL = "crawl", "网站抓取"


class UpdateFrequency(models.TextChoices):
    """更新要求, with the codes of the 分解表 data."""

    ANYTIME = "anytime", "随时"
    DAILY = "daily", "每日"
    WEEKLY = "weekly", "每周"
    SEMIMONTHLY = "semimonthly", "半月"
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "季度"
    SEMIANNUAL = "semiannual", "半年"
    YEARLY = "yearly", "每年"
    YEARLY_BY_MARCH = "yearly-by-march", "每年3月底前"
    FIVE_YEARLY = "five-yearly", "每五年"
    WITHIN_15_DAYS = "within-15-days", "15日内"
    ON_CHANGE = "on-change", "信息变更时及时更新"


class ColumnDuties(models.Model):
    """Who keeps a column, how, and how often (a row of the 内容保障任务分解表)."""

    column_key = models.CharField(
        "栏目代码",
        max_length=120,
        blank=True,
        db_index=True,
        help_text="栏目在分解表中的路径代码，如 homepage/notices。",
    )
    scope = models.TextField("主要发布内容", blank=True)
    keeping_method = models.CharField("保障方式", max_length=20, choices=KeepingMethod.choices, blank=True)
    update_frequency = models.CharField("更新要求", max_length=20, choices=UpdateFrequency.choices, blank=True)
    responsible_units = ParentalManyToManyField(
        "sites.Unit", verbose_name="保障单位", blank=True, related_name="%(app_label)s_%(class)s"
    )
    duty_note = models.CharField(
        "保障部门（原文）", max_length=200, blank=True, help_text="分解表中保障部门一栏的原文。"
    )

    duty_panels = [
        MultiFieldPanel(
            [
                FieldPanel("column_key"),
                FieldPanel("scope"),
                FieldPanel("keeping_method"),
                FieldPanel("update_frequency"),
                FieldPanel("responsible_units"),
                FieldPanel("duty_note"),
            ],
            heading="内容保障",
        )
    ]

    class Meta:
        abstract = True


# Translators translate a column's title and text; its duties are the Chinese office's business.
COLUMN_SYNCHRONIZED_FIELDS = [SynchronizedField(name) for name in ("slug", "column_key", "scope", "duty_note")]


class ChannelPage(SitePermissionsMixin, CanonicalAddressMixin, Page):
    """频道: a top-level section of a site, grouping its columns."""

    intro = models.TextField("频道简介", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.PortalHomePage", "home.SiteHomePage"]
    subpage_types = ["columns.ColumnPage", "columns.LinkColumnPage", "content.SpecialTopicPage", "home.UnitIndexPage"]

    class Meta:
        verbose_name = "频道"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["columns"] = self.get_children().live().specific()
        return context


class ColumnPage(SitePermissionsMixin, CanonicalAddressMixin, ColumnDuties, Page):
    """栏目: lists its items newest first; may hold sub-columns."""

    intro = RichTextField("栏目说明", blank=True, features=["bold", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")] + ColumnDuties.duty_panels
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = [
        "home.PortalHomePage",
        "home.SiteHomePage",
        "columns.ChannelPage",
        "columns.ColumnPage",
        "content.SpecialTopicPage",
    ]
    subpage_types = ["columns.ColumnPage", "columns.LinkColumnPage", "home.UnitIndexPage", *ITEM_PAGE_TYPES]

    page_size = 20
    override_translatable_fields = COLUMN_SYNCHRONIZED_FIELDS

    class Meta:
        verbose_name = "栏目"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live()
        context["subcolumns"] = children.type(ColumnPage, LinkColumnPage).specific()
        items = children.type(*map(apps.get_model, ITEM_PAGE_TYPES)).order_by("-first_published_at")
        context["items"] = Paginator(items, self.page_size).get_page(request.GET.get("page"))
        context["last_check"] = self.last_check()
        return context

    def last_check(self):
        """The unit's latest "checked, still current" of this fixed column (one query), or None."""
        # assurance.rules imports this module
        from assurance.models import ColumnCheck
        from assurance.rules import accepts_checks

        if not accepts_checks(self.update_frequency, self.title):
            return None
        return ColumnCheck.objects.filter(column_id=self.pk).only("checked_at").first()


class LinkColumnPage(SitePermissionsMixin, CanonicalAddressMixin, ColumnDuties, Page):
    """网站链接栏目: a column whose content lives on another site."""

    link_url = models.URLField("链接地址")

    content_panels = Page.content_panels + [FieldPanel("link_url")] + ColumnDuties.duty_panels

    parent_page_types = [
        "home.PortalHomePage",
        "home.SiteHomePage",
        "columns.ChannelPage",
        "columns.ColumnPage",
    ]
    subpage_types = []
    override_translatable_fields = COLUMN_SYNCHRONIZED_FIELDS

    class Meta:
        verbose_name = "链接栏目"

    def serve(self, request, *args, **kwargs):
        return redirect(self.link_url)
