"""The resident-page walk itself: every kind of page residents see has an entry, each entry is
found as what it says it is, and the server answers it."""

import pytest
from wagtail.models import Page, get_page_models

from .conftest import EXPECTED_STATUS, PAGE_NAMES, RESIDENT_PAGES, fetch


def test_every_page_model_has_an_entry_in_the_walk():
    models = {model._meta.label for model in get_page_models() if model is not Page}
    covered = {model for _name, model in RESIDENT_PAGES}
    assert models - covered == set(), "这些页面类型还没有加入 RESIDENT_PAGES"
    assert len(PAGE_NAMES) == len(set(PAGE_NAMES)) >= 28


def test_every_entry_is_found_as_the_page_type_it_names(walk):
    assert sorted(walk.urls) == sorted(PAGE_NAMES)
    assert walk.models == dict(RESIDENT_PAGES)
    assert len(set(walk.urls.values())) == len(PAGE_NAMES) - 1  # the link column's entry is its channel
    hosts = {url.split("/")[2].split(":")[0] for url in walk.urls.values()}
    assert {"localhost", "jixian.localhost", "fuli.jixian.localhost"} <= hosts


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_server_answers_every_entry(walk, name):
    status, headers, body = fetch(walk.urls[name])
    assert status == EXPECTED_STATUS.get(name, 200), body[-2000:]
    assert headers["Content-Type"].startswith("text/html")
    assert b"<main" in body


def test_the_walk_reaches_what_its_names_promise(walk):
    def text(name):
        return fetch(walk.urls[name])[2].decode()

    assert "search-result" in text("search-results")
    assert "search-result" not in text("search-no-results")
    first, second = text("column"), text("column-page-2")
    assert first != second and 'rel="prev"' in second
    assert " selected>" in text("mailbox-letter-list-filtered") and " selected>" not in text("mailbox")
    column = walk.entries["link-column"]["column"]
    assert f'href="{column.split(str(walk.port))[1]}"' in text("link-column")
    assert fetch(column)[0] == 302
    assert 'lang="en"' in text("english-home") and 'lang="ru"' in text("russian-home")
