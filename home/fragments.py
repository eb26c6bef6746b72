"""The portal home's body, kept in the cache until any page, profile or unit changes.

Gathering the portal's newest items, every county's and district's news and the units below it
costs most of the home's render, and a change anywhere in the cluster may show in it. So one
generation for all content (``zhanqun:content:gen``) is replaced by every save, move or deletion
of a page, profile or unit, at once and again when the transaction commits (sites.caching).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.signals import post_page_move

from sites.caching import PREFIX, fresh, invalidate
from sites.models import SiteProfile, Unit

CONTENT_GEN_KEY = f"{PREFIX}:content:gen"


def portal_body(page, request, context):
    """The body's HTML: from the cache, or rendered from context() and kept."""
    html = fresh(
        f"{PREFIX}:portal-body:{page.pk}",
        CONTENT_GEN_KEY,
        lambda: render_to_string("home/portal_home_body.html", context(), request),
    )
    return mark_safe(html)  # noqa: S308 - our own template's output


def new_content_generation():
    invalidate([CONTENT_GEN_KEY])


@receiver(post_save)
@receiver(post_delete)
def content_changed(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, (Page, SiteProfile, Unit)):
        new_content_generation()


@receiver(post_page_move)
def page_moved(**kwargs):
    new_content_generation()
