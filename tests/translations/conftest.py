import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, TranslationSource
from wagtail_localize.operations import translate_object
from wagtail_localize.strings import StringValue

from translations.jobs import translate_subtree


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


@pytest.fixture
def russian():
    return Locale.objects.get(language_code="ru")


@pytest.fixture
def foreign_trees(sites, english, russian):
    """The portal home page and its 本市概况 channel translated into English and Russian."""
    home = sites["portal"].root_page
    channel = home.get_children().get(slug="city-profile")
    # One commit per step, as one request per submission would have.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(home.specific, [english, russian])
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(channel.specific, [english, russian])
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_subtree(channel.pk, [english.pk, russian.pk])
    return home, channel


@pytest.fixture
def translator(django_user_model):
    """translator("en") -> a user in that language's translators' group."""

    def make(code):
        name = {"en": "英文翻译", "ru": "俄文翻译"}[code]
        user = django_user_model.objects.create_user(f"{code}-translator", password="x")
        user.groups.add(Group.objects.get(name=name))
        return user

    return make


def translate_segments(page, locale, render=lambda text, code: f"[{code}] {text}"):
    """Give every segment of the page's synced source a translation into locale, and publish it,
    as a translator finishing the page would."""
    source = TranslationSource.objects.get_for_instance(page)
    for segment in source.stringsegment_set.select_related("string", "context"):
        text = segment.string.as_value().render_text()
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": StringValue.from_plaintext(render(text, locale.language_code)).data},
        )
    with TestCase.captureOnCommitCallbacks(execute=True):  # wagtail-localize publishes on commit
        return source.create_or_update_translation(locale, publish=True)


@pytest.fixture
def translated_profile(foreign_trees, english, russian):
    """foreign_trees with every page of the 本市概况 channel fully translated and published."""
    home, channel = foreign_trees
    for page in [home, *channel.get_descendants(inclusive=True).specific()]:
        for locale in (english, russian):
            translate_segments(page, locale)
    return home, channel
