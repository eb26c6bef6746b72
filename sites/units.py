"""Which unit a page belongs to.

Every SiteProfile roots a unit's pages: a site on its own hostname or a 专属网页 inside its
parent's site. A page belongs to the deepest unit root above it; a unit's own pages are its
subtree without the subtrees of the units nested in it (a county's without its townships', whether
those are sites or 专属网页).
"""

from django.db.models import Q
from wagtail.models import Page

from .models import SiteProfile


def unit_root_paths():
    """Tree paths of every unit's root page and of its translations, deepest first (one query)."""
    roots = Page.objects.filter(
        translation_key__in=SiteProfile.objects.values("root_page__translation_key"), depth__gt=1
    ).values_list("path", flat=True)
    return sorted(roots, key=len, reverse=True)


def unit_pages_q(profile, prefix=""):
    """Pages a unit keeps itself: its subtree without the subtrees of the units nested in it."""
    root = profile.root_page.path
    return without_nested_units(Q(**{f"{prefix}path__startswith": root}), [root], prefix)


def without_nested_units(q, root_paths, prefix=""):
    """`q` narrowed to pages outside the units nested strictly inside these roots (one query)."""
    inside = Q()
    for root in root_paths:
        inside |= Q(root_page__path__startswith=root)
    nested = SiteProfile.objects.filter(inside).exclude(root_page__path__in=root_paths)
    for path in nested.values_list("root_page__path", flat=True):
        q &= ~Q(**{f"{prefix}path__startswith": path})
    return q


class UnitIndex:
    """Maps a page path to what is known of the deepest unit holding it, without a query:
    `UnitIndex.of(profiles)` gives the profile; `UnitIndex({root path: value})` any value."""

    def __init__(self, by_root):
        self.by_root = by_root
        self.lengths = sorted({len(path) for path in self.by_root}, reverse=True)

    def __call__(self, path):
        for length in self.lengths:
            if len(path) >= length and (profile := self.by_root.get(path[:length])):
                return profile
        return None

    @classmethod
    def of(cls, profiles):
        return cls({p.root_page.path: p for p in profiles})


def profile_of(page):
    """The SiteProfile (with its site, unit and parent) of the deepest unit holding this page or
    its source (a translation's unit is its source's), or None."""
    paths = [page.path[:length] for length in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    ancestors = Page.objects.filter(path__in=paths).values("translation_key")
    return (
        SiteProfile.objects.select_related("site", "unit", "root_page", "parent__site")
        .filter(root_page__translation_key__in=ancestors)
        .order_by("-root_page__depth")
        .first()
    )


def link_parents(profiles):
    """Point each profile's parent at its loaded instance, so that `host_site`, `web_address` and
    `url` of a 专属网页 cost no query (`profiles` should hold every ancestor, with site and root_page)."""
    profiles = list(profiles)
    by_pk = {p.pk: p for p in profiles}
    for profile in profiles:
        if profile.parent_id in by_pk:
            profile.parent = by_pk[profile.parent_id]
    return profiles
