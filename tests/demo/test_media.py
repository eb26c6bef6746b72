"""The demo's pictures and documents lie in their own site's collection, where its editors may
choose them (`make demo` on SQLite, as the embedded default runs it)."""

import pytest

from .build import run_script

INSPECT = """
import django, json
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models
from files.access import choosable, media_models
from sites.models import SiteProfile
from sites.units import unit_pages_q

profiles = list(SiteProfile.objects.select_related("site", "root_page", "collection"))
site_of_page = {}
for profile in profiles:
    for pk in Page.objects.filter(unit_pages_q(profile)).values_list("pk", flat=True):
        site_of_page[pk] = profile.web_address
users = {}  # (app label, media pk) -> hostnames of the sites whose pages use it
for model in get_page_models():
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model in media_models():
            for pk, media in model.objects.exclude(**{field.attname: None}).values_list("pk", field.attname):
                key = f"{field.related_model._meta.label}:{media}"
                users.setdefault(key, set()).add(site_of_page[pk])
collection_of = {p.collection_id: p.web_address for p in profiles}
media = {}
for model in media_models():
    for item in model.objects.all():
        key = f"{model._meta.label}:{item.pk}"
        media[key] = {"collection": collection_of.get(item.collection_id), "used_by": sorted(users.get(key, ()))}
editor = get_user_model().objects.get(username="jixian_editor")
choosable_images = set(choosable(editor, get_image_model()).values_list("pk", flat=True))
# Residents get the pictures of live pages as soon as the demo is built, before any worker runs.
live_image_ids = {
    pk
    for model in get_page_models()
    for field in model._meta.concrete_fields
    if field.is_relation and field.related_model is get_image_model()
    for pk in model.objects.filter(live=True).exclude(**{field.attname: None}).values_list(field.attname, flat=True)
}
live_images = get_image_model().objects.filter(pk__in=live_image_ids).order_by("pk")[:5]
public = {image.file.url: Client().get(image.file.url, HTTP_HOST="localhost:8000").status_code for image in live_images}
client = Client()
client.force_login(editor)
print(json.dumps({
    "media": media,
    "jixian_choosable": sorted(f"wagtailimages.Image:{pk}" for pk in choosable_images),
    "chooser": client.get("/admin/images/chooser/results/", HTTP_HOST="localhost:8000").content.decode(),
    "titles": {f"wagtailimages.Image:{i.pk}": i.title for i in get_image_model().objects.all()},
    "public": public,
    "default_groups": list(Group.objects.filter(name__in=["Editors", "Moderators"]).values_list("name", flat=True)),
}))
"""


@pytest.fixture(scope="module")
def media(demo):
    demo_env, _ = demo
    return run_script(demo_env, INSPECT)


def test_every_demo_image_and_document_lies_in_the_collection_of_a_site_that_uses_it(media):
    assert media["media"], "the demo has pictures"
    for key, item in media["media"].items():
        assert item["collection"] is not None, key  # a site's collection, never the root
        assert item["used_by"], key
        assert item["collection"] in item["used_by"], key


def test_jixian_editor_chooses_jixians_pictures_and_no_other_sites(media):
    own = {key for key, item in media["media"].items() if item["collection"] == "jixian.localhost"}
    assert own, "集贤县 has photo news"
    assert set(media["jixian_choosable"]) == own
    shown = {key for key, title in media["titles"].items() if title in media["chooser"]}
    assert shown and shown <= own  # the chooser's first page


def test_the_demo_has_no_default_groups(media):
    assert media["default_groups"] == []


def test_residents_get_the_pictures_of_live_pages_once_the_demo_is_built(media):
    assert media["public"], "the demo's photo news have pictures"
    assert set(media["public"].values()) == {200}, media["public"]
