from django.apps import AppConfig


class ProofreadingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proofreading"
    verbose_name = "智能校对"
