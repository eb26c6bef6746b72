"""Printing documents and service guides: A4, the 文件信息 table as a table, none of the site's
header, navigation or footer; 打印本页 only where JavaScript runs."""

import re

import pytest

PRINTED = ["gov-document", "interpretation", "service-guide"]


def shown(page, selector):
    """Whether anything matching `selector` takes room on the page."""
    return page.eval_on_selector_all(
        selector,
        "els => els.some(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')",
    )


def test_a_document_prints_its_table_as_a_table_without_the_sites_chrome(walk, chromium):
    page = chromium.new_page(viewport={"width": 375, "height": 800})  # a phone's stacked layout, printed
    page.goto(walk.urls["gov-document"])
    page.emulate_media(media="print")
    assert shown(page, "table.doc-meta")
    cells = page.eval_on_selector_all(
        "table.doc-meta tr",
        "rows => rows.map(r => [getComputedStyle(r).display, ...[...r.cells].map(c => getComputedStyle(c).display)])",
    )
    assert cells and all(row == ["table-row", *["table-cell"] * 4] for row in cells), cells
    tops = page.eval_on_selector_all(
        "table.doc-meta tr:first-child > *", "cells => cells.map(c => c.getBoundingClientRect().top)"
    )
    assert len(set(tops)) == 1  # 索引号 and 主题分类 side by side, not stacked
    for chrome in (
        ".site-header",
        ".channels",
        "[role=search]",
        ".site-footer",
        ".breadcrumbs",
        ".skip-link",
        ".print-button",
    ):
        assert not shown(page, chrome), chrome
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "rgb(255, 255, 255)",
    )
    assert page.eval_on_selector("main h1", "h => getComputedStyle(h).color") == "rgb(0, 0, 0)"
    link = page.query_selector("main a[href]")
    if link is not None:
        assert link.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")
    pdf = page.pdf(format="A4", print_background=False)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    # A4 is 595.3 × 841.9 points; Chromium rounds the sheet to whole CSS pixels
    assert boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2 for w, h in boxes), boxes
    page.close()


@pytest.mark.parametrize("name", PRINTED)
def test_the_print_button_shows_with_javascript_and_prints(walk, chromium, name):
    page = chromium.new_page()
    page.goto(walk.urls[name])
    button = page.get_by_role("button", name="打印本页")
    assert button.is_visible()
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button.click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    assert not button.is_visible() and not shown(page, ".site-header")
    page.close()
    context = chromium.new_context(java_script_enabled=False)
    bare = context.new_page()
    bare.goto(walk.urls[name])
    assert bare.locator("button[data-print]").count() == 1
    assert not bare.get_by_role("button", name="打印本页").is_visible()  # a button that could do nothing
    context.close()


def test_a_service_guide_prints_its_headings_with_their_text(walk, chromium):
    page = chromium.new_page()
    page.goto(walk.urls["service-guide"])
    page.emulate_media(media="print")
    assert shown(page, "dl.guide") and not shown(page, ".site-header") and not shown(page, ".site-footer")
    assert page.eval_on_selector_all(
        "dl.guide dt", "dts => dts.every(dt => getComputedStyle(dt).breakAfter === 'avoid')"
    )
    page.close()
