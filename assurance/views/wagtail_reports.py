"""Wagtail's locked-pages report with a filter that offers only the people who locked the user's
own sites' pages: Wagtail lists everyone who ever locked a page. (The workflow reports are confined
in sites.admin_reports.)"""

import django_filters
from django.contrib.auth import get_user_model
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet, LockedPagesView
from wagtail.models import Page
from wagtail.permissions import policy_registry

PAGE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


def own_pages(user):
    return policy_registry.get_by_type(Page).instances_user_has_any_permission_for(user, PAGE_ACTIONS)


def users(pks):
    User = get_user_model()
    return User.objects.filter(pk__in=pks).order_by(User.USERNAME_FIELD)


def own_lockers(request):
    return users(own_pages(request.user).filter(locked=True).values("locked_by"))


class OwnLockedPagesFilterSet(LockedPagesReportFilterSet):
    locked_by = django_filters.ModelChoiceFilter(
        label=LockedPagesReportFilterSet.base_filters["locked_by"].label,
        empty_label=LockedPagesReportFilterSet.base_filters["locked_by"].extra["empty_label"],
        field_name="locked_by",
        queryset=own_lockers,
    )


class OwnLockedPagesView(LockedPagesView):
    filterset_class = OwnLockedPagesFilterSet
