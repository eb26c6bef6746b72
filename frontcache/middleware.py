"""Which responses the front cache (nginx) may keep, said in Cache-Control.

A response is shared only when it is the same for every resident: an anonymous GET or HEAD of a
resident page, answered 200, that neither sets a cookie nor carries a CSRF token (a form). Browsers
are told to ask again every time (max-age=0), so a purge reaches residents at once; nginx keeps its
copy for FRONT_CACHE_SECONDS (s-maxage) and serves it stale while the web processes are down.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

# What residents read: pages (sites.serving), the feeds and the sitemaps. Everything else (staff,
# search, residents' own letters and applications, files) depends on who asks or is not purged.
SHARED_VIEWS = {"wagtail_serve", "site_feed", "county_feed", "sitemap"}


class FrontCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if shareable(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=settings.FRONT_CACHE_SECONDS)
        elif request.method in ("GET", "HEAD"):
            patch_cache_control(response, private=True, no_cache=True)
        return response


def shareable(request, response):
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not (user is not None and user.is_authenticated)
        and getattr(request.resolver_match, "url_name", None) in SHARED_VIEWS
    )
