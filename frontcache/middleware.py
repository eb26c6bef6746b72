"""Which responses the front cache (nginx) may keep, said in Cache-Control.

A response is shared only when it is the same for every resident: an anonymous GET or HEAD of a
resident page, answered 200, that neither sets a cookie nor carries a CSRF token (a form). Browsers
are told to ask again every time (max-age=0), so a purge reaches residents at once; nginx keeps its
copy for FRONT_CACHE_SECONDS (s-maxage) and serves it stale while the web processes are down.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

# Never shared: staff, residents' own letters and applications, search results (not purged on
# publish), and files, whose answer depends on who asks (files.views).
PRIVATE_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/search/",
    "/api/",
    "/captcha/",
    "/letters/",
    "/disclosure/",
    "/media/",
    "/documents/",
    "/static/",
)


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
        and not request.path_info.startswith(PRIVATE_PREFIXES)
    )
