"""Atom feeds: each site's own newest items, and the portal's county-and-district news."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Page, Site

from content.models import ArticlePage, GovDocumentPage, NoticePage
from sites.models import SiteProfile
from sites.routing import own_pages_q

from .aggregation import latest_news_by_site

FEED_SIZE = 30


@dataclass
class FeedSource:
    site: Site
    request: HttpRequest


class SitePageFeed(Feed):
    """/feed/: the site's own newest news, notices and documents."""

    feed_type = Atom1Feed

    def get_object(self, request):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        return FeedSource(site, request)

    def title(self, source):
        return source.site.site_name

    def subtitle(self, source):
        return f"{source.site.site_name}最新信息"

    def link(self, source):
        return source.site.root_url + "/"

    def items(self, source):
        pages = (
            Page.objects.live()
            .public()
            .type(ArticlePage, NoticePage, GovDocumentPage)
            .filter(own_pages_q(source.site))
            .order_by("-first_published_at")
            .specific()[:FEED_SIZE]
        )
        return self.with_links(pages, source.request)

    @staticmethod
    def with_links(pages, request):
        pages = list(pages)
        for page in pages:
            page.feed_link = page.get_full_url(request)
        return pages

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return getattr(item, "summary", "")

    def item_link(self, item):
        return item.feed_link

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class CountyNewsFeed(SitePageFeed):
    """/feeds/counties/ on the portal: 县域动态 and 区域动态 in one feed."""

    def get_object(self, request):
        source = super().get_object(request)
        profile = getattr(source.site, "profile", None)
        if profile is None or profile.level != SiteProfile.Level.CITY:
            raise Http404("只有市级门户提供县区动态汇聚订阅。")
        return source

    def title(self, source):
        return f"{source.site.site_name}·县域动态和区域动态"

    def subtitle(self, source):
        return "各县区政府网站最新动态"

    def items(self, source):
        news = []
        for profile, items in latest_news_by_site(
            [SiteProfile.Level.COUNTY, SiteProfile.Level.DISTRICT], FEED_SIZE, parent=source.site.profile
        ):
            for item in items:
                item.source_name = profile.name
                news.append(item)
        news.sort(key=lambda item: item.first_published_at, reverse=True)
        return self.with_links(news[:FEED_SIZE], source.request)

    def item_title(self, item):
        return f"【{item.source_name}】{item.title}"
