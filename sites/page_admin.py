"""Wagtail's page admin, confined to the user's reach.

Wagtail's explorer and per-type page listing offer every site, every page owner and every editor
of the cluster as filter choices, and the privacy dialog every group, which names other sites and
their staff to a county's editor. Here the listings offer the sites, owners and editors of the
subtrees the user holds a permission on, and the privacy dialog the groups that work on the page.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Q
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.views.page_privacy import SetPrivacyView
from wagtail.admin.views.pages.listing import EditedByFilter, GenericPageFilterSet, PageFilterSet, SiteFilter
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageLogEntry, Site
from wagtail.permissions import policy_registry


def pages_within_reach(user):
    if user.is_superuser:
        return Page.objects.all()
    roots = policy_registry.get_by_type(Page).instances_with_direct_explore_permission(user)
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


class ConfinedSetPrivacyView(SetPrivacyView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        page = self.page
        working_on_page = Q(page_permissions__page__in=page.get_ancestors(inclusive=True))
        current = Q(pk__in=self.restriction.groups.values("pk")) if self.restriction else Q(pk__in=[])
        mine = Q(pk__in=self.request.user.groups.values("pk"))
        form.fields["groups"].queryset = Group.objects.filter(working_on_page | current | mine).distinct()
        return form


class ConfinedPageViewSet(PageViewSet):
    filterset_class = ConfinedGenericPageFilterSet
    set_privacy_view_class = ConfinedSetPrivacyView
