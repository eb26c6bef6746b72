"""One public address per page.

A township's root page lies inside its county's subtree, so Wagtail can reach a township page
under both hostnames. The page's address is always the one of its deepest site.
"""

from django.db.models import Q
from wagtail.models import Page, Site


def own_pages_q(site):
    """Pages a site publishes itself: its subtree without the subtrees of sites nested in it."""
    root = site.root_page
    nested_paths = Site.objects.filter(
        root_page__path__startswith=root.path, root_page__depth__gt=root.depth
    ).values_list("root_page__path", flat=True)
    q = Q(path__startswith=root.path)
    for path in nested_paths:
        q &= ~Q(path__startswith=path)
    return q


def own_pages(site):
    return Page.objects.filter(own_pages_q(site))


class CanonicalAddressMixin:
    """Generate a page's URL on its deepest site, whatever site the request came in on."""

    def _get_relevant_site_root_paths(self, cache_object=None):
        return super()._get_relevant_site_root_paths(cache_object)[:1]
