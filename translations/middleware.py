from django.contrib import messages
from django.shortcuts import redirect
from wagtail.models import Locale, Page

from .groups import locales_for
from .policy import is_translatable

SUBMIT_VIEW = "wagtail_localize:submit_page_translation"


class TranslationScopeMiddleware:
    """Refuse wagtail-localize's page submission for a page without foreign versions, of a
    translation rather than the Chinese source, or into a language the user does not translate;
    wagtail-localize itself offers every page and locale."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name != SUBMIT_VIEW:
            return None
        page = Page.objects.filter(pk=view_kwargs.get("page_id")).first()
        if page is None:
            return None
        if not is_translatable(page):
            messages.error(request, f"“{page.title}”不在外文版范围内，不能提交翻译。")
            return redirect("wagtailadmin_explore", page.get_parent().pk)
        if page.locale_id != Locale.get_default().pk:
            # wagtail-localize would make this translation the source of the new one.
            messages.error(request, "只能从中文原文提交翻译。")
            return redirect("wagtailadmin_home")
        if request.method == "POST":
            allowed = {str(pk) for pk in locales_for(request.user).values_list("pk", flat=True)}
            refused = set(request.POST.getlist("locales")) - allowed
            if refused:
                messages.error(request, "只能提交翻译为您负责的语种。")
                return redirect("wagtailadmin_explore", page.get_parent().pk)
        return None
