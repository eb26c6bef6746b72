"""Wagtail admin views replaced at their own addresses; cluster/urls.py includes these before
Wagtail's admin URLs."""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .views.site_history import SiteHistoryView

urlpatterns = decorate_urlpatterns(
    [
        path("reports/site-history/", SiteHistoryView.as_view(), name="scoped_site_history"),
        path(
            "reports/site-history/results/",
            SiteHistoryView.as_view(results_only=True),
            name="scoped_site_history_results",
        ),
    ],
    lambda view: never_cache(require_admin_access(view)),
)
