from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "sites"
    verbose_name = "站群"

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from . import caching  # noqa: F401  (its receivers)
        from .permissions import site_page_permission_policy

        register_permission_policy(Page, site_page_permission_policy)
