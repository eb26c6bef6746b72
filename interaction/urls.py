"""Residents' addresses that belong to a site rather than to one mailbox column."""

from django.urls import path

from . import views_public

app_name = "interaction"
urlpatterns = [
    path("lookup/", views_public.lookup, name="lookup"),
    path("report-error/", views_public.report_error, name="report_error"),
]
