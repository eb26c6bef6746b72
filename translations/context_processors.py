from django.utils import translation

from .languages import BCP47, foreign_language


def language(request):
    code = translation.get_language()
    return {"foreign": foreign_language() is not None, "html_lang": BCP47.get(code, code)}
