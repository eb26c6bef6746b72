"""What a screen reader reads: a photo's alt text not repeated by the caption read with it, and
every search landmark named, each differently."""

import html
import re

import pytest

from .conftest import PAGE_NAMES, fetch

LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)
FIGURE = re.compile(r"<figure\b[^>]*>(.*?)</figure>", re.S)
ALT = re.compile(r'<img\b[^>]*\balt="([^"]*)"')
SEARCH = re.compile(r'<(?:form|div|section)\b[^>]*\brole="search"[^>]*>|<search\b[^>]*>')


def text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.fixture(scope="module")
def bodies(walk):
    return {name: fetch(walk.urls[name])[2].decode() for name in PAGE_NAMES}


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_picture_is_read_twice_with_its_caption(bodies, name):
    for pattern in (LINK, FIGURE):
        for fragment in pattern.findall(bodies[name]):
            caption = text_of(fragment)
            for alt in ALT.findall(fragment):
                alt = " ".join(html.unescape(alt).split())
                assert not (alt and alt in caption), (alt, caption)


def test_the_photo_news_pictures_are_there_and_silent_beside_their_titles(bodies):
    photos = [f for f in LINK.findall(bodies["portal-home"]) if "<img" in f]
    assert len(photos) >= 3 and all(ALT.search(f) and text_of(f) for f in photos)
    figure = FIGURE.search(bodies["photo-news"]).group(1)
    assert "<img" in figure and "<figcaption>" in figure


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_search_landmark_has_a_name_of_its_own(bodies, name):
    body = bodies[name]
    names = []
    for tag in SEARCH.findall(body):
        label = re.search(r'aria-label="([^"]+)"', tag)
        labelledby = re.search(r'aria-labelledby="([^"]+)"', tag)
        assert label or labelledby, tag
        if label:
            names.append(html.unescape(label.group(1)))
        else:
            heading = re.search(rf'id="{labelledby.group(1)}"[^>]*>(.*?)</', body, re.S)
            assert heading, tag
            names.append(text_of(heading.group(1)))
    assert names and len(set(names)) == len(names), names
