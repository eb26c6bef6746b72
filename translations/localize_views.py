"""wagtail-localize's views where it checks only `submit_translation`, which every translator holds:
each translator syncs and publishes their own language only, and its report is for those who see
ours. Registered before wagtail-localize's own URLs (wagtail_hooks), at the same addresses."""

import contextlib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.views.edit_translation import apply_machine_translation
from wagtail_localize.views.report import TranslationsReportView
from wagtail_localize.views.update_translations import UpdateTranslationsView

from assurance.scope import oversees_cluster

from .groups import locales_for
from .views import can_see_report

NOT_YOUR_LANGUAGE = "您只能同步和发布您负责的语种的译文。"


def refuse(request, message):
    """The admin's refusal (tests/admin.py): a script gets 403, a browser the dashboard and why."""
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        raise PermissionDenied(message)
    messages.error(request, message)
    return redirect("wagtailadmin_home")


class UpdateOwnTranslationsView(UpdateTranslationsView):
    """Syncs the source and updates (or publishes) the translations into the user's languages only;
    wagtail-localize would publish every language, the untranslated text falling back to Chinese."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtail_localize.submit_translation"):
            return refuse(request, NOT_YOUR_LANGUAGE)
        self.object = self.get_object()
        if not self.own_translations().exists():
            return refuse(request, NOT_YOUR_LANGUAGE)
        return super().dispatch(request, *args, **kwargs)

    def own_translations(self):
        translations = self.object.translations.filter(enabled=True).select_related("source", "target_locale")
        if self.request.user.is_superuser:
            return translations
        return translations.filter(target_locale__in=locales_for(self.request.user)).order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        own = {translation.target_locale_id for translation in self.own_translations()}
        context["translations"] = [row for row in context["translations"] if row["locale"].pk in own]
        return context

    @transaction.atomic
    def form_valid(self, form):
        self.object.update_from_db()
        translations = list(self.own_translations())
        if form.cleaned_data.get("use_machine_translation"):
            machine_translator = get_machine_translator()
            for translation in translations:
                apply_machine_translation(translation.id, self.request.user, machine_translator)
        for translation in translations:
            with contextlib.suppress(ValidationError):
                if form.cleaned_data["publish_translations"]:
                    translation.save_target(user=self.request.user, publish=True)
                else:
                    translation.source.update_target_view_restrictions(translation.target_locale)
        self.components.save(self.object, sources_and_translations={self.object: translations})
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url() or self.get_default_success_url())


class LocalizeReportView(TranslationsReportView):
    """wagtail-localize's list of every translation, naming each translated page by its draft
    title: for the city's staff, and for a translator the translations into their own languages."""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        translations = super().get_queryset()
        if oversees_cluster(self.request.user):
            return translations
        return translations.filter(target_locale__in=locales_for(self.request.user)).order_by("-created_at", "-pk")
