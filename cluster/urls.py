from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from files.views import serve_media
from home.feeds import CountyNewsFeed, SitePageFeed
from search.views import search_api, search_opened, search_page, suggest_api
from sites.serving import page_urlpatterns
from sites.views import icon, robots_txt, sitemap, webmanifest

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include("sites.admin_urls")),  # replaces some of Wagtail's own admin views
    path("admin/", include("assurance.admin_urls")),  # Wagtail's reports, confined to one's own sites
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Uploaded images are answered by Django, which decides who may have them; behind nginx it
    # only says so and nginx sends the file (files.sendfile).
    path(settings.MEDIA_URL.lstrip("/") + "<path:path>", serve_media, name="media"),
    path("robots.txt", robots_txt),
    # Asked for at the root by browsers and phones whether a page names them or not.
    path("favicon.ico", icon, {"name": "favicon.ico"}),
    path("apple-touch-icon.png", icon, {"name": "apple-touch-icon.png"}),
    path("site.webmanifest", webmanifest),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("feed/", SitePageFeed(), name="site_feed"),
    path("feeds/counties/", CountyNewsFeed(), name="county_feed"),
    path("search/", search_page, name="search"),
    path("api/search/", search_api, name="search_api"),
    path("api/search/suggest/", suggest_api, name="search_suggest"),
    path("search/opened/", search_opened, name="search_opened"),
    path("captcha/", include("captcha.urls")),
    path("letters/", include("interaction.urls")),  # 信件查询 and 找错, on each site's hostname
    path("disclosure/", include("disclosure.urls")),  # 依申请公开: apply and look up, on each site
    path("website-report/", include("websitereports.urls")),  # the site's latest 政府网站工作年度报表
]

# Pages: Chinese at the root, the portal's English and Russian versions under /en/ and /ru/.
# Wagtail's page URLs, served with the per-site cache (sites.serving).
urlpatterns += i18n_patterns(path("", include(page_urlpatterns())), prefix_default_language=False)
