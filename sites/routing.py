"""One public address per page.

A township's root page lies inside its county's subtree, so Wagtail can reach a township page
under both hostnames. The page's address is always the one of its deepest site.
"""

from django.conf import settings
from django.db.models import Q
from wagtail.models import Site
from wagtail_localize.fields import SynchronizedField


def nested_site_roots(url_paths):
    """url_paths of the site roots that lie strictly inside any of these url_paths.

    Read from Wagtail's cached site root paths, so it costs no query once the cache is warm.
    """
    url_paths = set(url_paths)
    return [
        srp.root_path
        for srp in Site.get_site_root_paths()
        if srp.root_path not in url_paths and any(srp.root_path.startswith(p) for p in url_paths)
    ]


def without_nested_sites(q, url_paths):
    """`q` narrowed to pages that no site nested inside these url_paths publishes."""
    for nested in nested_site_roots(url_paths):
        q &= ~Q(url_path__startswith=nested)
    return q


def own_pages_q(site):
    """Pages a site publishes itself: its subtree without the subtrees of sites nested in it."""
    root = site.root_page
    return without_nested_sites(Q(path__startswith=root.path), [root.url_path])


class CanonicalAddressMixin:
    """Generate a page's URL on its deepest site, whatever site the request came in on.

    A translation keeps its source's slug, so every language's page has the same address under
    its language prefix.
    """

    override_translatable_fields = [SynchronizedField("slug")]

    def _get_relevant_site_root_paths(self, cache_object=None):
        return super()._get_relevant_site_root_paths(cache_object)[:1]


def deepest_site_root(url_path):
    """The SiteRootPath (site_id, root_path, root_url) of the deepest site holding this url_path.

    Read from Wagtail's cached site root paths, so URLs can be built for plain (non-specific)
    pages, and for many pages at once, without a query each.
    """
    matches = [srp for srp in Site.get_site_root_paths() if url_path.startswith(srp.root_path)]
    return max(matches, key=lambda srp: len(srp.root_path), default=None)


def address(srp, url_path):
    """The public URL of a page at url_path under the site root srp, with its language prefix."""
    prefix = "" if srp.language_code == settings.LANGUAGE_CODE else f"/{srp.language_code}"
    return srp.root_url + prefix + url_path[len(srp.root_path) - 1 :]
