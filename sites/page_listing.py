"""The page listings' filters offer only what is within the user's reach.

Wagtail's explorer and per-type page listing offer every site, every page owner and every editor
of the cluster as filter choices, which names other sites and their staff to a county's editor.
Here the choices are the sites, owners and editors of the subtrees the user holds a permission on.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.views.pages.listing import EditedByFilter, GenericPageFilterSet, PageFilterSet, SiteFilter
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageLogEntry, Site
from wagtail.permission_policies.pages import PagePermissionPolicy


def pages_within_reach(user):
    if user.is_superuser:
        return Page.objects.all()
    roots = PagePermissionPolicy().instances_with_direct_explore_permission(user)
    reach = Q(pk__in=[])
    for root in roots:
        reach |= Q(path__startswith=root.path)
    return Page.objects.filter(reach)


def _sites(request):
    return Site.objects.filter(root_page__in=pages_within_reach(request.user))


def _owners(request):
    return get_user_model().objects.filter(pk__in=pages_within_reach(request.user).values("owner_id"))


def _editors(request):
    pages = pages_within_reach(request.user).values("pk")
    edits = PageLogEntry.objects.filter(action="wagtail.edit", page_id__in=pages)
    return get_user_model().objects.filter(pk__in=edits.values("user_id"))


class ConfinedPageFilterSet(PageFilterSet):
    owner = MultipleUserFilter(label=_("Owner"), queryset=_owners, widget=CheckboxSelectMultiple)
    edited_by = EditedByFilter(label="修改人", queryset=_editors, widget=CheckboxSelectMultiple)
    site = SiteFilter(label=_("Site"), queryset=_sites, widget=CheckboxSelectMultiple)


class ConfinedGenericPageFilterSet(ConfinedPageFilterSet, GenericPageFilterSet):
    pass


class ConfinedPageViewSet(PageViewSet):
    filterset_class = ConfinedGenericPageFilterSet
