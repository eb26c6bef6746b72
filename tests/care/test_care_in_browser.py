"""关怀版 in Chromium on the demo: the switch, remembered across pages and sites; reading aloud;
the channel menu on a phone."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

# What a page shows the switch as, and how big its text is, in each version.
STATE = """() => ({
  care: document.documentElement.classList.contains("care"),
  remembered: /(^|;\\s*)zq-care=1(;|$)/.test(document.cookie),
  switch: document.querySelector(".care-switch").textContent,
  rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
  bodyPx: parseFloat(getComputedStyle(document.body).fontSize),
  smallestPx: Math.min(...[...document.querySelectorAll("main *")]
    .filter((e) => e.offsetParent && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((e) => parseFloat(getComputedStyle(e).fontSize))),
})"""

# Chromium here has the speech API but no voice: record what would be spoken instead.
RECORD_SPEECH = """
window.spoken = []; window.cancelled = 0;
const synth = window.speechSynthesis;
synth.speak = (utterance) => { window.spoken.push({text: utterance.text, lang: utterance.lang}); };
synth.cancel = () => { window.cancelled += 1; };
"""


@pytest.fixture
def tab(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_the_switch_turns_care_on_and_every_later_page_remembers_it(walk, tab):
    tab.goto(walk.urls["county-home"])
    standard = tab.evaluate(STATE)
    assert standard == {**standard, "care": False, "remembered": False, "switch": "关怀版", "rootPx": 16}

    tab.get_by_role("link", name="关怀版").click()
    care = tab.evaluate(STATE)
    assert care == {**care, "care": True, "remembered": True, "switch": "标准版"}
    assert care["rootPx"] >= 18 and care["bodyPx"] >= 18 and care["smallestPx"] >= 18
    assert care["smallestPx"] > standard["smallestPx"]

    tab.locator("main .item-list a").first.click()  # the site's other pages, no ?care in their addresses
    assert "care=" not in tab.url and tab.evaluate(STATE)["care"]
    tab.get_by_role("navigation", name="频道导航").get_by_role("link").nth(1).click()
    assert "care=" not in tab.url and tab.evaluate(STATE)["care"]
    tab.goto(walk.urls["county-home"])
    assert tab.evaluate(STATE)["switch"] == "标准版"
    assert tab.evaluate("getComputedStyle(document.querySelector('a')).transitionDuration") == "0s"

    tab.get_by_role("link", name="标准版").click()
    assert not tab.evaluate(STATE)["care"]
    tab.goto(walk.urls["county-home"])
    assert tab.evaluate(STATE) == {**standard, "remembered": False}


def test_a_choice_made_on_a_site_holds_on_the_sites_below_it(walk, tab):
    hosts = {urlsplit(url).netloc for url in walk.urls.values()}
    pairs = [(a, b) for a in hosts for b in hosts if b.endswith("." + a) and "." in a.split(":")[0]]
    assert pairs, hosts  # the demo has township sites below their county's
    parent, child = sorted(pairs)[0]
    tab.goto(f"http://{parent}/?care=1")
    tab.goto(f"http://{child}/")
    assert tab.evaluate(STATE)["care"]
    tab.goto(f"http://{child}/?care=0")  # turned off below: off above too
    tab.goto(f"http://{parent}/")
    assert not tab.evaluate(STATE)["care"] and not tab.evaluate(STATE)["remembered"]


def test_the_care_address_turns_it_on_and_off_for_good(walk, tab):
    tab.goto(walk.urls["county-home"] + "?care=1")
    assert tab.evaluate(STATE)["remembered"]
    tab.goto(walk.urls["county-home"])
    assert tab.evaluate(STATE)["care"]
    tab.goto(walk.urls["county-home"] + "?care=0")
    assert not tab.evaluate(STATE)["care"]
    tab.goto(walk.urls["county-home"])
    assert not tab.evaluate(STATE)["care"] and not tab.evaluate(STATE)["remembered"]


def test_care_works_without_scripts_for_the_addressed_page(walk, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(walk.urls["article"] + "?care=1")
    assert page.locator("html.care").count() == 1
    assert page.locator(".care-switch").inner_text() == "标准版"
    assert page.locator(".care-switch").get_attribute("href") == "?care=0"
    assert page.locator(".read-aloud").is_hidden()  # no reading aid without scripts
    assert page.get_by_role("navigation", name="频道导航").get_by_role("link").first.is_visible()
    context.close()


def test_reading_aloud_speaks_the_main_text_in_sentences_and_stops(walk, tab):
    tab.add_init_script(RECORD_SPEECH)
    tab.goto(walk.urls["article"])
    reader = tab.get_by_role("button", name="朗读")
    assert reader.is_visible() and reader.get_attribute("aria-pressed") == "false"
    reader.click()
    spoken = tab.evaluate("window.spoken")
    texts = [s["text"] for s in spoken]
    heading = tab.locator("main h1").inner_text()
    first_sentence = tab.locator("main p").first.inner_text().split("。")[0]
    assert heading in texts and any(first_sentence in t for t in texts)
    assert "".join(texts).replace(" ", "") in tab.locator("main").inner_text().replace("\n", "").replace(" ", "")
    assert all(0 < len(t) <= 120 for t in texts) and {s["lang"] for s in spoken} == {"zh-CN"}
    stop = tab.get_by_role("button", name="停止朗读")
    assert stop.get_attribute("aria-pressed") == "true"
    stop.click()
    assert tab.evaluate("window.cancelled") >= 2  # once before speaking, once to stop
    assert tab.get_by_role("button", name="朗读").get_attribute("aria-pressed") == "false"


def test_reading_aloud_speaks_english_and_russian_pages_in_their_language(walk, tab):
    tab.add_init_script(RECORD_SPEECH)
    for name, lang, label in (
        ("english-profile", "en-GB", "Read aloud"),
        ("russian-profile", "ru-RU", "Прочитать вслух"),
    ):
        tab.goto(walk.urls[name])
        tab.get_by_role("button", name=label).click()
        assert {s["lang"] for s in tab.evaluate("window.spoken")} == {lang}, name


def test_no_reading_aid_where_the_browser_cannot_speak(walk, tab):
    tab.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    tab.goto(walk.urls["article"])
    assert tab.locator(".read-aloud").is_hidden()


def test_the_channel_menu_collapses_on_a_phone_and_opens_on_demand(walk, chromium):
    phone = chromium.new_page(viewport={"width": 320, "height": 700})
    phone.goto(walk.urls["county-home"])
    menu = phone.get_by_role("button", name="栏目导航")
    first_channel = phone.get_by_role("navigation", name="频道导航").get_by_role("link").first
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false" and first_channel.is_hidden()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and first_channel.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 320
    menu.click()
    assert first_channel.is_hidden()
    phone.close()

    desktop = chromium.new_page(viewport={"width": 1280, "height": 800})
    desktop.goto(walk.urls["county-home"])
    assert desktop.get_by_role("button", name="栏目导航").is_hidden()
    assert desktop.get_by_role("navigation", name="频道导航").get_by_role("link").first.is_visible()
    desktop.close()
