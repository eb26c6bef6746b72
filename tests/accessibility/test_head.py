"""What every resident page says of itself in its <head>: a meta description in its language,
and the site's icons."""

import html
import re

import pytest

from .conftest import PAGE_NAMES, fetch

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
HAN = re.compile(r"[\u3400-\u9fff]")
FOREIGN = [name for name in PAGE_NAMES if name.startswith(("english-", "russian-"))]
# Pages with text of their own, described by it rather than by the site.
WITH_TEXT = [
    "article",
    "photo-news",
    "notice",
    "gov-document",
    "leader",
    "institution",
    "service-guide",
    "letter-reply",
    "annual-report",
    "english-profile",
    "russian-profile",
]


@pytest.fixture(scope="module")
def heads(walk):
    return {name: fetch(walk.urls[name])[2].decode().split("</head>")[0] for name in PAGE_NAMES}


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_has_one_short_plain_meta_description(heads, name):
    found = DESCRIPTION.findall(heads[name])
    assert len(found) == 1, found
    description = html.unescape(found[0])
    assert description.strip() and len(description) <= 120 and "<" not in description
    assert " ".join(description.split()) == description
    assert bool(HAN.search(description)) == (name not in FOREIGN), description


def test_pages_with_text_are_described_by_it_not_by_their_site(heads):
    descriptions = {name: html.unescape(DESCRIPTION.search(heads[name]).group(1)) for name in WITH_TEXT}
    assert not [name for name, text in descriptions.items() if text.endswith("官方网站")]
    assert len(set(descriptions.values())) == len(WITH_TEXT)
    assert descriptions["english-profile"] != html.unescape(DESCRIPTION.search(heads["english-home"]).group(1))
