from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, Site

from content.models import ArticlePage, GovDocumentPage, InvestmentProjectPage, NoticePage
from sites.models import SiteProfile
from sites.permissions import SitePermissionsMixin
from sites.routing import CanonicalAddressMixin, own_pages_q
from translations.languages import foreign_language

from .aggregation import latest_in_columns, latest_news_by_site

HOME_CHILDREN = [
    "columns.ChannelPage",
    "columns.ColumnPage",
    "columns.LinkColumnPage",
    "content.SpecialTopicPage",
    "home.SiteHomePage",
]

PORTAL_BLOCKS = [
    # column key, heading, item type
    ("homepage/current-affairs", "时政信息", ArticlePage),
    ("homepage/notices", "通知公告", NoticePage),
    ("homepage/photo-news", "图片信息", ArticlePage),
    ("homepage/department-news", "部门动态", ArticlePage),
]


class HomeBase(SitePermissionsMixin, CanonicalAddressMixin, Page):
    intro = models.TextField("首页简介", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = HOME_CHILDREN

    class Meta:
        abstract = True


class PortalHomePage(HomeBase):
    """The city portal's home: its own columns and the news of every county and district."""

    parent_page_types = ["wagtailcore.Page"]
    is_creatable = False  # a home page comes with its site, from provision_site
    news_per_site = 6

    foreign_intro = models.TextField(
        "外文版首页简介", blank=True, help_text="只显示在英文版、俄文版首页上：中文填写，由翻译人员译成外文。"
    )

    content_panels = HomeBase.content_panels + [FieldPanel("foreign_intro")]
    items_per_block = 8

    class Meta:
        verbose_name = "市级门户首页"

    def get_template(self, request, *args, **kwargs):
        if foreign_language():
            return "home/foreign_home_page.html"
        return super().get_template(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        if foreign_language():
            return self._foreign_context(request, *args, **kwargs)
        context = super().get_context(request, *args, **kwargs)
        items, columns = latest_in_columns(self, {key: model for key, _, model in PORTAL_BLOCKS}, self.items_per_block)
        context["blocks"] = [
            {"key": key, "title": title, "column": columns.get(key), "items": items[key]}
            for key, title, _ in PORTAL_BLOCKS
        ]
        feeds = latest_news_by_site([SiteProfile.Level.COUNTY, SiteProfile.Level.DISTRICT], self.news_per_site)
        context["aggregated"] = [
            ("县域动态", [f for f in feeds if f[0].level == SiteProfile.Level.COUNTY]),
            ("区域动态", [f for f in feeds if f[0].level == SiteProfile.Level.DISTRICT]),
        ]
        return context

    def _foreign_context(self, request, *args, **kwargs):
        """外文版首页: the translated channels with their columns, and the latest investment projects."""
        context = super().get_context(request, *args, **kwargs)
        channels = list(self.get_children().live().specific())
        by_parent = {}
        for column in Page.objects.live().descendant_of(self).filter(depth=self.depth + 2).order_by("path"):
            by_parent.setdefault(column.path[: -Page.steplen], []).append(column)
        context["sections"] = [(channel, by_parent.get(channel.path, [])) for channel in channels]
        projects = InvestmentProjectPage.objects.live().descendant_of(self).order_by("-first_published_at")
        context["projects"] = projects[: self.items_per_block]
        return context


class SiteHomePage(HomeBase):
    """Home of a county, district, township or department site."""

    parent_page_types = ["home.PortalHomePage", "home.SiteHomePage"]
    is_creatable = False
    items_per_block = 8

    class Meta:
        verbose_name = "站点首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        own = own_pages_q(site) if site and site.root_page_id == self.pk else None
        for name, model in (("news", ArticlePage), ("notices", NoticePage), ("documents", GovDocumentPage)):
            items = model.objects.live().descendant_of(self)
            if own is not None:
                items = items.filter(own)
            context[name] = items.order_by("-first_published_at")[: self.items_per_block]
        profile = getattr(site, "profile", None)
        context["child_sites"] = (
            SiteProfile.objects.filter(parent=profile, status=SiteProfile.Status.OPEN).select_related("site")
            if profile
            else []
        )
        return context
