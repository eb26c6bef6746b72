import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sites.models import SiteProfile
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_closed_site_is_unpublished_and_redirects_to_its_parent(client, sites, column):
    news = ArticlePageFactory(parent=column("youyi", "news/local-news"), title="友谊县新闻")
    call_command("close_site", "youyi.localhost")

    profile = SiteProfile.objects.get(site__hostname="youyi.localhost")
    assert profile.status == "closed" and profile.closed_at
    news.refresh_from_db()
    assert not news.live
    assert not sites["youyi"].root_page.get_descendants(inclusive=True).live().exists()

    for path in [
        "/",
        "/news/local-news/",
        news.url_path.removeprefix(sites["youyi"].root_page.url_path.rstrip("/")),
    ]:
        response = client.get(path, HTTP_HOST="youyi.localhost")
        assert response.status_code == 301
        assert response["Location"] == "http://localhost/"


def test_closed_county_leaves_the_portal_home_and_feed(client, sites, column):
    ArticlePageFactory(parent=column("youyi", "news/local-news"), title="友谊县关停前的新闻")
    call_command("close_site", "youyi.localhost")
    home = client.get("/", HTTP_HOST="localhost").content.decode()
    assert "友谊县" not in home
    assert "友谊县关停前的新闻" not in client.get("/feeds/counties/", HTTP_HOST="localhost").content.decode()


def test_a_site_with_open_subsites_cannot_be_closed(sites):
    with pytest.raises(CommandError, match="fuli.jixian.localhost"):
        call_command("close_site", "jixian.localhost")
    assert SiteProfile.objects.get(site__hostname="jixian.localhost").is_open


def test_closing_township_then_county_redirects_township_to_nearest_open_site(client, sites):
    call_command("close_site", "fuli.jixian.localhost")
    assert client.get("/", HTTP_HOST="fuli.jixian.localhost")["Location"] == "http://jixian.localhost/"
    call_command("close_site", "jixian.localhost")
    assert client.get("/", HTTP_HOST="fuli.jixian.localhost")["Location"] == "http://localhost/"


@pytest.mark.parametrize("hostname, message", [("nowhere.test", "未找到站点"), ("localhost", "不能关停")])
def test_bad_close_requests_are_refused(sites, hostname, message):
    with pytest.raises(CommandError, match=message):
        call_command("close_site", hostname)
