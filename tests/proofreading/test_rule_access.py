"""The city's 校对规则 (forbidden and sensitive words) are the city staff's only: no county's staff
and no translator reads them, through Wagtail's listing, chooser or wagtail-localize's API."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from proofreading.models import ProofreadingRule
from tests.admin import XHR
from tests.walls import staff, text_of, translator

pytestmark = pytest.mark.django_db

WORD = "机密禁用词甲"


@pytest.fixture
def rule():
    return ProofreadingRule.objects.create(kind=ProofreadingRule.Kind.FORBIDDEN, pattern=WORD, note="市级说明乙")


def rule_urls(rule):
    snippets = "wagtailsnippets_proofreading_proofreadingrule"
    chooser = "wagtailsnippetchoosers_proofreading_proofreadingrule"
    for name in ("list", "list_results", "add"):
        yield reverse(f"{snippets}:{name}")
    for name in ("edit", "delete", "usage", "history", "history_results", "copy"):
        yield reverse(f"{snippets}:{name}", args=[rule.pk])
    yield reverse(f"{snippets}:list") + "?export=csv"
    for name in ("choose", "choose_results", "create"):
        yield reverse(f"{chooser}:{name}")
    yield reverse(f"{chooser}:choose_results") + f"?q={WORD}"
    yield reverse(f"{chooser}:chosen", args=[rule.pk])
    yield reverse(f"{chooser}:chosen_multiple") + f"?id={rule.pk}"
    yield reverse("wagtail_localize:snippets_api_listing", args=["proofreading", "proofreadingrule"])
    yield reverse("wagtail_localize:snippets_api_detail", args=["proofreading", "proofreadingrule", rule.pk])
    yield reverse("wagtail_localize:submit_snippet_translation", args=["proofreading", "proofreadingrule", rule.pk])


@pytest.fixture(params=["county-editor", "county-reviewer", "township-editor", "translator", "city-sensitive"])
def outsider(request, sites, client):
    user = {
        "county-editor": lambda: staff(sites, "jixian"),
        "county-reviewer": lambda: staff(sites, "youyi", "final_review"),
        "township-editor": lambda: staff(sites, "fuli"),
        "translator": translator,
        "city-sensitive": lambda: staff(sites, "jixian"),
    }[request.param]()
    if request.param == "city-sensitive":
        user.groups.set([Group.objects.get(name="市级敏感信息审核")])
    client.force_login(user)
    return user


def test_no_outsider_reads_the_city_rules(client, outsider, rule):
    for url in rule_urls(rule):
        for headers in ({}, XHR):
            response = client.get(url, **headers)
            assert WORD not in text_of(response) and "市级说明乙" not in text_of(response), url
    assert ProofreadingRule.objects.filter(pattern=WORD).count() == 1


def test_the_city_staff_choose_and_list_the_rules(client, sites, rule):
    """The control: the portal's staff (city staff) read the rules everywhere."""
    client.force_login(staff(sites, "portal"))
    chooser = "wagtailsnippetchoosers_proofreading_proofreadingrule"
    assert WORD in text_of(client.get(reverse(f"{chooser}:choose"), **XHR))
    assert WORD in text_of(client.get(reverse(f"{chooser}:chosen", args=[rule.pk]), **XHR))
    api = reverse("wagtail_localize:snippets_api_listing", args=["proofreading", "proofreadingrule"])
    assert WORD in text_of(client.get(api))
    assert WORD in text_of(client.get(reverse("wagtailsnippets_proofreading_proofreadingrule:list")))
