"""The 公开机关 a site takes applications for: its own unit and the units whose 专属网页 lie within
it (a county's townships and departments without sites of their own), never a unit of another
site (a township on its own hostname takes its own)."""

from django.db.models import Q

from sites.models import SiteProfile


def offices_of(site):
    """The open SiteProfiles an applicant on `site` may apply to, the site's own first."""
    profile = getattr(site, "profile", None) if site else None
    if profile is None:
        return SiteProfile.objects.none()
    root = profile.root_page.path
    q = Q(site__isnull=True, root_page__path__startswith=root)
    nested_sites = SiteProfile.objects.filter(root_page__path__startswith=root, site__isnull=False).exclude(
        pk=profile.pk
    )
    for path in nested_sites.values_list("root_page__path", flat=True):
        q &= ~Q(root_page__path__startswith=path)
    return (
        SiteProfile.objects.filter(Q(pk=profile.pk) | q, status=SiteProfile.Status.OPEN)
        .select_related("site", "root_page", "parent")
        .order_by("root_page__path")
    )
