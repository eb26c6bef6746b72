"""关怀版 in Chromium: the switch, remembered across pages; reading aloud; the menu on a phone."""

from urllib.parse import urlsplit

import pytest
from wagtail.models import Site

from sites.caching import forget_sites
from tests.browser.conftest import browser  # noqa: F401  (the fixture)
from tests.conftest import build_base_cluster
from tests.factories import ArticlePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What a page shows the switch as, and how big its text is, in each version.
STATE = """() => ({
  care: document.documentElement.classList.contains("care"),
  remembered: localStorage.getItem("zq-care"),
  switch: document.querySelector(".care-switch").textContent,
  rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
  bodyPx: parseFloat(getComputedStyle(document.body).fontSize),
  listPx: [...document.querySelectorAll(".item-list a")].map((a) => parseFloat(getComputedStyle(a).fontSize))[0],
})"""

# Chromium here has the speech API but no voice: record what would be spoken instead.
RECORD_SPEECH = """
window.spoken = []; window.cancelled = 0;
const synth = window.speechSynthesis;
synth.speak = (utterance) => { window.spoken.push({text: utterance.text, lang: utterance.lang}); };
synth.cancel = () => { window.cancelled += 1; };
"""


@pytest.fixture
def county(live_server):
    port = urlsplit(live_server.url).port
    build_base_cluster()
    Site.objects.update(port=port)
    forget_sites()
    site = Site.objects.get(hostname="jixian.localhost")
    news = site.root_page.get_descendants().get(columnpage__column_key="news/local-news")
    ArticlePageFactory(
        parent=news,
        title="集贤县召开优化营商环境工作会议",
        slug="meeting",
        body="<p>会议要求，各部门要提高办事效率。会议强调，要把服务做到群众心坎上！</p>",
    )
    return f"http://jixian.localhost:{port}"


def test_the_switch_turns_care_on_and_every_later_page_remembers_it(county, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(county + "/")
    standard = page.evaluate(STATE)
    assert standard == {**standard, "care": False, "remembered": None, "switch": "关怀版"}
    assert standard["rootPx"] == 16

    page.get_by_role("link", name="关怀版").click()
    care = page.evaluate(STATE)
    assert care["care"] and care["remembered"] == "1" and care["switch"] == "标准版"
    assert care["rootPx"] >= 18 and care["bodyPx"] >= 18 and care["listPx"] >= 18
    assert care["listPx"] > standard["listPx"]  # the county home's headlines

    page.goto(county + "/news/local-news/meeting/")  # a new page, no ?care in its address
    assert page.evaluate(STATE)["care"] and page.evaluate(STATE)["switch"] == "标准版"
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).transitionDuration") == "0s"

    page.get_by_role("link", name="标准版").click()
    page.goto(county + "/")
    assert page.evaluate(STATE) == {**standard, "remembered": None}


def test_the_care_address_turns_it_on_and_off_for_good(county, browser):  # noqa: F811
    page = browser.new_page()
    page.goto(county + "/?care=1")
    page.goto(county + "/news/local-news/")
    assert page.evaluate(STATE)["care"]
    page.goto(county + "/?care=0")
    assert not page.evaluate(STATE)["care"]
    page.goto(county + "/news/local-news/")
    assert not page.evaluate(STATE)["care"] and page.evaluate(STATE)["remembered"] is None


def test_care_works_without_scripts_for_the_addressed_page(county, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(county + "/?care=1")
    assert page.locator("html.care").count() == 1
    assert page.locator(".care-switch").inner_text() == "标准版"
    assert page.locator(".read-aloud").is_hidden()  # no reading aid without scripts
    context.close()


def test_reading_aloud_speaks_the_main_text_in_sentences_and_stops(county, browser):  # noqa: F811
    page = browser.new_page()
    page.add_init_script(RECORD_SPEECH)
    page.goto(county + "/news/local-news/meeting/")
    reader = page.get_by_role("button", name="朗读")
    assert reader.is_visible() and reader.get_attribute("aria-pressed") == "false"
    reader.click()
    spoken = page.evaluate("window.spoken")
    texts = [s["text"] for s in spoken]
    assert "集贤县召开优化营商环境工作会议" in texts
    assert "会议要求，各部门要提高办事效率。" in texts and "会议强调，要把服务做到群众心坎上！" in texts
    assert all(len(t) <= 120 for t in texts) and {s["lang"] for s in spoken} == {"zh-CN"}
    assert not any("频道导航" in t or "网站标识码" in t for t in texts)  # the page's main part only
    stop = page.get_by_role("button", name="停止朗读")
    assert stop.get_attribute("aria-pressed") == "true"
    stop.click()
    assert page.evaluate("window.cancelled") >= 2  # once before speaking, once to stop
    assert page.get_by_role("button", name="朗读").get_attribute("aria-pressed") == "false"


def test_no_reading_aid_where_the_browser_cannot_speak(county, browser):  # noqa: F811
    page = browser.new_page()
    page.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page.goto(county + "/news/local-news/meeting/")
    assert page.locator(".read-aloud").is_hidden()


def test_the_channel_menu_collapses_on_a_phone_and_opens_on_demand(county, browser):  # noqa: F811
    phone = browser.new_page(viewport={"width": 320, "height": 700})
    phone.goto(county + "/")
    menu = phone.get_by_role("button", name="栏目导航")
    channels = phone.get_by_role("navigation", name="频道导航").get_by_role("link", name="首页")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false" and channels.is_hidden()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and channels.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320

    desktop = browser.new_page(viewport={"width": 1280, "height": 800})
    desktop.goto(county + "/")
    assert desktop.get_by_role("button", name="栏目导航").is_hidden()
    assert desktop.get_by_role("navigation", name="频道导航").get_by_role("link", name="首页").is_visible()
