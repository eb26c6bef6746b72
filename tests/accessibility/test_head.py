"""What every resident page says of itself in its <head>: a meta description in its language,
and the site's icons."""

import html
import io
import json
import re

import pytest
from PIL import Image

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


def hosts(walk):
    return sorted({url.split("/")[2] for url in walk.urls.values()})


def test_every_site_answers_for_its_icons_at_its_root_cached_publicly(walk):
    for host in hosts(walk):
        status, headers, body = fetch(f"http://{host}/favicon.ico")
        assert status == 200 and headers["Content-Type"] == "image/vnd.microsoft.icon", host
        assert "public" in headers["Cache-Control"] and "max-age=" in headers["Cache-Control"]
        with Image.open(io.BytesIO(body)) as ico:
            assert {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])
        status, headers, body = fetch(f"http://{host}/apple-touch-icon.png")
        assert status == 200 and headers["Content-Type"] == "image/png" and "public" in headers["Cache-Control"]
        with Image.open(io.BytesIO(body)) as touch:
            assert touch.size == (180, 180) and touch.mode == "RGB"  # no transparency for iOS to blacken
            assert touch.getpixel((0, 0)) == (0xB5, 0x12, 0x1B)
        status, headers, body = fetch(f"http://{host}/site.webmanifest")
        manifest = json.loads(body)
        assert status == 200 and headers["Content-Type"] == "application/manifest+json"
        assert manifest["name"].endswith("人民政府") and manifest["theme_color"] == "#b5121b"
        sizes = {}
        for entry in manifest["icons"]:
            status, headers, body = fetch(f"http://{host}{entry['src']}")
            assert status == 200 and headers["Content-Type"] == entry["type"], entry
            if entry["type"] == "image/png":
                with Image.open(io.BytesIO(body)) as png:
                    sizes[entry["sizes"]] = png.size
            else:
                assert body.startswith(b"<svg") and b"#b5121b" in body
        assert sizes == {"192x192": (192, 192), "512x512": (512, 512)}
    names = {json.loads(fetch(f"http://{host}/site.webmanifest")[2])["name"] for host in hosts(walk)}
    assert len(names) == len(hosts(walk))  # each site's own


@pytest.mark.parametrize("name", ["portal-home", "gov-document", "english-home", "search-results", "not-found"])
def test_pages_name_their_icons(heads, name):
    head = heads[name]
    for link in (
        '<link rel="icon" href="/favicon.ico" sizes="48x48">',
        '<link rel="apple-touch-icon" href="/apple-touch-icon.png">',
        '<link rel="manifest" href="/site.webmanifest">',
    ):
        assert link in head
    assert re.search(r'<link rel="icon" href="/static/icons/icon[^"]*\.svg" type="image/svg\+xml">', head)
