from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "files"
    verbose_name = "图片与文档"

    def ready(self):
        from . import forms, signals

        forms.check_media_on_every_page_form()
        signals.connect()
