from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home.feeds import CountyNewsFeed, SitePageFeed
from search.views import search_api, search_page
from sites.views import robots_txt, sitemap

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", robots_txt),
    path("sitemap.xml", sitemap),
    path("feed/", SitePageFeed(), name="site_feed"),
    path("feeds/counties/", CountyNewsFeed(), name="county_feed"),
    path("search/", search_page, name="search"),
    path("api/search/", search_api, name="search_api"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
