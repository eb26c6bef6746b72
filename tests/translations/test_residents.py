"""Residents read the portal's city profile in Chinese, English and Russian."""

import re

from django.test import TestCase
from django.urls import reverse
from wagtail_localize.models import TranslationSource

from search.engines.database import DatabaseEngine
from search.entries import build_entries, searchable_pages
from tests.factories import ArticlePageFactory

from .conftest import translate_segments

ENGLISH = {"地理地貌": "Geography", "本市概况": "City Profile", "双鸭山市人民政府": "Shuangyashan"}
RUSSIAN = {"地理地貌": "География", "本市概况": "О городе", "双鸭山市人民政府": "Шуанъяшань"}


def _get(client, path):
    response = client.get(path, HTTP_HOST="localhost")
    assert response.status_code == 200, path
    return response.content.decode()


def _alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def _switcher(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return nav.group(0) if nav else ""


def test_each_version_links_every_existing_language_with_hreflang(client, foreign_trees):
    for path in ("/city-profile/geography/", "/en/city-profile/geography/", "/ru/city-profile/geography/"):
        assert _alternates(_get(client, path)) == {
            "zh-Hans": "http://localhost/city-profile/geography/",
            "en": "http://localhost/en/city-profile/geography/",
            "ru": "http://localhost/ru/city-profile/geography/",
            "x-default": "http://localhost/city-profile/geography/",
        }


def test_html_lang_and_interface_follow_the_page_language(client, translated_profile, english, russian):
    home, channel = translated_profile
    geography = channel.get_descendants().get(slug="geography").specific
    for locale, words in ((english, ENGLISH), (russian, RUSSIAN)):
        for page in (home.specific, channel.specific, geography):
            translate_segments(page, locale, render=lambda text, code, words=words: words.get(text, text))
    chinese, english_page, russian_page = (
        _get(client, f"{prefix}/city-profile/geography/") for prefix in ("", "/en", "/ru")
    )
    assert '<html lang="zh-Hans">' in chinese and ">首页</a>" in chinese
    assert '<html lang="en">' in english_page and ">Home</a>" in english_page and "Skip to content" in english_page
    assert '<html lang="ru">' in russian_page and ">Главная</a>" in russian_page
    assert ">Large print</a>" in english_page and ">Крупный шрифт</a>" in russian_page  # the 关怀版 switch
    assert ">Menu</button>" in english_page and ">Меню</button>" in russian_page
    assert "<h1>Geography</h1>" in english_page and "<h1>География</h1>" in russian_page
    assert 'href="/en/city-profile/">City Profile</a>' in english_page  # the breadcrumb, in English
    assert "<title>Geography | Shuangyashan</title>" in english_page
    assert "保障单位" not in english_page  # the Chinese office's duties stay on the Chinese page


def test_the_switcher_offers_only_translations_that_exist(client, admin_client, foreign_trees, column, english):
    item = ArticlePageFactory(parent=column("portal", "city-profile/history"), title="建市沿革")
    with TestCase.captureOnCommitCallbacks(execute=True):
        submitted = admin_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[item.pk]), {"locales": [english.pk]}
        )
    assert submitted.status_code == 302
    path = item.url_path.split("/", 2)[2]
    switcher = _switcher(_get(client, "/" + path))
    assert 'hreflang="en"' in switcher and 'hreflang="ru"' not in switcher
    assert set(_alternates(_get(client, "/" + path))) == {"zh-Hans", "en", "x-default"}


def test_chinese_only_pages_have_no_switcher_and_no_foreign_address(client, sites):
    html = _get(client, "/leadership/")
    assert _switcher(html) == "" and _alternates(html) == {}
    assert client.get("/en/leadership/", HTTP_HOST="localhost").status_code == 404
    jixian = client.get("/", HTTP_HOST="jixian.localhost").content.decode()
    assert _switcher(jixian) == ""


def test_english_and_russian_pages_are_found_in_search_under_their_own_address(client, foreign_trees, english, russian):
    _home, channel = foreign_trees
    geography = channel.get_descendants().get(slug="geography").specific
    geography.intro = "<p>双鸭山市境内湿地众多。</p>"
    geography.save_revision().publish()
    TranslationSource.objects.get_for_instance(geography).update_from_db()
    versions = {
        english: {"地理地貌": "Geography", "双鸭山市境内湿地众多。": "Shuangyashan has many wetlands."},
        russian: {"地理地貌": "География", "双鸭山市境内湿地众多。": "В Шуанъяшане много водно-болотных угодий."},
    }
    for locale, words in versions.items():
        translate_segments(geography, locale, render=lambda text, code, words=words: words[text])
    DatabaseEngine().replace(build_entries(searchable_pages().specific()))

    for query, url in (
        ("wetland", "http://localhost/en/city-profile/geography/"),  # English stemming: wetlands
        ("угодья", "http://localhost/ru/city-profile/geography/"),  # Russian stemming: угодий
        ("湿地", "http://localhost/city-profile/geography/"),
    ):
        data = client.get("/api/search/", {"q": query}, HTTP_HOST="localhost").json()
        assert [hit["url"] for hit in data["results"]] == [url], query
