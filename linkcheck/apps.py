from django.apps import AppConfig


class LinkcheckConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "linkcheck"
    verbose_name = "链接检查"
