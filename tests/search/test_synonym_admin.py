"""The synonym dictionary in the admin: the city's staff list, search, add, edit and delete it, with
clear refusals in Chinese; nobody else sees or changes it."""

import pytest
from django.urls import reverse

from search.models import Synonym
from search.query import Query
from tests.admin import XHR
from tests.walls import staff, text_of, translator

pytestmark = pytest.mark.django_db

SNIPPETS = "wagtailsnippets_search_synonym"


@pytest.fixture
def city(client, sites):
    user = staff(sites, "portal")
    client.force_login(user)
    return user


def test_the_city_staff_list_and_search_the_dictionary(client, city):
    listing = text_of(client.get(reverse(f"{SNIPPETS}:list")))
    assert "搜索同义词" in listing and "群众用语" in listing and "规范用语" in listing
    one = text_of(client.get(reverse(f"{SNIPPETS}:list"), {"q": "公租房"}))
    assert "公租房" in one and "公共租赁住房" in one
    found = text_of(client.get(reverse(f"{SNIPPETS}:list"), {"q": "住房公积金"}))
    assert "公积金" in found and "公租房" not in found


def test_the_city_staff_add_edit_and_delete_a_synonym_and_queries_follow(client, city):
    response = client.post(
        reverse(f"{SNIPPETS}:add"), {"term": " 稻花香 ", "expansions": "五常大米\n\n响水大米、五常大米"}
    )
    assert response.status_code == 302
    synonym = Synonym.objects.get(term="稻花香")
    assert synonym.expansions == "五常大米\n响水大米" and synonym.updated_by == city
    assert ("五常", "大米") in Query.parse("稻花香").groups[0]

    response = client.post(reverse(f"{SNIPPETS}:edit", args=[synonym.pk]), {"term": "稻花香", "expansions": "响水大米"})
    assert response.status_code == 302
    assert Synonym.objects.get(pk=synonym.pk).expansions == "响水大米"
    assert ("五常", "大米") not in Query.parse("稻花香").groups[0]

    response = client.post(reverse(f"{SNIPPETS}:delete", args=[synonym.pk]))
    assert response.status_code == 302 and not Synonym.objects.filter(pk=synonym.pk).exists()
    assert Query.parse("稻花香").groups == ((("稻",),), (("花香",),))


@pytest.mark.parametrize(
    "term, expansions, message",
    [
        ("", "五常大米", "请填写群众用语"),
        ("稻" * 51, "五常大米", "不能超过50个字"),
        ("稻花香", "", "请至少填写一个规范用语"),
        ("稻花香", "稻花香", "与群众用语相同"),
        ("稻花香", "米" * 51, "每个规范用语不能超过50个字"),
        ("稻花香", "\n".join(f"大米{n}" for n in range(21)), "规范用语最多20个"),
        ("！？。", "大米", "不能只有标点"),
        ("公租房", "廉租住房", "已在词典中"),
    ],
)
def test_a_refused_synonym_changes_nothing_and_says_why(client, city, term, expansions, message):
    before = list(Synonym.objects.order_by("pk").values_list("term", "expansions"))
    response = client.post(reverse(f"{SNIPPETS}:add"), {"term": term, "expansions": expansions})
    assert response.status_code == 200 and message in response.content.decode()
    assert list(Synonym.objects.order_by("pk").values_list("term", "expansions")) == before


def test_an_edit_refused_leaves_the_synonym_as_it_was(client, city):
    synonym = Synonym.objects.get(term="公租房")
    response = client.post(reverse(f"{SNIPPETS}:edit", args=[synonym.pk]), {"term": "公租房", "expansions": "公租房"})
    assert response.status_code == 200 and "与群众用语相同" in response.content.decode()
    assert Synonym.objects.get(pk=synonym.pk).expansions == "公共租赁住房"


@pytest.fixture(params=["county-editor", "county-reviewer", "township-editor", "translator"])
def outsider(request, sites, client):
    user = {
        "county-editor": lambda: staff(sites, "jixian"),
        "county-reviewer": lambda: staff(sites, "youyi", "final_review"),
        "township-editor": lambda: staff(sites, "fuli"),
        "translator": translator,
    }[request.param]()
    client.force_login(user)
    return user


def test_no_one_but_the_city_staff_reads_or_changes_the_dictionary(client, outsider):
    synonym = Synonym.objects.get(term="公租房")
    for url in [reverse(f"{SNIPPETS}:list"), reverse(f"{SNIPPETS}:add")] + [
        reverse(f"{SNIPPETS}:{name}", args=[synonym.pk]) for name in ("edit", "delete", "history")
    ]:
        for headers in ({}, XHR):
            assert "公共租赁住房" not in text_of(client.get(url, **headers)), url
    client.post(reverse(f"{SNIPPETS}:add"), {"term": "稻花香", "expansions": "五常大米"})
    client.post(reverse(f"{SNIPPETS}:edit", args=[synonym.pk]), {"term": "公租房", "expansions": "别的"})
    client.post(reverse(f"{SNIPPETS}:delete", args=[synonym.pk]))
    assert not Synonym.objects.filter(term="稻花香").exists()
    assert Synonym.objects.get(pk=synonym.pk).expansions == "公共租赁住房"
