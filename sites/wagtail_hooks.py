from django.http import HttpResponsePermanentRedirect
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import SiteProfile, Unit
from .page_viewset import SitePageViewSet


@hooks.register("before_serve_page")
def redirect_to_canonical_address(page, request, serve_args, serve_kwargs):
    """A page reached under another site's hostname answers 301 with its one public address."""
    parts = page.get_url_parts(request)
    site = Site.find_for_request(request)
    if parts is None or site is None or parts[0] == site.pk:
        return None
    url = parts[1] + parts[2]
    if request.META.get("QUERY_STRING"):
        url += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(url)


@hooks.register("register_admin_viewset")
def page_viewset():
    """Replaces Wagtail's base page viewset (registered before, at order -1)."""
    return SitePageViewSet(model=Page)


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = "单位"
    list_display = ["name", "kind", "contact_person", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_person"]


class ProvisionedOnly(ModelPermissionPolicy):
    """Profiles are opened by provision_site and closed by close_site, never added or deleted by hand."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)


register_permission_policy(SiteProfile, ProvisionedOnly(SiteProfile))


class SiteProfileViewSet(SnippetViewSet):
    model = SiteProfile

    icon = "site"
    menu_label = "站点档案"
    list_display = ["__str__", "level", "site_code", "sponsor", "status"]
    list_filter = ["level", "status"]


class ClusterViewSetGroup(SnippetViewSetGroup):
    items = (SiteProfileViewSet, UnitViewSet)
    menu_icon = "site"
    menu_label = "站群"
    menu_name = "cluster"


register_snippet(ClusterViewSetGroup)
