import contextlib

from django.http import HttpResponsePermanentRedirect
from django.http.request import split_domain_port
from django.urls import Resolver404, resolve
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language_from_path
from wagtail.models import Site

from .caching import site_chrome
from .models import ConsolidatedHost, SiteProfile

NOT_PAGES = ("/admin/", "/django-admin/", "/static/", "/media/")
SECTION_RELATED = ("profile__root_page", "profile__parent__site__root_page")


class SiteCacheMiddleware:
    """Site.find_for_request answers from the per-site cache (sites.caching): the site, its profile
    and its home page, without a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(("/static/", "/media/")):
            chrome = site_chrome(request)
            request._wagtail_site = chrome.site if chrome else None  # where Wagtail keeps it
        return self.get_response(request)


class ClosedSiteRedirectMiddleware:
    """Every address of a closed site answers 301 to the home of its nearest open ancestor unit;
    so does every not-found address inside a closed 专属网页 (its pages are unpublished)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(NOT_PAGES):
            return self.get_response(request)
        if target := closed_site_target(request):
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and (target := closed_section_target(request)):
            return HttpResponsePermanentRedirect(target)
        return response


def closed_site_target(request):
    try:
        site = Site.find_for_request(request)
    except Site.DoesNotExist:
        return None
    profile = getattr(site, "profile", None) if site else None
    if profile is None or profile.is_open:
        return None
    return nearest_open(profile).url


def tree_address(request):
    """(site, language, url_path, the url_paths of the folders holding it) of a request for a page
    of a site; None outside every site."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    language = get_language_from_path(request.path_info)
    path = request.path_info.removeprefix(f"/{language}") if language else request.path_info
    url_path = site.root_page.url_path + path.lstrip("/")
    prefixes = [url_path[: i + 1] for i, char in enumerate(url_path) if char == "/"]
    return site, language, url_path, prefixes


def closed_section_target(request):
    if (address := tree_address(request)) is None:
        return None
    site, _language, _url_path, prefixes = address
    closed = (
        SiteProfile.objects.filter(
            status=SiteProfile.Status.CLOSED,
            site__isnull=True,
            root_page__url_path__in=prefixes,
            root_page__path__startswith=site.root_page.path,
        )
        .order_by("-root_page__depth")
        .first()
    )
    return nearest_open(closed).url if closed else None


def nearest_open(profile):
    while profile.parent_id and not profile.is_open:
        profile = profile.parent
    return profile


class ConsolidatedHostRedirectMiddleware:
    """The addresses of a site that became a 专属网页 (sites.consolidation) answer 301 with the
    section's, query string kept: every request to its old hostname, and the not-found addresses
    its pages had under an ancestor site's hostname (jixian.localhost/fuli/… before the move)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(NOT_PAGES):  # the same on every hostname
            return self.get_response(request)
        if target := old_host_target(request):
            return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and (target := old_path_target(request)):
            return HttpResponsePermanentRedirect(target)
        return response


def old_host_target(request):
    """Where a request to a consolidated site's hostname goes; no query for a live site's host."""
    site = Site.find_for_request(request)
    hostname, port = split_domain_port(request.get_host())
    if site is not None and site.hostname == hostname:
        return None
    rows = ConsolidatedHost.objects.filter(hostname=hostname).select_related(*SECTION_RELATED)
    consolidated = next((r for r in rows if str(r.port) == (port or request.get_port())), None)
    consolidated = consolidated or next(iter(rows), None)
    if consolidated is None:
        return None
    return _target(request, consolidated.profile, request.path_info)


def old_path_target(request):
    """Where a not-found address that lay inside a consolidated site's old place in the tree goes."""
    if (address := tree_address(request)) is None:
        return None
    _site, language, url_path, prefixes = address
    consolidated = (
        ConsolidatedHost.objects.filter(old_url_path__in=prefixes)
        .select_related(*SECTION_RELATED)
        .order_by("-old_url_path")
        .first()
    )
    if consolidated is None or consolidated.profile.root_page.url_path == consolidated.old_url_path:
        return None  # consolidated in place: its pages are still there, and this one is not
    rest = url_path[len(consolidated.old_url_path) - 1 :]
    return _target(request, consolidated.profile, f"/{language}{rest}" if language else rest)


def _target(request, profile, path):
    """The section's address for `path` as it was on the old site; addresses that are not pages
    (/feed/, /sitemap.xml, /search/ …) go to the same address on the host site."""
    host = profile.host_site
    try:
        is_page = resolve(path).url_name == "wagtail_serve"
    except Resolver404:
        is_page = True
    if is_page:
        language = get_language_from_path(path)
        rest = path.removeprefix(f"/{language}") if language else path
        section = profile.root_page.url_path[len(host.root_page.url_path) - 1 :]
        path = (f"/{language}" if language else "") + section + rest.lstrip("/")
    url = host.root_url + path
    if query := query_string(request):
        url += "?" + query
    return url


def query_string(request):
    """The request's query string as it came, in ASCII: WSGI hands its bytes over as Latin-1."""
    query = request.META.get("QUERY_STRING", "")
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        query = query.encode("iso-8859-1").decode()
    return iri_to_uri(query)
