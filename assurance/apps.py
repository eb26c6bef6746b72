from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "assurance"
    verbose_name = "内容保障"

    def ready(self):
        from . import signals  # noqa: F401
