"""Who handles a solicitation's comments: the staff of the unit owning the page (the members of
its SiteGroups) and superusers. Nobody else sees a comment, not even a parent unit's staff."""

from django.db.models import Q

from sites.models import SiteGroup, SiteProfile
from sites.units import profile_of, unit_pages_q

from .models import SolicitationPage


def may_handle(user, page):
    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    profile = profile_of(page)
    return profile is not None and SiteGroup.objects.filter(profile=profile, group__user=user).exists()


def handled_solicitations(user):
    """The SolicitationPages this user handles."""
    pages = SolicitationPage.objects.all()
    if not (user.is_active and user.is_authenticated):
        return pages.none()
    if user.is_superuser:
        return pages
    profiles = SiteProfile.objects.filter(groups__group__user=user).select_related("root_page").distinct()
    q = Q(pk__in=[])
    for profile in profiles:
        q |= unit_pages_q(profile)
    return pages.filter(q)


def handles_any(user):
    return user.is_active and (user.is_superuser or SiteGroup.objects.filter(group__user=user).exists())
