"""Translators edit and publish their own language's pages only (each refusal proved)."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.factories import ArticlePageFactory


@pytest.fixture
def en_client(client, foreign_trees, translator):
    client.force_login(translator("en"))
    return client


def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _refused(response):
    return response.status_code in (302, 403) and "/edit/" not in response.get("Location", "")


def test_a_translator_edits_and_publishes_pages_of_their_own_language(en_client, foreign_trees, english):
    _home, channel = foreign_trees
    page = channel.get_translation(english)
    response = en_client.get(_edit_url(page))
    assert response.status_code == 200
    assert page.permissions_for_user(response.wsgi_request.user).can_publish()
    # No review workflow waits on translations: Wagtail's default one is off the root (review 0003).
    assert page.get_workflow() is None and Page.get_first_root_node().get_workflow() is None
    assert "提交审核" not in response.content.decode() and "Moderators" not in response.content.decode()


def test_a_translator_cannot_edit_the_chinese_source(en_client, foreign_trees):
    _home, channel = foreign_trees
    assert _refused(en_client.get(_edit_url(channel)))
    response = en_client.post(_edit_url(channel), {"title": "Changed", "slug": channel.slug, "action-publish": "1"})
    assert _refused(response)
    assert Page.objects.get(pk=channel.pk).title == "本市概况"


def test_a_translator_cannot_edit_or_publish_the_other_language(en_client, foreign_trees, russian):
    _home, channel = foreign_trees
    page = channel.get_translation(russian)
    revisions = page.revisions.count()
    assert _refused(en_client.get(_edit_url(page)))
    assert _refused(en_client.post(_edit_url(page), {"title": "Changed", "slug": page.slug, "action-publish": "1"}))
    assert page.revisions.count() == revisions


def test_a_translator_submits_into_their_own_language_only(en_client, foreign_trees, column, english, russian):
    item = ArticlePageFactory(parent=column("portal", "city-profile/history"), title="建市沿革")
    url = reverse("wagtail_localize:submit_page_translation", args=[item.pk])
    assert _refused(en_client.post(url, {"locales": [russian.pk]}))
    assert item.get_translation_or_none(russian) is None
    assert en_client.post(url, {"locales": [english.pk]}).status_code == 302
    assert item.get_translation_or_none(english) is not None


def test_pages_outside_the_translated_channels_cannot_be_submitted(en_client, sites, english):
    leadership = sites["portal"].root_page.get_children().get(slug="leadership")
    url = reverse("wagtail_localize:submit_page_translation", args=[leadership.pk])
    assert _refused(en_client.get(url))
    assert _refused(en_client.post(url, {"locales": [english.pk]}))
    assert leadership.get_translation_or_none(english) is None
