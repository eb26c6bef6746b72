from django.dispatch import receiver
from wagtail.signals import page_published

from content.models import ItemPage

from .tamper import queue_check


@receiver(page_published)
def check_after_publishing(sender, instance, **kwargs):
    """A published item is checked for tampering once the front cache has let its old copy go."""
    if isinstance(instance, ItemPage):
        queue_check(instance)
