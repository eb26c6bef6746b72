"""Applicants' addresses on every site's hostname: apply (申请), look up (查询), and the released
files of an application looked up in this session."""

from django.urls import path

from . import views_public

app_name = "disclosure"
urlpatterns = [
    path("apply/", views_public.apply, name="apply"),
    path("lookup/", views_public.lookup, name="lookup"),
    path("lookup/files/<int:file_id>/", views_public.download, name="file"),
]
