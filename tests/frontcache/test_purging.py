"""What a change purges, on every cache node, and only once it is committed."""

import socket
import threading
import time

import pytest
from django.test import TestCase
from wagtail.models import Page

from frontcache.backends import NginxPurgeBackend
from tests.factories import ArticlePageFactory

from .recording import RecordingBackend

pytestmark = pytest.mark.django_db
NODES = {
    name: {"BACKEND": "tests.frontcache.recording.RecordingBackend", "NAME": name} for name in ("node-a", "node-b")
}


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = NODES
    RecordingBackend.purged = []

    def urls(node="node-a"):
        return {url for name, url in RecordingBackend.purged if name == node}

    return urls


def publish(page):
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()


@pytest.fixture
def township_item(column):
    # Created newest first: a later item already sits in the column.
    news = column("fuli", "news")
    ArticlePageFactory(parent=news, title="福利镇新闻（较新）")
    return ArticlePageFactory(parent=news, title="福利镇新闻")


def test_publishing_purges_the_page_its_columns_its_sites_homes_feeds_and_the_portal(purged, township_item, sites):
    item = township_item
    publish(item)
    urls = purged()
    assert urls == purged("node-b"), "every node gets every purge"
    column = item.get_parent()
    fuli = sites["fuli"].root_url
    assert {item.full_url, column.full_url, f"{fuli}/", f"{fuli}/feed/", f"{fuli}/sitemap.xml"} <= urls
    assert {"http://localhost/", "http://localhost/feeds/counties/"} <= urls
    assert column.get_parent().full_url in urls
    # Nothing of a site that does not show it.
    assert not [url for url in urls if "youyi" in url or "jianshan" in url]


def test_nothing_is_purged_before_the_commit(purged, township_item):
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        township_item.save_revision().publish()
    assert purged() == set() and callbacks


def test_a_new_slug_purges_the_old_address_too(purged, township_item):
    old = township_item.full_url
    township_item.slug = "renamed-item"
    publish(township_item)
    assert {old, Page.objects.get(pk=township_item.pk).full_url} <= purged()


def test_unpublishing_moving_and_deleting_purge(purged, township_item, column):
    address = township_item.full_url
    with TestCase.captureOnCommitCallbacks(execute=True):
        township_item.unpublish()
    assert address in purged()

    publish(township_item)
    RecordingBackend.purged = []
    target = column("jixian", "news/local-news")
    with TestCase.captureOnCommitCallbacks(execute=True):
        township_item.move(target, pos="last-child")
    moved = Page.objects.get(pk=township_item.pk)
    assert {address, moved.full_url, target.full_url} <= purged()

    RecordingBackend.purged = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        moved.delete()
    assert moved.full_url in purged()


def test_a_channel_in_the_menu_purges_every_page_of_its_site_and_no_other(purged, sites, column):
    item = ArticlePageFactory(parent=column("youyi", "news/local-news"))
    channel = sites["youyi"].root_page.get_children().live().first().specific
    channel.title = channel.title + "（新）"
    publish(channel)
    urls = purged()
    assert item.full_url in urls
    assert not [url for url in urls if "jixian" in url]


def test_a_translated_page_purges_its_versions_in_every_language(purged, foreign_trees):
    home, channel = foreign_trees
    publish(channel.specific)
    urls = purged()
    versions = {f"http://localhost{prefix}/city-profile/" for prefix in ("", "/en", "/ru")}
    assert versions <= urls
    assert "http://localhost/en/feed/" not in urls, "feeds are Chinese only"


def test_saving_a_sites_profile_purges_its_pages(purged, sites, column):
    item = ArticlePageFactory(parent=column("jianshan", "news/local-news"))
    with TestCase.captureOnCommitCallbacks(execute=True):
        sites["jianshan"].profile.save()
    assert item.full_url in purged() and not [u for u in purged() if "youyi" in u]


def test_a_node_that_is_down_or_hangs_does_not_hold_up_a_publish():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    NginxPurgeBackend({"LOCATION": f"http://127.0.0.1:{port}"}).purge("http://localhost/x/")

    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(hanging.accept()), daemon=True).start()
    started = time.monotonic()
    NginxPurgeBackend({"LOCATION": f"http://127.0.0.1:{hanging.getsockname()[1]}", "TIMEOUT": 0.5}).purge(
        "http://localhost/x/"
    )
    assert time.monotonic() - started < 2 and accepted
    hanging.close()
