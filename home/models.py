from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from content.models import ArticlePage, GovDocumentPage, InvestmentProjectPage, NoticePage
from sites.caching import site_chrome
from sites.models import SiteProfile
from sites.permissions import SitePermissionsMixin
from sites.routing import CanonicalAddressMixin
from sites.units import unit_pages_q
from translations.languages import foreign_language

from .aggregation import latest_in_columns, latest_news_by_site
from .fragments import portal_body

HOME_CHILDREN = [
    "columns.ChannelPage",
    "columns.ColumnPage",
    "columns.LinkColumnPage",
    "content.SpecialTopicPage",
    "home.SiteHomePage",
    "home.UnitIndexPage",
    "websitereports.WebsiteReportPage",  # a string: websitereports uses home, never the reverse
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
        context["body"] = portal_body(self, request, self._body_context)
        return context

    def _body_context(self):
        items, columns = latest_in_columns(self, {key: model for key, _, model in PORTAL_BLOCKS}, self.items_per_block)
        feeds = latest_news_by_site([SiteProfile.Level.COUNTY, SiteProfile.Level.DISTRICT], self.news_per_site)
        return {
            "blocks": [
                {"key": key, "title": title, "column": columns.get(key), "items": items[key]}
                for key, title, _ in PORTAL_BLOCKS
            ],
            "aggregated": [
                ("县域动态", [f for f in feeds if f[0].level == SiteProfile.Level.COUNTY]),
                ("区域动态", [f for f in feeds if f[0].level == SiteProfile.Level.DISTRICT]),
            ],
            "unit_groups": units_below(parent__root_page=self),
        }

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
    """Home of a county, district, township or department: of its site, or of its 专属网页."""

    parent_page_types = ["home.PortalHomePage", "home.SiteHomePage", "home.UnitIndexPage"]
    is_creatable = False
    items_per_block = 8

    class Meta:
        verbose_name = "站点首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        profile = cached_profile(request, self)
        if profile is None:
            profile = SiteProfile.objects.filter(root_page__translation_key=self.translation_key).first()
        own = unit_pages_q(profile) if profile else None
        for name, model in (("news", ArticlePage), ("notices", NoticePage), ("documents", GovDocumentPage)):
            items = model.objects.live().descendant_of(self)
            if own is not None:
                items = items.filter(own)
            context[name] = items.order_by("-first_published_at")[: self.items_per_block]
        context["unit_groups"] = units_below(parent=profile) if profile else []
        return context


class UnitIndexPage(SitePermissionsMixin, CanonicalAddressMixin, Page):
    """专属网页目录: lists the 专属网页 of the townships or departments kept below it."""

    intro = models.TextField("简介", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.PortalHomePage", "home.SiteHomePage", "columns.ChannelPage", "columns.ColumnPage"]
    subpage_types = ["home.SiteHomePage"]
    is_creatable = False  # made by provision_site --path

    class Meta:
        verbose_name = "专属网页目录"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["units"] = (
            SiteProfile.objects.filter(
                root_page__path__startswith=self.path,
                root_page__depth=self.depth + 1,
                status=SiteProfile.Status.OPEN,
            )
            .select_related("root_page", "site")
            .order_by("root_page__path")
        )
        return context


def cached_profile(request, home):
    """The profile whose root page is `home`, from the request's site cache: its site's or one of
    its 专属网页's (None when the cache does not have it)."""
    chrome = site_chrome(request)
    if chrome is None:
        return None
    profile = getattr(chrome.site, "profile", None)
    if profile is None or profile.root_page_id != home.pk:
        profile = chrome.units.get(home.path)
    if profile is None or profile.root_page_id != home.pk:
        return None
    profile.root_page = home
    return profile


def units_below(**parent):
    """[(heading, [SiteProfile])]: the open townships and departments directly below a unit (given
    as a filter on the parent), whether sites of their own or 专属网页 (one query)."""
    children = list(
        SiteProfile.objects.filter(**parent, status=SiteProfile.Status.OPEN)
        .select_related("site", "root_page")
        .order_by("root_page__path")
    )
    headings = {SiteProfile.Level.TOWNSHIP: "乡镇（街道）", SiteProfile.Level.DEPARTMENT: "部门"}
    return [
        (heading, members)
        for level, heading in headings.items()
        if (members := [child for child in children if child.level == level])
    ]
