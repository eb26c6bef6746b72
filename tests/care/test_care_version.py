"""关怀版 as a URL: rendered by the server for ?care=1, never shared by the front cache."""

import re

import pytest

pytestmark = pytest.mark.django_db


def html_class(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def switch(response):
    return re.search(r'<a class="care-switch"[^>]*>[^<]*</a>', response.content.decode()).group(0)


def test_care_url_renders_the_care_version_and_offers_the_standard_one(client):
    standard = client.get("/", HTTP_HOST="jixian.localhost")
    care = client.get("/?care=1", HTTP_HOST="jixian.localhost")
    assert standard.status_code == care.status_code == 200
    assert 'class="care"' not in html_class(standard) and 'class="care"' in html_class(care)
    assert switch(standard) == (
        '<a class="care-switch" href="?care=1" data-care-on="关怀版" data-care-off="标准版">关怀版</a>'
    )
    assert 'href="?care=0"' in switch(care) and switch(care).endswith(">标准版</a>")


@pytest.mark.parametrize("value", ["0", "", "yes", "1'><script>alert(1)</script>", "11"])
def test_anything_but_care_1_is_the_standard_version(client, value):
    response = client.get("/", {"care": value}, HTTP_HOST="jixian.localhost")
    assert response.status_code == 200
    assert "care" not in html_class(response)
    assert "<script>alert(1)" not in response.content.decode()


def test_the_switch_never_echoes_the_rest_of_the_query(client):
    hostile = '"><img src=x onerror=alert(1)>evil.example'
    query = {"q": hostile, "care": "1", "url": "https://evil.example/"}
    response = client.get("/search/", query, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert 'href="?care=0"' in switch(response)
    assert "evil.example" not in switch(response) and "<img src=x onerror" not in response.content.decode()


def test_care_addresses_are_never_shared_by_the_front_cache(client):
    shared = client.get("/", HTTP_HOST="jixian.localhost")
    assert "public" in shared["Cache-Control"] and "s-maxage" in shared["Cache-Control"]
    for query in ("?care=1", "?care=0"):
        response = client.get("/" + query, HTTP_HOST="jixian.localhost")
        assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}, query
