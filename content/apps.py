from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "信息"

    def ready(self):
        from . import signals  # noqa: F401
