from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page, Site

from sites.caching import site_chrome
from sites.descriptions import page_description
from sites.units import profile_of

register = template.Library()


@register.simple_tag(takes_context=True)
def current_site(context):
    """The Wagtail site of this request (cached on the request, with its profile)."""
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.simple_tag(takes_context=True)
def site_channels(context, home):
    """The home page's live children shown in menus: from the site's cache when it is the home of
    the request's site (in some language)."""
    if home is None:
        return []
    chrome = site_chrome(context.get("request"))
    if chrome is not None and home.pk in chrome.channels:
        return chrome.channels[home.pk]
    return home.get_children().live().in_menu()


@register.simple_tag
def breadcrumbs(page, home):
    """The page's ancestors from its site's home page down, for the column trail: no query for a
    page that routing reached (each page on its way knows its parent)."""
    if home is None or page is None:
        return []
    trail = []
    ancestor = page
    while ancestor.depth > home.depth and "_cached_parent_obj" in vars(ancestor):
        ancestor = ancestor._cached_parent_obj
        trail.append(ancestor)
    if trail and trail[-1].depth == home.depth:
        return trail[::-1]
    return page.get_ancestors().filter(depth__gte=home.depth)


@register.simple_tag(takes_context=True)
def keeping_unit(context, page):
    """The 专属网页 this page lies in (its profile), or None on a site's own pages."""
    if page is None or not getattr(page, "path", None):
        return None
    chrome = site_chrome(context.get("request"))
    section = chrome.section_of(page) if chrome is not None else False
    if section is False:  # not a page of the request's site
        profile = profile_of(page)
        return profile if profile and profile.is_section else None
    return section


@register.filter
def machine_datetime(value):
    """A `<time datetime>` value: local time to the second with its offset (HTML allows at most
    three digits of a second's fraction; Django's "c" prints six)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(timespec="seconds")
    return value.isoformat()


@register.simple_tag
def meta_description(page, site, home):
    """<meta name="description"> of this page (sites.descriptions)."""
    return page_description(page if isinstance(page, Page) else None, site, home, get_language())


@register.filter
def alt_beside(image, text):
    """An image's alt text where `text` is read with it (the caption in the same link or figure):
    empty when the text already says it, so a screen reader does not read it twice; its own alt
    text otherwise."""
    alt = " ".join(str(getattr(image, "default_alt_text", "") or "").split())
    return "" if alt and alt in " ".join(str(text or "").split()) else alt
