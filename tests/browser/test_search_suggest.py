"""On a phone, a resident types in the header's search box, picks a suggestion with the keyboard
and lands on its results; Escape closes the list."""

from urllib.parse import parse_qs, urlsplit

import pytest
from wagtail.models import Site

from search.models import SearchLog
from sites.caching import forget_sites
from tests.conftest import build_base_cluster

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(live_server):
    port = urlsplit(live_server.url).port
    build_base_cluster()
    Site.objects.update(port=port)
    forget_sites()
    for query, times in (("公租房申请", 5), ("公租房", 3), ("公积金提取", 2)):
        SearchLog.objects.bulk_create(
            SearchLog(site_hostname="localhost", query=query, normalized=query, results=4) for _ in range(times)
        )
    return f"http://localhost:{port}"


def test_a_suggestion_picked_with_the_keyboard_on_a_phone(portal, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(portal + "/")
    box = page.locator("#site-search-q")
    listbox = page.locator("#site-search-q-suggestions")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"

    box.click()
    box.press_sequentially("公租", delay=50)
    listbox.wait_for(state="visible")
    options = page.get_by_role("option")
    assert options.all_inner_texts() == ["公租房申请", "公租房"]
    assert box.get_attribute("aria-expanded") == "true"
    assert all(options.nth(i).bounding_box()["height"] >= 44 for i in range(options.count()))  # thumb-sized

    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    box.press("ArrowUp")
    assert options.nth(0).get_attribute("aria-selected") == "true"

    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).path == "/search/"
    assert parse_qs(urlsplit(page.url).query)["q"] == ["公租房申请"]

    search_box = page.locator("#search-q")
    search_box.fill("")
    search_box.press_sequentially("公积", delay=50)
    page.locator("#search-q-suggestions").wait_for(state="visible")
    search_box.press("Escape")
    page.locator("#search-q-suggestions").wait_for(state="hidden")
    assert search_box.get_attribute("aria-expanded") == "false"
    assert search_box.input_value() == "公积"
    context.close()
