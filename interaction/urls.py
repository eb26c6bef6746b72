"""Residents' addresses that belong to a site rather than to one mailbox column."""

from django.urls import path

from .views.statistics import letter_statistics_page

app_name = "interaction"
urlpatterns = [
    path("statistics/", letter_statistics_page, name="statistics"),
]
