from django.apps import AppConfig


class KeepingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keeping"
    verbose_name = "栏目保障单位"

    def ready(self):
        from . import receivers  # noqa: F401
