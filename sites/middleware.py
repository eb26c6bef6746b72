from django.http import HttpResponsePermanentRedirect
from wagtail.models import Site


class ClosedSiteRedirectMiddleware:
    """Every address of a closed site answers 301 to the home of its nearest open ancestor site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(("/admin/", "/django-admin/", "/static/", "/media/")):
            target = closed_site_target(request)
            if target:
                return HttpResponsePermanentRedirect(target)
        return self.get_response(request)


def closed_site_target(request):
    try:
        site = Site.find_for_request(request)
    except Site.DoesNotExist:
        return None
    profile = getattr(site, "profile", None) if site else None
    if profile is None or profile.is_open:
        return None
    while profile.parent_id and not profile.is_open:
        profile = profile.parent
    return profile.url
