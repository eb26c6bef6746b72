"""Every change of a published item's dates goes into its history, whoever or whatever saves it:
the admin's publish (which saves the page rebuilt from a revision), a scheduled publish, or code."""

from django.apps import apps
from django.db.models.signals import post_save, pre_save
from wagtail.log_actions import get_active_log_context, log

from . import dates


def remember_stored_dates(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._stored_dates = None
    fields = dates.tracked_fields(sender, update_fields)
    if raw or instance.pk is None or not fields:
        return
    names = dict.fromkeys(["first_published_at", *fields])
    row = sender._base_manager.filter(pk=instance.pk).values(*names).first()
    # Before its first publication an item's dates are nobody's business but its editors'.
    if row and row["first_published_at"] is not None:
        instance._stored_dates = {name: row[name] for name in fields}


def log_date_changes(sender, instance, created=False, raw=False, **kwargs):
    stored = instance.__dict__.pop("_stored_dates", None)
    if created or raw or not stored:
        return
    found = dates.changes(sender, stored, instance)
    if found:
        user = get_active_log_context().user or publishing_user(instance)
        log(instance, dates.ACTION, user=user, data={"changes": found})


def publishing_user(instance):
    """Who saved the revision being published, for publishing without a request (scheduled)."""
    field = type(instance)._meta.get_field("live_revision")
    revision = field.get_cached_value(instance, default=None)
    return revision.user if revision else None


for model in apps.get_app_config("content").get_models():
    if issubclass(model, dates.HonestDatesMixin):
        pre_save.connect(remember_stored_dates, sender=model, dispatch_uid=f"content.dates.pre.{model.__name__}")
        post_save.connect(log_date_changes, sender=model, dispatch_uid=f"content.dates.post.{model.__name__}")
