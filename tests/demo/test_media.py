"""The demo's pictures and documents lie in their own site's collection, where its editors may
choose them (`make demo` on SQLite, as the embedded default runs it)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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
from sites.routing import own_pages_q

profiles = list(SiteProfile.objects.select_related("site__root_page", "collection"))
site_of_page = {}
for profile in profiles:
    for pk in Page.objects.filter(own_pages_q(profile.site)).values_list("pk", flat=True):
        site_of_page[pk] = profile.site.hostname
users = {}  # (app label, media pk) -> hostnames of the sites whose pages use it
for model in get_page_models():
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model in media_models():
            for pk, media in model.objects.exclude(**{field.attname: None}).values_list("pk", field.attname):
                key = f"{field.related_model._meta.label}:{media}"
                users.setdefault(key, set()).add(site_of_page[pk])
collection_of = {p.collection_id: p.site.hostname for p in profiles}
media = {}
for model in media_models():
    for item in model.objects.all():
        key = f"{model._meta.label}:{item.pk}"
        media[key] = {"collection": collection_of.get(item.collection_id), "used_by": sorted(users.get(key, ()))}
editor = get_user_model().objects.get(username="jixian_editor")
choosable_images = set(choosable(editor, get_image_model()).values_list("pk", flat=True))
client = Client()
client.force_login(editor)
print(json.dumps({
    "media": media,
    "jixian_choosable": sorted(f"wagtailimages.Image:{pk}" for pk in choosable_images),
    "chooser": client.get("/admin/images/chooser/results/", HTTP_HOST="localhost:8000").content.decode(),
    "titles": {f"wagtailimages.Image:{i.pk}": i.title for i in get_image_model().objects.all()},
    "default_groups": list(Group.objects.filter(name__in=["Editors", "Moderators"]).values_list("name", flat=True)),
}))
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo-media") / "db.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "cluster.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(db.parent / "media"),
    }
    for args in (
        ["manage.py", "migrate", "--noinput"],
        ["manage.py", "demo_cluster", "--port", "8000"],
        ["-c", INSPECT],
    ):
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_demo_image_and_document_lies_in_the_collection_of_a_site_that_uses_it(demo):
    assert demo["media"], "the demo has pictures"
    for key, item in demo["media"].items():
        assert item["collection"] is not None, key  # a site's collection, never the root
        assert item["used_by"], key
        assert item["collection"] in item["used_by"], key


def test_jixian_editor_chooses_jixians_pictures_and_no_other_sites(demo):
    own = {key for key, item in demo["media"].items() if item["collection"] == "jixian.localhost"}
    assert own, "集贤县 has photo news"
    assert set(demo["jixian_choosable"]) == own
    shown = {key for key, title in demo["titles"].items() if title in demo["chooser"]}
    assert shown and shown <= own  # the chooser's first page


def test_the_demo_has_no_default_groups(demo):
    assert demo["default_groups"] == []
