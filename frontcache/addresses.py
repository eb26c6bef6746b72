"""The public addresses whose responses show a page: what a change to it must purge."""

from django.conf import settings
from django.db.models import Q
from wagtail.models import Page, Site

from home.models import PortalHomePage
from sites.caching import sites_showing
from sites.routing import address, deepest_site_root, without_nested_sites

# Beside every site's home: the lists of its newest items a change shows in.
SITE_LISTINGS = ("feed/", "sitemap.xml")
# The portal also gathers the counties' and districts' news (home.feeds.CountyNewsFeed).
PORTAL_LISTINGS = ("feeds/counties/",)


def addresses_showing(page, *, url_paths=()):
    """Every address that shows `page`, in every language it has.

    That is the page itself, each page above it (its columns list it, its site's home shows its
    newest), the feeds and sitemap of each site holding it, and the portal's home and county feed.
    A site's home page and the pages in its channel menu show on every page of that site
    (sites.caching.sites_showing). `url_paths` adds places the page was until now (before a move
    or a new slug).
    """
    versions = list(Page.objects.filter(translation_key=page.translation_key).values_list("url_path", flat=True))
    urls = set()
    for url_path in {page.url_path, *versions, *url_paths}:
        urls |= _addresses_above(url_path)
        for site_id in sites_showing(url_path):
            urls |= site_addresses(site_id)
    urls |= portal_addresses()
    return urls


def portal_addresses():
    roots = set(PortalHomePage.objects.values_list("url_path", flat=True))
    urls = set()
    for srp in Site.get_site_root_paths():
        if srp.root_path in roots:
            urls.add(address(srp, srp.root_path))
            urls.update(_listings(srp, PORTAL_LISTINGS))
    return urls


def _listings(srp, tails):
    """A site's feeds and sitemap: Chinese only, at the root of its hostname."""
    if srp.language_code != settings.LANGUAGE_CODE:
        return set()
    return {f"{srp.root_url}/{tail}" for tail in tails}


def _addresses_above(url_path):
    """The page at url_path and each page above it, at its own site's address, and the
    listings of each site holding it."""
    urls = set()
    for end in (i for i, char in enumerate(url_path) if char == "/" and i > 0):
        prefix = url_path[: end + 1]
        srp = deepest_site_root(prefix)
        if srp is None:
            continue
        urls.add(address(srp, prefix))
        if prefix == srp.root_path:
            urls.update(_listings(srp, SITE_LISTINGS))
    return urls


def site_addresses(site_id):
    """Every address of a site's own live pages, in every language, and its listings."""
    urls = set()
    for srp in Site.get_site_root_paths():
        if srp.site_id != site_id:
            continue
        own = without_nested_sites(Q(url_path__startswith=srp.root_path), [srp.root_path])
        for url_path in Page.objects.live().filter(own).values_list("url_path", flat=True).iterator():
            urls.add(address(srp, url_path))
        urls.update(_listings(srp, SITE_LISTINGS))
    return urls
