"""Where every translatable page stands in every foreign language.

A translation is out of date from the first source change its translators have not yet both
synced (wagtail-localize's TranslationSource.last_updated_at) and published, or, with no such
change, from the last sync while any of its segments is still untranslated (a page synced and
published at once shows the Chinese text until it is translated). It is missing when no live
page exists in that language.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from .groups import LANGUAGE_NAMES
from .models import SourceChange
from .policy import translatable_q

UP_TO_DATE, OUT_OF_DATE, MISSING = "up_to_date", "out_of_date", "missing"
STATE_LABELS = {UP_TO_DATE: "已同步", OUT_OF_DATE: "待更新", MISSING: "未翻译"}


@dataclass
class TranslationState:
    source: Page
    locale: Locale
    translation: Page | None
    state: str
    since: datetime | None = None
    pending: int = 0  # source changes not yet taken in
    untranslated: int = 0  # segments of the synced source with no translation

    @property
    def label(self):
        return STATE_LABELS[self.state]

    @property
    def translation_title(self):
        return self.translation.title if self.translation else ""

    @property
    def language(self):
        return LANGUAGE_NAMES.get(self.locale.language_code) or self.locale.get_display_name()


def foreign_locales():
    return Locale.objects.exclude(pk=Locale.get_default().pk).order_by("language_code")


def translation_states(locales=None):
    """A TranslationState for every translatable source page × foreign locale, in tree order."""
    locales = list(locales if locales is not None else foreign_locales())
    fields = ("title", "url_path", "path", "translation_key", "content_type")
    sources = list(Page.objects.filter(translatable_q()).order_by("path").only(*fields))
    keys = [page.translation_key for page in sources]
    translations = {
        (page.translation_key, page.locale_id): page
        for page in Page.objects.filter(translation_key__in=keys, locale__in=locales, live=True).only(
            "title", "url_path", "translation_key", "locale_id", "last_published_at"
        )
    }
    synced_at = dict(TranslationSource.objects.filter(object_id__in=keys).values_list("object_id", "last_updated_at"))
    changes = {}
    for page_id, changed_at in (
        SourceChange.objects.filter(page__in=sources).order_by("changed_at").values_list("page_id", "changed_at")
    ):
        changes.setdefault(page_id, []).append(changed_at)

    states = []
    for locale in locales:
        untranslated = _untranslated(keys, locale)
        for source in sources:
            translation = translations.get((source.translation_key, locale.pk))
            if translation is None:
                states.append(TranslationState(source, locale, None, MISSING))
                continue
            synced = synced_at.get(source.translation_key, translation.last_published_at)
            pending = [at for at in changes.get(source.pk, []) if at > min(translation.last_published_at, synced)]
            missing_segments = untranslated.get(source.translation_key, 0)
            state = TranslationState(source, locale, translation, UP_TO_DATE, untranslated=missing_segments)
            if pending:
                state.state, state.since, state.pending = OUT_OF_DATE, pending[0], len(pending)
            elif missing_segments:
                state.state, state.since = OUT_OF_DATE, synced
            states.append(state)
    states.sort(key=lambda state: state.source.path)
    return states


def _untranslated(keys, locale):
    """{translation key: number of segments of its synced source not translated into locale}."""
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"), context_id=OuterRef("context_id"), locale=locale, has_error=False
    )
    return dict(
        StringSegment.objects.filter(source__object_id__in=keys)
        .exclude(Exists(translated))
        .values("source__object_id")
        .annotate(n=Count("pk"))
        .values_list("source__object_id", "n")
    )


def counts(states):
    """{locale: {state label: n}} for the dashboard."""
    result = {}
    for state in states:
        result.setdefault(state.locale, dict.fromkeys(STATE_LABELS.values(), 0))[state.label] += 1
    return result
