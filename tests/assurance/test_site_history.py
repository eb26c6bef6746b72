"""Wagtail's site history shows a user the records of the sites they oversee only: a county its own
site and its townships, the city's staff every site; media records of their own collections."""

import pytest
from wagtail.log_actions import log
from wagtail.models import Collection

from sites.models import SiteGroup
from tests.factories import ArticlePageFactory, ImageFactory, UserFactory

pytestmark = pytest.mark.django_db

URLS = [
    "/admin/reports/site-history/",
    "/admin/reports/site-history/results/",
    "/admin/reports/site-history/?export=csv",
]
RECORDS = {"portal": "门户记录", "youyi": "友谊县记录", "jixian": "集贤县记录", "fuli": "福利镇记录"}
NEWS = {"portal": "homepage/department-news", "fuli": "news", "jixian": "news/local-news", "youyi": "news/local-news"}


def member(sites, key, role="editor", **fields):
    return UserFactory(groups=[SiteGroup.objects.get(profile__site=sites[key], role=role).group], **fields)


@pytest.fixture
def records(sites, column):
    """A page record and an image record on each site, each by a user of that site; newest first."""
    for key in reversed(list(RECORDS)):
        author = member(sites, key, username=f"{key}-author")
        page = ArticlePageFactory(parent=column(key, NEWS[key]), title=RECORDS[key])
        page.save_revision(user=author, log_action=True)
        image = ImageFactory(title=f"{RECORDS[key]}图片", collection=Collection.objects.get(name=sites[key].site_name))
        log(image, "wagtail.create", user=author)


def _text(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", ["editor", "first_review", "final_review"])
def test_a_county_sees_its_own_sites_records_only(client, sites, records, url, role):
    client.force_login(member(sites, "jixian", role))
    text = _text(client, url)
    for key in ("jixian", "fuli"):
        assert RECORDS[key] in text
    for key in ("portal", "youyi"):
        assert RECORDS[key] not in text and f"{key}-author" not in text, key
    assert "友谊县记录图片" not in text and "门户记录图片" not in text


def test_a_township_does_not_see_its_county(client, sites, records):
    client.force_login(member(sites, "fuli"))
    text = _text(client, URLS[0])
    assert RECORDS["fuli"] in text and RECORDS["jixian"] not in text and "jixian-author" not in text


def test_the_citys_staff_see_every_site(client, sites, records):
    client.force_login(member(sites, "portal"))
    text = _text(client, URLS[0])
    assert all(title in text for title in RECORDS.values())
