from django import template
from django.conf import settings

from sites.caching import site_chrome
from translations.languages import BCP47, foreign_language

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)
LANGUAGE_ORDER = {code: i for i, (code, _name) in enumerate(settings.LANGUAGES)}


@register.simple_tag(takes_context=True)
def language_versions(context, page):
    """The page's live versions in every language, in the order of LANGUAGES: [] when it has none
    but itself, so Chinese-only pages show no switcher."""
    if page is None or not getattr(page, "pk", None):
        return []
    request = context.get("request")
    chrome = site_chrome(request)
    if chrome is not None and not chrome.translated and chrome.section_of(page) is not False:
        return []  # the site's home has no translation, so none of its pages has one
    pages = page.get_translations(inclusive=True).live().select_related("locale")
    versions = [
        {
            "code": other.locale.language_code,
            "hreflang": BCP47.get(other.locale.language_code, other.locale.language_code),
            "name": LANGUAGE_NAMES.get(other.locale.language_code, other.locale.language_code),
            "url": other.get_url(request),
            "full_url": other.get_full_url(request),
            "current": other.pk == page.pk,
            "source": other.locale.language_code == settings.LANGUAGE_CODE,
        }
        for other in pages
    ]
    return sorted(versions, key=lambda v: LANGUAGE_ORDER.get(v["code"], 99)) if len(versions) > 1 else []


@register.simple_tag(takes_context=True)
def language_home(context, site):
    """The site's home page in the active language (its Chinese home if it has none)."""
    if site is None:
        return None
    chrome = site_chrome(context.get("request"))
    if chrome is not None and chrome.site.pk == site.pk:
        return chrome.home()
    home = site.root_page
    language = foreign_language()
    if language is None:
        return home
    return home.get_translations().filter(locale__language_code=language).first() or home
