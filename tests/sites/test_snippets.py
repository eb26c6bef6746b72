"""Units and site profiles: a county sees its own and its townships' (it chooses its own unit on a
column), the city's staff every one, a translator none; every snippet viewset is scoped so."""

import pytest
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from sites.models import SiteProfile, Unit
from sites.snippets import ScopedSnippetViewSet
from tests.admin import XHR
from tests.walls import staff, text_of, translator

pytestmark = pytest.mark.django_db

OWN = ["集贤县人民政府", "集贤县福利镇人民政府"]
FOREIGN = ["友谊县人民政府", "尖山区人民政府", "双鸭山市人民政府办公室"]


def test_every_snippet_viewset_is_scoped():
    """Wagtail's snippet choosers check no permission: a viewset added later must be scoped too."""
    for model in get_snippet_models():
        assert isinstance(model.snippet_viewset, ScopedSnippetViewSet), model


def endpoints(model, foreign_pk, query):
    label = f"{model._meta.app_label}_{model._meta.model_name}"
    chooser = f"wagtailsnippetchoosers_{label}"
    api = [model._meta.app_label, model._meta.model_name]
    yield reverse(f"{chooser}:choose")
    yield reverse(f"{chooser}:choose_results") + f"?q={query}"
    yield reverse(f"{chooser}:chosen", args=[foreign_pk])
    yield reverse(f"{chooser}:chosen_multiple") + f"?id={foreign_pk}"
    yield reverse("wagtail_localize:snippets_api_listing", args=api) + "?limit=1000"
    yield reverse("wagtail_localize:snippets_api_detail", args=[*api, foreign_pk])
    for name in ("list", "list_results"):
        yield reverse(f"wagtailsnippets_{label}:{name}")
    for name in ("edit", "usage", "history", "copy", "delete"):
        yield reverse(f"wagtailsnippets_{label}:{name}", args=[foreign_pk])


def seen(client, model, foreign_pk, query):
    return "".join(text_of(client.get(url, {"p": 1}, **XHR)) for url in endpoints(model, foreign_pk, query))


@pytest.fixture(params=["editor", "final_review"])
def county_staff(request, sites, client):
    user = staff(sites, "jixian", request.param)
    client.force_login(user)
    return user


def test_a_county_sees_only_its_own_and_its_townships_units(client, county_staff):
    youyi = Unit.objects.get(name="友谊县人民政府")
    text = seen(client, Unit, youyi.pk, "人民政府")
    assert [name for name in FOREIGN if name in text] == []
    api = reverse("wagtail_localize:snippets_api_listing", args=["sites", "unit"])
    assert sorted(unit["title"] for unit in client.get(api).json()) == sorted(OWN)
    chooser = reverse("wagtailsnippetchoosers_sites_unit:choose")
    assert all(name in text_of(client.get(chooser, **XHR)) for name in OWN)


def test_a_county_sees_only_its_own_and_its_townships_profiles(client, sites, county_staff):
    youyi = sites["youyi"].profile
    text = seen(client, SiteProfile, youyi.pk, "人民政府")
    assert [name for name in FOREIGN if name in text and "办公室" not in name] == []
    chooser = reverse("wagtailsnippetchoosers_sites_siteprofile:choose")
    assert all(name in text_of(client.get(chooser, **XHR)) for name in OWN)


def test_a_county_chooses_its_own_unit_on_its_column(client, county_staff):
    own = Unit.objects.get(name="集贤县人民政府")
    response = client.get(reverse("wagtailsnippetchoosers_sites_unit:chosen", args=[own.pk]), **XHR)
    assert response.status_code == 200 and response.json()["result"]["string"] == "集贤县人民政府"


def test_a_translator_sees_no_unit_or_profile(client, sites):
    client.force_login(translator())
    text = seen(client, Unit, Unit.objects.get(name="友谊县人民政府").pk, "人民政府")
    text += seen(client, SiteProfile, sites["youyi"].profile.pk, "人民政府")
    assert [name for name in OWN + FOREIGN if name in text] == []


def test_the_city_staff_see_every_unit_and_profile(client, sites):
    client.force_login(staff(sites, "portal"))
    api = reverse("wagtail_localize:snippets_api_listing", args=["sites", "unit"]) + "?limit=1000"
    assert {unit["title"] for unit in client.get(api).json()} == set(Unit.objects.values_list("name", flat=True))
    api = reverse("wagtail_localize:snippets_api_listing", args=["sites", "siteprofile"]) + "?limit=1000"
    assert len(client.get(api).json()) == SiteProfile.objects.count()


def test_superusers_list_every_unit_and_profile(admin_client):
    units = admin_client.get(reverse("wagtailsnippets_sites_unit:list"), {"kind": "city_department"})
    assert "双鸭山市人民政府办公室" in units.content.decode()
    profiles = admin_client.get(reverse("wagtailsnippets_sites_siteprofile:list"))
    assert all(name in profiles.content.decode() for name in OWN + ["友谊县人民政府"])


def test_hostile_ids_choose_nothing(client, county_staff):
    for url in (
        reverse("wagtailsnippetchoosers_sites_unit:chosen", args=["1 OR 1=1"]),
        reverse("wagtailsnippetchoosers_sites_unit:chosen_multiple") + "?id=abc&id=1;drop",
        reverse("wagtailadmin_choose_page_chosen_multiple") + "?id=abc&id=",
    ):
        response = client.get(url, **XHR)
        assert response.status_code in (200, 404), url
        assert "友谊县" not in text_of(response)
