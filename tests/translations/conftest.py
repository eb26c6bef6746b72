import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

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
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(home.specific, [english, russian])
        translate_object(channel.specific, [english, russian])
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
