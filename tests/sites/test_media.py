"""Each site's media live in a collection of its own, which only its groups may use; no group
holds rights over the root collection or the root page."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from sites.models import SiteGroup
from sites.provisioning import provision_site
from tests.factories import ImageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_wagtails_default_groups_are_gone():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not GroupCollectionPermission.objects.filter(collection=Collection.get_first_root_node()).exists()
    assert not GroupPagePermission.objects.filter(page__depth=1).exists()


def test_every_site_has_its_own_collection_below_the_root(sites):
    collections = [site.profile.collection for site in sites.values()]
    assert None not in collections
    assert len({c.pk for c in collections}) == len(collections)
    assert all(c.depth == 2 for c in collections)


def test_a_sites_groups_hold_media_rights_on_its_collection_only(sites):
    for key, site in sites.items():
        for link in SiteGroup.objects.filter(profile=site.profile):
            held = set(GroupCollectionPermission.objects.filter(group=link.group).values_list("collection", flat=True))
            assert held == {site.profile.collection_id}, (key, link.role)


def test_sites_of_the_same_name_do_not_share_a_collection(sites):
    """Two townships may bear one name under different counties."""
    first = provision_site(
        parent="jixian.localhost", level="township", name="城关镇人民政府", hostname="chengguan.jixian.localhost"
    ).site
    second = provision_site(
        parent="youyi.localhost", level="township", name="城关镇人民政府", hostname="chengguan.youyi.localhost"
    ).site
    assert first.profile.collection != second.profile.collection
    picture = ImageFactory(collection=first.profile.collection)
    other = UserFactory(groups=[SiteGroup.objects.get(profile=second.profile, role="editor").group])
    assert not picture.is_editable_by_user(other)
    assert (
        provision_site(
            parent="jixian.localhost", level="township", name="城关镇人民政府", hostname="chengguan.jixian.localhost"
        ).site.profile.collection
        == first.profile.collection
    )  # running again keeps it


def test_an_editor_chooses_own_sites_images_only(client, sites):
    own = ImageFactory(title="集贤县照片", collection=sites["jixian"].profile.collection)
    ImageFactory(title="友谊县照片", collection=sites["youyi"].profile.collection)
    ImageFactory(title="根目录照片", collection=Collection.get_first_root_node())
    editor = UserFactory(groups=[SiteGroup.objects.get(profile__site=sites["jixian"], role="editor").group])
    client.force_login(editor)
    html = client.get("/admin/images/chooser/results/").content.decode()
    assert "集贤县照片" in html and "友谊县照片" not in html and "根目录照片" not in html
    assert client.get(f"/admin/images/chooser/chosen/{own.pk}/").status_code == 200
