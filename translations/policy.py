"""Which pages have English and Russian versions: the portal's home page (the 外文版 landing page)
and the subtrees of its TRANSLATED_CHANNELS. Everything else stays Chinese only."""

from django.conf import settings
from django.db.models import Q
from wagtail.models import Locale, Page

from sites.models import SiteProfile


def portal_home():
    """The portal's home page in the source language, or None before the portal is provisioned."""
    profile = SiteProfile.objects.filter(level=SiteProfile.Level.CITY).select_related("root_page").first()
    return profile.root_page if profile else None


def translated_channels(home=None):
    home = home or portal_home()
    if home is None:
        return Page.objects.none()
    return home.get_children().filter(slug__in=settings.TRANSLATED_CHANNELS)


def translatable_q(home=None):
    """Source pages that may be translated, as a filter on Page."""
    home = home or portal_home()
    if home is None:
        return Q(pk__in=[])
    q = Q(pk=home.pk)
    for path in translated_channels(home).values_list("path", flat=True):
        q |= Q(path__startswith=path)
    return q & Q(locale=Locale.get_default())


def is_translatable(page):
    source = page if page.locale_id == Locale.get_default().pk else page.get_translation_or_none(Locale.get_default())
    return source is not None and Page.objects.filter(translatable_q(), pk=source.pk).exists()
