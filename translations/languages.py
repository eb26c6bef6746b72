from django.conf import settings
from django.utils import translation

# BCP 47 spellings for <html lang> and hreflang.
BCP47 = {"zh-hans": "zh-Hans"}


def foreign_language():
    """The active language's code when it is not the source language (the request is under /en/ or
    /ru/), else None."""
    code = translation.get_language()
    return code if code != settings.LANGUAGE_CODE else None
