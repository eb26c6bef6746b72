"""Residents' addresses that belong to a site rather than to one mailbox column."""

from django.urls import path

from . import views_public
from .views.statistics import letter_statistics_page

app_name = "interaction"
urlpatterns = [
    path("lookup/", views_public.lookup, name="lookup"),
    path("report-error/", views_public.report_error, name="report_error"),
    path("statistics/", letter_statistics_page, name="statistics"),
]
