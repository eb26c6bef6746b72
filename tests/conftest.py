import os

import pytest
from wagtail.models import Site

from columns.models import ColumnPage
from sites.provisioning import provision_portal, provision_site
from sites.routing import own_pages_q

BASE_SITES = [
    # parent, level, name, hostname
    ("portal.test", "county", "集贤县人民政府", "jixian.portal.test"),
    ("portal.test", "county", "友谊县人民政府", "youyi.portal.test"),
    ("portal.test", "district", "尖山区人民政府", "jianshan.portal.test"),
    ("jixian.portal.test", "township", "集贤县福利镇人民政府", "fuli.jixian.portal.test"),
]


def build_base_cluster():
    provision_portal(name="双鸭山市人民政府", hostname="portal.test", code="2305000001")
    for parent, level, name, hostname in BASE_SITES:
        provision_site(parent=parent, level=level, name=name, hostname=hostname)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The portal, two counties, a district and a township, built once for the whole run."""
    with django_db_blocker.unblock():
        build_base_cluster()


@pytest.fixture
def sites(db):
    return {s.hostname.split(".")[0]: s for s in Site.objects.select_related("root_page", "profile")}


@pytest.fixture
def column(sites):
    """column(site_key, column_key) -> the ColumnPage of that site."""

    def get(site_key, key):
        return ColumnPage.objects.filter(own_pages_q(sites[site_key])).get(column_key=key)

    return get


def in_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")
