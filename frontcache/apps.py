from django.apps import AppConfig


class FrontCacheConfig(AppConfig):
    name = "frontcache"
    verbose_name = "前端缓存"

    def ready(self):
        from . import signals  # noqa: F401
