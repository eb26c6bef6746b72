from django.conf import settings
from django.utils import translation

# BCP 47 spellings for <html lang> and hreflang.
BCP47 = {"zh-hans": "zh-Hans"}


def language(request):
    code = translation.get_language()
    return {"foreign": code != settings.LANGUAGE_CODE, "html_lang": BCP47.get(code, code)}
