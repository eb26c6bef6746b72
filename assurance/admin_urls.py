"""Wagtail's reports replaced at their own addresses, confined to the user's own sites;
cluster/urls.py includes these before Wagtail's admin URLs."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .views.site_history import SiteHistoryView
from .views.wagtail_reports import OwnLockedPagesView

urlpatterns = decorate_urlpatterns(
    [
        path("reports/site-history/", SiteHistoryView.as_view(), name="scoped_site_history"),
        path(
            "reports/site-history/results/",
            SiteHistoryView.as_view(results_only=True),
            name="scoped_site_history_results",
        ),
        path("reports/locked/", OwnLockedPagesView.as_view(), name="own_locked_pages"),
        path("reports/locked/results/", OwnLockedPagesView.as_view(results_only=True), name="own_locked_pages_results"),
    ],
    lambda view: never_cache(require_admin_access(view)),
)
