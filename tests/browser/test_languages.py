"""A resident switches a city-profile page from Chinese to English to Russian, and back."""

from urllib.parse import urlsplit

import pytest
from wagtail.models import Locale, Site
from wagtail_localize.operations import translate_object

from columns.models import ColumnPage
from sites.caching import forget_sites
from tests.conftest import build_base_cluster
from tests.translations.conftest import translate_segments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERSIONS = {
    "en": {
        "双鸭山市人民政府": "Shuangyashan Municipal People's Government",
        "本市概况": "City Profile",
        "地理地貌": "Geography",
        "双鸭山市位于黑龙江省东北部，东隔乌苏里江与俄罗斯相望。": (
            "Shuangyashan lies in the northeast of Heilongjiang, facing Russia across the Ussuri River."
        ),
    },
    "ru": {
        "双鸭山市人民政府": "Народное правительство города Шуанъяшань",
        "本市概况": "О городе",
        "地理地貌": "География",
        "双鸭山市位于黑龙江省东北部，东隔乌苏里江与俄罗斯相望。": (
            "Шуанъяшань расположен на северо-востоке Хэйлунцзяна, на границе с Россией по реке Уссури."
        ),
    },
}


@pytest.fixture
def geography_url(live_server):
    port = urlsplit(live_server.url).port
    build_base_cluster()
    Site.objects.update(port=port)
    forget_sites()
    home = Site.objects.get(hostname="localhost").root_page.specific
    channel = home.get_children().get(slug="city-profile").specific
    geography = ColumnPage.objects.child_of(channel).get(slug="geography")
    geography.intro = "<p>双鸭山市位于黑龙江省东北部，东隔乌苏里江与俄罗斯相望。</p>"
    geography.save_revision().publish()
    locales = list(Locale.objects.filter(language_code__in=VERSIONS))
    for page in (home, channel, geography):
        translate_object(page, locales)
        for locale in locales:
            words = VERSIONS[locale.language_code]
            translate_segments(page, locale, render=lambda text, code, words=words: words[text])
    return f"http://localhost:{port}/city-profile/geography/"


def test_a_resident_switches_a_city_profile_page_from_chinese_to_english_to_russian(geography_url, browser):
    page = browser.new_page()
    page.goto(geography_url)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", level=1).inner_text() == "地理地貌"

    switcher = page.get_by_role("navigation", name="语言")
    assert switcher.inner_text().split() == ["简体中文", "English", "Русский"]
    switcher.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url == geography_url.replace("/city-profile/", "/en/city-profile/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Geography"
    assert "facing Russia across the Ussuri River" in page.locator("main").inner_text()
    assert page.locator("nav.breadcrumbs").inner_text().replace("\xa0", " ") == (
        "You are here: Home > City Profile > Geography"
    )
    assert page.title() == "Geography | Shuangyashan Municipal People's Government"

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    page.wait_for_load_state()
    assert page.url == geography_url.replace("/city-profile/", "/ru/city-profile/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "География"
    assert "на границе с Россией по реке Уссури" in page.locator("main").inner_text()
    assert page.get_by_role("navigation", name="Разделы").get_by_role("link", name="Главная").is_visible()

    page.get_by_role("navigation", name="Язык").get_by_role("link", name="简体中文").click()
    page.wait_for_load_state()
    assert page.url == geography_url
    assert page.get_by_role("heading", level=1).inner_text() == "地理地貌"
