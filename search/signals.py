"""Every change residents could see in search queues the pages it touches."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from sites.models import SiteProfile

from .entries import SEARCHABLE_MODELS
from .indexing import queue, queue_subtree


@receiver(page_published)
def _published(sender, instance, **kwargs):
    if isinstance(instance, SEARCHABLE_MODELS):
        queue([instance.pk])
    else:
        # A renamed column or channel changes the breadcrumbs of everything below it.
        queue_subtree(instance)


@receiver(page_unpublished)
@receiver(post_page_move)
def _unpublished_or_moved(sender, instance, **kwargs):
    queue_subtree(instance)


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        queue([instance.pk])


@receiver(post_save, sender=Site)
@receiver(post_save, sender=SiteProfile)
def _site_changed(sender, instance, created, **kwargs):
    if not created and instance.root_page_id:
        queue_subtree(instance.root_page)
