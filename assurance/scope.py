"""Who oversees which units: city staff (superusers and the portal's groups) see the whole
cluster; a county's staff see their own site and the units nested in it (its townships and
departments, sites or 专属网页)."""

from django.db.models import Q

from sites.models import SiteGroup, SiteProfile


def overseen_profiles(user):
    """The SiteProfiles this user may oversee, open or closed; none for someone outside every site."""
    profiles = SiteProfile.objects.select_related("site", "root_page", "unit")
    if not user.is_active:
        return profiles.none()
    if user.is_superuser:
        return profiles
    own = SiteGroup.objects.filter(group__user=user).select_related("profile__root_page")
    paths = {link.profile.root_page.path for link in own}
    if any(link.profile.level == SiteProfile.Level.CITY for link in own):
        return profiles
    if not paths:
        return profiles.none()
    q = Q()
    for path in paths:
        q |= Q(root_page__path__startswith=path)
    return profiles.filter(q)


def oversees_cluster(user):
    """City staff: superusers and members of the portal's own groups."""
    return (
        user.is_superuser or SiteGroup.objects.filter(group__user=user, profile__level=SiteProfile.Level.CITY).exists()
    )


def can_oversee(user):
    return user.is_superuser or SiteGroup.objects.filter(group__user=user).exists()
