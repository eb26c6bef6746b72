"""Wagtail's page serving, routed in two queries whatever the page's depth.

Wagtail's Page.route walks down from the home page one slug at a time, two queries per level
(the child, then its specific row): seven for a county's news item, more in a 专属网页. Here the
home page comes from the site's cache (sites.caching) and the pages on the path are read at once
by their url_paths; a page whose model routes itself (RoutablePageMixin) gets the rest of the path,
as Wagtail would give it.
"""

from django.http import Http404
from django.urls import re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page

from .caching import site_chrome

# Deeper than any page can be (a treebeard path of 255 characters, 4 per level).
MAX_COMPONENTS = 255 // Page.steplen


def route(request, path):
    chrome = site_chrome(request)
    if chrome is None:
        return None
    components = [component for component in path.split("/") if component]
    try:
        return route_from(chrome.home(live_only=True), request, components)
    except Http404:
        return None


def route_from(home, request, components):
    if any("\x00" in component for component in components):
        raise Http404  # PostgreSQL cannot compare a string holding NUL
    prefixes = [home.url_path + "".join(f"{c}/" for c in components[:n]) for n in range(1, len(components) + 1)]
    prefixes = prefixes[:MAX_COMPONENTS]
    found = {}
    if prefixes:
        for page in Page.objects.filter(path__startswith=home.path, url_path__in=prefixes):
            if page.depth - home.depth in found:  # two pages at one address: let Wagtail decide
                return home.route(request, components)
            found[page.depth - home.depth] = page
    chain = [home]
    while len(chain) in found and found[len(chain)].url_path == prefixes[len(chain) - 1]:
        page = found[len(chain)]
        page._cached_parent_obj = chain[-1]  # as Page.route leaves it: get_parent() costs no query
        chain.append(page)
    for depth, page in enumerate(chain):
        if depth == len(chain) - 1 or page.specific_class.route is not Page.route:
            return page.specific.route(request, components[depth:])  # specific keeps _cached_parent_obj
    raise Http404  # not reached: the last page of the chain routes


def serve(request, path):
    """Wagtail's serve view, with the route found above. Page.route_for_request keeps a request's
    route in request._wagtail_route_for_request; so does this, for whoever asks for it later."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route(request, path)
    return wagtail_views.serve(request, path)


def page_urlpatterns():
    """Wagtail's page URLs (wagtail.urls) with serve above in place of its own."""
    return [
        re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve")
        if getattr(pattern, "name", None) == "wagtail_serve"
        else pattern
        for pattern in wagtail_urls.urlpatterns
    ]
