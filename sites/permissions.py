"""Each unit's groups act on their own pages only.

A page permission granted on page P reaches P's subtree except the subtrees of the units whose
root lies strictly below P (sites and 专属网页 alike, see sites.units): the portal's groups do not
act inside the counties, nor a county's inside its townships (each township has its own groups and
its own 三审三校). Seen the other way, a permission reaches page X when it is granted at or below
the root of X's own unit (the deepest unit root above X; a translation of a unit's root counts as
a root of that unit).

A county's oversight of its townships is read-only and lives elsewhere (assurance.scope, the
review sheet), not in page permissions.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.models import GroupPagePermission, Page, PagePermissionTester, PageViewRestriction
from wagtail.permission_policies.pages import PagePermissionPolicy

from .caching import any_view_restrictions
from .units import unit_root_paths

UNIT_ROOTS_CACHE = "_unit_root_paths"


def own_unit_root(path, roots):
    """The tree path of the deepest unit root at or above `path`, or "" outside every unit."""
    return next((root for root in roots if path.startswith(root)), "")


def fences_below(path, roots):
    """The outermost unit roots strictly below `path`: where a permission granted on it stops."""
    below = [root for root in roots if root != path and root.startswith(path)]
    return [root for root in below if not any(root != other and root.startswith(other) for other in below)]


class SitePagePermissionPolicy(PagePermissionPolicy):
    def unit_roots(self, user=None):
        """Cached on the user for the request, like the user's page permissions."""
        if user is None:
            return unit_root_paths()
        if not hasattr(user, UNIT_ROOTS_CACHE):
            setattr(user, UNIT_ROOTS_CACHE, unit_root_paths())
        return getattr(user, UNIT_ROOTS_CACHE)

    def get_all_permissions_for_user(self, user):
        permissions = list(super().get_all_permissions_for_user(user))
        if permissions:
            roots = self.unit_roots(user)
            for permission in permissions:
                permission.fences = fences_below(permission.page.path, roots)
        return permissions

    def permissions_reaching(self, user, page):
        """The user's GroupPagePermissions that apply to this page."""
        path = page.path or ""
        own_root = own_unit_root(path, self.unit_roots(user))
        return [
            permission
            for permission in self.get_cached_permissions_for_user(user)
            if path.startswith(permission.page.path) and permission.page.path.startswith(own_root)
        ]

    def _subtree(self, permission):
        q = Q(path__startswith=permission.page.path)
        for fence in permission.fences:
            q &= ~Q(path__startswith=fence)
        return q

    def user_has_any_permission_for_instance(self, user, actions, instance):
        base_permission = self._base_user_has_permission(user)
        if base_permission is not None:
            return base_permission
        codenames = set()
        for permission in self.permissions_reaching(user, instance):
            codenames.add(permission.permission.codename)
            if permission.permission.codename == self._get_permission_codename("add") and instance.owner_id == user.pk:
                codenames.add(self._get_permission_codename("change"))
        return bool(self._get_permission_codenames(actions) & codenames)

    def instances_user_has_any_permission_for(self, user, actions):
        base_queryset = self._base_queryset_for_user(user)
        if base_queryset is not None:
            return base_queryset
        q = Q(pk__in=[])
        for permission in self.get_cached_permissions_for_user(user):
            codename = permission.permission.codename
            if codename == self._get_permission_codename("add") and "add" not in actions and "change" in actions:
                q |= self._subtree(permission) & Q(owner=user)
            elif codename in self._get_permission_codenames(actions):
                q |= self._subtree(permission)
        return self.model._default_manager.filter(q)

    def users_with_any_permission_for_instance(self, actions, instance, include_superusers=True):
        own_root = own_unit_root(instance.path, self.unit_roots())
        ancestors = instance.get_ancestors(inclusive=True).filter(path__startswith=own_root)
        permissions = GroupPagePermission.objects.filter(page__in=ancestors)
        groups = permissions.filter(permission__codename__in=self._get_permission_codenames(actions)).values("group")
        q = Q(groups__in=groups)
        if include_superusers:
            q |= Q(is_superuser=True)
        if "change" in actions and "add" not in actions:
            adders = permissions.filter(permission__codename=self._get_permission_codename("add")).values("group")
            q |= Q(groups__in=adders) & Q(pk=instance.owner_id)
        return get_user_model()._default_manager.filter(is_active=True).filter(q).distinct()


site_page_permission_policy = SitePagePermissionPolicy(Page)


class SitePagePermissionTester(PagePermissionTester):
    """Wagtail's tester, counting only the permissions that reach this page's own unit."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.permission_policy = site_page_permission_policy
        if self.user.is_active and not self.user.is_superuser:
            self.permissions = {
                permission.permission.codename.rsplit("_", maxsplit=1)[0]
                for permission in site_page_permission_policy.permissions_reaching(user, page)
            }


class SitePermissionsMixin:
    """For every page model of the cluster: Page.permissions_for_user defers to this override."""

    def permissions_for_user(self, user):
        return SitePagePermissionTester(user, self)

    def get_view_restrictions(self):
        """Wagtail's two queries per page served, but none while no page of the cluster has a view
        restriction (sites.caching knows)."""
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
