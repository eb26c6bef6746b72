"""Every resident page of the walk, in Chromium, at 320, 375 and 1280 px, in the standard version
and in 关怀版 (remembered, as a resident turns it on):

- axe-core finds no violation of WCAG 2.1 A and AA; 关怀版 also keeps text at AAA contrast (7:1);
- nothing is wider than the screen at 320 and 375 px (WCAG 1.4.10 Reflow);
- each link, button and field a resident taps is at least 24 px (standard) or 44 px (关怀版) in both
  directions, but for links inside a sentence, which WCAG 2.5.8 leaves to the text.
"""

import subprocess

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import missing

from .conftest import PAGE_NAMES

WIDTHS = (320, 375, 1280)
PHONES = (320, 375)
VERSIONS = ("standard", "care")
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SMALLEST_TARGET = {"standard": 24, "care": 44}

# Tappable elements smaller than `min`; a radio button or check box counts with its label, and a
# link inside running text (a sentence around it) is exempt.
SMALL_TARGETS = """(min) => {
  const inSentence = (el) => {
    const parent = el.parentElement;
    return el.tagName === "A" && getComputedStyle(el).display === "inline" && parent
      && parent.textContent.trim().length > el.textContent.trim().length + 2;
  };
  return [...document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")]
    .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
    .filter((el) => el.getBoundingClientRect().right > 0 && !inSentence(el))  // not parked off the screen
    .map((el) => (el.matches("input[type=radio], input[type=checkbox]") && el.closest("label")) || el)
    .filter((el) => { const r = el.getBoundingClientRect(); return r.width < min - 0.5 || r.height < min - 0.5; })
    .map((el) => {
      const r = el.getBoundingClientRect();
      const text = (el.textContent || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 20);
      return `${el.tagName.toLowerCase()} "${text}" ${Math.round(r.width)}×${Math.round(r.height)}`;
    });
}"""

WIDER_THAN_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const scrolled = document.documentElement.scrollWidth;
  if (scrolled <= width) return [];
  const culprits = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !el.closest(".table-scroll, [role=region]"))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(el.getBoundingClientRect().right)}`);
  return [`the page is ${scrolled} px wide`, ...culprits];
}"""


def test_chinese_is_set_in_a_chinese_face():
    """Widths and target sizes measured in a fallback's boxes would prove nothing (make test installs
    Debian's fonts-noto-cjk)."""
    faces = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True).stdout
    if "Noto Sans CJK SC" not in faces:
        missing("fonts-noto-cjk is not installed: layout is measured with Chinese in a fallback face")


@pytest.fixture(scope="module")
def tabs(walk, chromium):
    """A browser tab per width and version, each in a context of its own."""
    tabs = {
        (width, version): chromium.new_context(viewport={"width": width, "height": 800}).new_page()
        for version in VERSIONS
        for width in WIDTHS
    }
    yield tabs
    for tab in tabs.values():
        tab.context.close()


def open_page(tab, url, version):
    """The page as the version's resident sees it: 关怀版 by its address once, then remembered."""
    if version == "care":
        response = tab.goto(url + ("&" if "?" in url else "?") + "care=1")
        tab.goto(url)  # remembered by the browser, not the address
        assert tab.evaluate("document.documentElement.classList.contains('care')"), url
    else:
        response = tab.goto(url)
        assert not tab.evaluate("document.documentElement.classList.contains('care')"), url
    return response


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_meets_wcag_21_aa_reflows_and_has_big_enough_targets(walk, tabs, name):
    axe = Axe()
    problems = []
    for version in VERSIONS:
        for width in WIDTHS:
            tab = tabs[width, version]
            open_page(tab, walk.urls[name], version)
            assert tab.evaluate("document.readyState") == "complete"
            tags = WCAG21_AA + (["wcag2aaa"] if version == "care" else [])
            options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
            for violation in axe.run(tab, options=options).response["violations"]:
                nodes = "; ".join(node["html"][:120] for node in violation["nodes"][:3])
                problems.append(f"{version} {width}px axe {violation['id']} ({len(violation['nodes'])}): {nodes}")
            if width in PHONES:
                for wide in tab.evaluate(WIDER_THAN_SCREEN):
                    problems.append(f"{version} {width}px wider than the screen: {wide}")
            for small in tab.evaluate(SMALL_TARGETS, SMALLEST_TARGET[version]):
                problems.append(f"{version} {width}px target under {SMALLEST_TARGET[version]} px: {small}")
    assert not problems, f"{name} ({walk.urls[name]}):\n" + "\n".join(problems)


def test_the_checks_can_fail(walk, tabs):
    """A page made to break each rule is caught by each check (the checks are not vacuous)."""
    tab = tabs[320, "standard"]
    tab.goto(walk.urls["article"])
    tab.evaluate("""() => {
      const main = document.querySelector("main");
      main.insertAdjacentHTML("beforeend",
        '<img src="/favicon.ico"><p style="white-space:nowrap">' + "很长的一行".repeat(40) + '</p>' +
        '<p><a href="#x" style="display:inline-block;width:10px;height:10px"></a></p>');
    }""")
    found = Axe().run(tab, options={"runOnly": {"type": "tag", "values": WCAG21_AA}}).response["violations"]
    violations = {violation["id"] for violation in found}
    assert {"image-alt", "link-name"} <= violations
    assert tab.evaluate(WIDER_THAN_SCREEN)
    assert any("10×10" in small for small in tab.evaluate(SMALL_TARGETS, 24))
