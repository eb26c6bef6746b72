from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from sites.models import SiteProfile

from .purge import purge_page, purge_site


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    purge_page(instance)


@receiver(page_slug_changed)
def page_renamed(sender, instance, instance_before, **kwargs):
    purge_page(instance, url_paths=[instance_before.url_path])


@receiver(post_page_move)
def page_moved(sender, instance, url_path_before, **kwargs):
    purge_page(instance, url_paths=[url_path_before])


@receiver(pre_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        purge_page(instance)


@receiver(post_save, sender=Site)
@receiver(post_save, sender=SiteProfile)
def site_changed(sender, instance, **kwargs):
    """A site's name, footer or navigation shows on every page of it."""
    site_id = instance.pk if isinstance(instance, Site) else instance.site_id
    if site_id is not None:
        purge_site(site_id)
