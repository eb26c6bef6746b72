from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Locale
from wagtail.signals import page_published

from home.models import PortalHomePage

from .changes import record_change
from .groups import ensure_translator_groups


@receiver(post_save, sender=PortalHomePage)
def confine_translators_to_the_new_tree(sender, instance, created, **kwargs):
    """The portal home page's first translation into a language roots that language's tree."""
    if created and instance.alias_of_id is None and instance.locale_id != Locale.get_default().pk:
        ensure_translator_groups()


@receiver(page_published)
def note_source_change(sender, instance, revision, **kwargs):
    record_change(instance, user=revision.user if revision else None)
