"""/website-report/ on every hostname: the site's latest published report (the footer's link)."""

from django.urls import path

from . import views_public

app_name = "websitereports"
urlpatterns = [path("", views_public.latest, name="latest")]
