"""A published change to the Chinese source puts its translations out of date, until each
language's translators sync, translate and publish."""

import pytest
from django.test import TestCase
from wagtail_localize.models import TranslationSource

from tests.factories import ArticlePageFactory
from translations.models import SourceChange
from translations.status import MISSING, OUT_OF_DATE, UP_TO_DATE, translation_states

from .conftest import translate_segments

NEW_TEXT = "双鸭山市位于黑龙江省东北部，东隔乌苏里江与俄罗斯相望。"


def _states():
    return {(s.source.pk, s.locale.language_code): s for s in translation_states()}


def _publish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


@pytest.fixture
def geography(translated_profile, column):
    return column("portal", "city-profile/geography")


def test_every_translatable_page_is_listed_in_each_language_and_chinese_only_channels_are_not(
    translated_profile, sites
):
    home, channel = translated_profile
    investment = home.get_children().get(slug="investment")
    profile_pages = {home.pk, *channel.get_descendants(inclusive=True).values_list("pk", flat=True)}
    investment_pages = set(investment.get_descendants(inclusive=True).values_list("pk", flat=True))
    states = translation_states()
    assert len(states) == 2 * (len(profile_pages) + len(investment_pages))
    assert {s.state for s in states if s.source.pk in profile_pages} == {UP_TO_DATE}
    assert {s.state for s in states if s.source.pk in investment_pages} == {MISSING}


def test_publishing_changed_text_puts_every_language_out_of_date_and_says_what_changed(geography, english):
    _publish(geography, intro=f"<p>{NEW_TEXT}</p>")

    change = SourceChange.objects.get(page=geography)
    assert change.changes == [{"field": "intro", "removed": [], "added": [NEW_TEXT]}]
    states = _states()
    for code in ("en", "ru"):
        assert states[geography.pk, code].state == OUT_OF_DATE
        assert states[geography.pk, code].since == change.changed_at
        assert states[geography.pk, code].pending == 1
    climate = geography.get_parent().get_children().get(slug="climate")
    assert states[climate.pk, "en"].state == UP_TO_DATE


def test_publishing_without_a_change_to_translatable_text_records_nothing(geography):
    _publish(geography)
    _publish(geography, duty_note="市自然资源局")  # the duties are synchronised, not translated
    assert not SourceChange.objects.exists()
    assert _states()[geography.pk, "en"].state == UP_TO_DATE


def test_a_language_is_up_to_date_again_once_synced_translated_and_published(geography, english):
    _publish(geography, intro=f"<p>{NEW_TEXT}</p>")
    TranslationSource.objects.get_for_instance(geography).update_from_db()
    translate_segments(geography, english)  # English only

    states = _states()
    assert states[geography.pk, "en"].state == UP_TO_DATE
    assert states[geography.pk, "ru"].state == OUT_OF_DATE  # synced, not yet translated or published
    assert states[geography.pk, "ru"].untranslated == 1


def test_a_sync_published_before_translating_stays_out_of_date(geography, russian):
    _publish(geography, intro=f"<p>{NEW_TEXT}</p>")
    source = TranslationSource.objects.get_for_instance(geography)
    source.update_from_db()
    with TestCase.captureOnCommitCallbacks(execute=True):  # "publish immediately"
        source.create_or_update_translation(russian, publish=True, fallback=True)
    state = _states()[geography.pk, "ru"]
    assert state.state == OUT_OF_DATE
    assert state.untranslated == 1


def test_a_page_never_translated_is_missing(translated_profile, column):
    item = ArticlePageFactory(parent=column("portal", "city-profile/history"), title="建市沿革")
    assert _states()[item.pk, "ru"].state == MISSING


def test_the_states_of_every_page_cost_the_same_few_queries(translated_profile, column, django_assert_num_queries):
    ArticlePageFactory(parent=column("portal", "city-profile/history"), title="建市沿革")
    with django_assert_num_queries(11):  # whatever the number of pages and changes
        translation_states()
