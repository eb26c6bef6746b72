import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sites.models import SiteProfile
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_closed_site_is_unpublished_and_redirects_to_its_parent(client, sites, column):
    news = ArticlePageFactory(parent=column("youyi", "news/local-news"), title="友谊县新闻")
    call_command("close_site", "youyi.portal.test")

    profile = SiteProfile.objects.get(site__hostname="youyi.portal.test")
    assert profile.status == "closed" and profile.closed_at
    news.refresh_from_db()
    assert not news.live
    assert not sites["youyi"].root_page.get_descendants(inclusive=True).live().exists()

    for path in [
        "/",
        "/news/local-news/",
        news.url_path.removeprefix(sites["youyi"].root_page.url_path.rstrip("/")),
    ]:
        response = client.get(path, HTTP_HOST="youyi.portal.test")
        assert response.status_code == 301
        assert response["Location"] == "http://portal.test/"


def test_closed_county_leaves_the_portal_home_and_feed(client, sites, column):
    ArticlePageFactory(parent=column("youyi", "news/local-news"), title="友谊县关停前的新闻")
    call_command("close_site", "youyi.portal.test")
    home = client.get("/", HTTP_HOST="portal.test").content.decode()
    assert "友谊县" not in home
    assert (
        "友谊县关停前的新闻" not in client.get("/feeds/counties/", HTTP_HOST="portal.test").content.decode()
    )


def test_a_site_with_open_subsites_cannot_be_closed(sites):
    with pytest.raises(CommandError, match="fuli.jixian.portal.test"):
        call_command("close_site", "jixian.portal.test")
    assert SiteProfile.objects.get(site__hostname="jixian.portal.test").is_open


def test_closing_township_then_county_redirects_township_to_nearest_open_site(client, sites):
    call_command("close_site", "fuli.jixian.portal.test")
    assert client.get("/", HTTP_HOST="fuli.jixian.portal.test")["Location"] == "http://jixian.portal.test/"
    call_command("close_site", "jixian.portal.test")
    assert client.get("/", HTTP_HOST="fuli.jixian.portal.test")["Location"] == "http://portal.test/"


@pytest.mark.parametrize("hostname, message", [("nowhere.test", "未找到站点"), ("portal.test", "不能关停")])
def test_bad_close_requests_are_refused(sites, hostname, message):
    with pytest.raises(CommandError, match=message):
        call_command("close_site", hostname)
