from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.utils.text import capfirst
from wagtail import hooks
from wagtail.models import Page, Site
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.sites.views import IndexView as SitesIndexView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin_choosers import PagesAPIViewSet
from .models import SiteProfile, Unit
from .page_admin import ConfinedPageViewSet
from .snippets import ScopedSnippetViewSet
from .visibility import readable_q, visible_q

# Wagtail's sites listing labels these columns with the field names, in English: the fields'
# (translated) verbose names instead.
for _column in SitesIndexView.columns:
    if _column.name in ("port", "site_name", "root_page"):
        _column.label = capfirst(Site._meta.get_field(_column.name).verbose_name)


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


def profiles_seen_by(user):
    """The site profiles of the sites whose pages the user reads: a county its own and its
    townships', the city's staff every site's (sites.visibility)."""
    return SiteProfile.objects.filter(readable_q(user, prefix="root_page__"))


class UnitViewSet(ScopedSnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = "单位"
    list_display = ["name", "kind", "contact_person", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_person"]

    def get_queryset(self, request):
        """Every unit for the city's staff; the units of the sites a county reads (it chooses its
        own unit for a column)."""
        profiles = profiles_seen_by(request.user)
        if profiles.filter(level=SiteProfile.Level.CITY).exists():
            return Unit.objects.all()
        return Unit.objects.filter(pk__in=profiles.values("unit"))


class ProvisionedOnly(ModelPermissionPolicy):
    """Profiles are opened by provision_site and closed by close_site, never added or deleted by hand."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)


register_permission_policy(SiteProfile, ProvisionedOnly(SiteProfile))


class SiteProfileViewSet(ScopedSnippetViewSet):
    model = SiteProfile

    icon = "site"
    menu_label = "站点档案"
    list_display = ["__str__", "level", "site_code", "sponsor", "status"]
    list_filter = ["level", "status"]

    def get_queryset(self, request):
        return profiles_seen_by(request.user)


class ClusterViewSetGroup(SnippetViewSetGroup):
    items = (SiteProfileViewSet, UnitViewSet)
    menu_icon = "site"
    menu_label = "站群"
    menu_name = "cluster"


register_snippet(ClusterViewSetGroup)


@hooks.register("construct_page_chooser_queryset")
def only_visible_pages(pages, request):
    """The page chooser offers a user's own sites' pages and other sites' public pages."""
    return pages.filter(visible_q(request.user))


@hooks.register("construct_admin_api")
def scoped_pages_endpoint(router):
    router.register_endpoint("pages", PagesAPIViewSet)


@hooks.register("register_admin_viewset")
def register_confined_page_listings():
    """Replaces Wagtail's default page viewset (registered before, at order -1)."""
    return ConfinedPageViewSet()


@hooks.register("before_copy_page")
def ask_for_the_copys_parent(request, page):
    """Wagtail's copy view reads the new parent straight from the request and fails (500) when it
    is missing or names no page; the editor is asked to choose one."""
    if request.method != "POST":
        return None
    parent = request.POST.get("new_parent_page", "")
    if parent.isdigit() and Page.objects.filter(pk=parent).exists():
        return None
    messages.error(request, "请选择复制到的上级页面。")
    return redirect("wagtailadmin_pages:copy", page.pk)


@hooks.register("before_move_page")
def refuse_moves_out_of_reach(request, page, destination):
    """Wagtail's move confirmation shows both pages' draft titles before it checks anything (only
    the move itself, on POST, is checked)."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
