"""Translating a subtree through wagtail-localize's admin view leaves a tree that works."""

from io import StringIO
from urllib.parse import urlsplit

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from wagtail.models import Page

from tests.factories import ArticlePageFactory


def _submit(client, page, locales, subtree=False):
    """POST wagtail-localize's submit form; its publishes run when the transaction commits."""
    data = {"locales": [locale.pk for locale in locales]}
    if subtree:
        data["include_subtree"] = "on"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("wagtail_localize:submit_page_translation", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _get(client, page):
    url = urlsplit(page.full_url)
    return client.get(url.path, HTTP_HOST=url.hostname)


def test_a_translated_channel_keeps_its_children_reachable_and_the_tree_valid(admin_client, sites, column, english):
    home = sites["portal"].root_page
    channel = home.get_children().get(slug="city-profile")
    ArticlePageFactory(parent=column("portal", "city-profile/history"), title="双鸭山建市沿革")
    ArticlePageFactory(parent=column("portal", "city-profile/economy/industry"), title="煤炭产业转型")

    _submit(admin_client, home, [english])
    _submit(admin_client, channel, [english], subtree=True)

    translated = channel.get_translation(english)
    pages = list(translated.get_descendants(inclusive=True).specific())
    assert len(pages) == channel.get_descendants(inclusive=True).count()
    for page in pages:
        assert page.get_children_count() == page.numchild, page.url_path
        assert _get(admin_client, page).status_code == 200, page.url_path
    report = StringIO()
    call_command("fixtree", stdout=report)
    assert "No problems found" in report.getvalue(), report.getvalue()


def test_a_subtree_translation_of_the_home_page_leaves_chinese_only_channels_out(admin_client, sites, english):
    home = sites["portal"].root_page
    _submit(admin_client, home, [english], subtree=True)
    english_tree = Page.objects.filter(locale=english)
    channels = english_tree.filter(depth=home.depth + 1).values_list("slug", flat=True)
    assert set(channels) == {"city-profile", "investment"}
    assert not english_tree.filter(slug="leadership").exists()
    response = admin_client.get("/en/leadership/", HTTP_HOST="localhost")
    assert response.status_code == 404
