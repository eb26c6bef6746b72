from django.conf import settings
from django.http import Http404
from django.utils import translation
from wagtail import hooks


@hooks.register("before_serve_page")
def serve_pages_under_their_own_language_only(page, request, serve_args, serve_kwargs):
    """/en/… on a subsite, or under a Chinese-only channel of the portal, is not found: Wagtail
    would otherwise fall back to the Chinese page under the foreign prefix. (Unprefixed addresses
    route inside the Chinese tree only, so they need no check and no query.)"""
    language = translation.get_language()
    if language != settings.LANGUAGE_CODE and page.locale.language_code != language:
        raise Http404
