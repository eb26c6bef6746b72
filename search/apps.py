from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "站群搜索"

    def ready(self):
        from . import answers, signals, synonyms  # noqa: F401
