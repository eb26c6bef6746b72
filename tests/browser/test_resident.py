"""A resident opens the portal, follows the county news to the county's own site and back."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from wagtail.models import Site

from sites.caching import forget_sites
from tests.conftest import build_base_cluster
from tests.factories import ArticlePageFactory, ImageFactory, NoticePageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cluster(live_server):
    port = urlsplit(live_server.url).port
    # The session's base cluster (tests/conftest.py), or a new one if a transactional test flushed it.
    build_base_cluster()
    Site.objects.update(port=port)
    forget_sites()
    portal = Site.objects.get(hostname="localhost")
    county = Site.objects.get(hostname="jixian.localhost")

    def column(site, key):
        return site.root_page.get_descendants().get(columnpage__column_key=key)

    now = timezone.now()
    NoticePageFactory(parent=column(portal, "homepage/notices"), title="关于做好冬季供暖工作的通知")
    ArticlePageFactory(
        parent=column(portal, "homepage/photo-news"),
        title="乌苏里江饶河段迎来开江",
        kind="photo",
        image=ImageFactory(),
    )
    for n, title in enumerate(["集贤县秋粮收获工作有序推进", "集贤县召开优化营商环境工作会议"]):
        ArticlePageFactory(
            parent=column(county, "news/local-news"),
            title=title,
            slug=f"news-{n}",
            first_published_at=now - timedelta(hours=n),
            body="<p>近日，集贤县各乡镇抢抓晴好天气，组织农机开展秋粮收获。</p>",
        )
    return (
        f"http://localhost:{port}",
        f"http://jixian.localhost:{port}",
        f"http://fuli.jixian.localhost:{port}",
    )


def test_resident_goes_from_portal_to_county_news_and_back(cluster, browser):
    portal_url, county_url, township_url = cluster
    page = browser.new_page()
    page.goto(portal_url + "/")
    assert page.title() == "双鸭山市人民政府"
    assert page.get_by_role("heading", name="县域动态").is_visible()
    assert page.get_by_role("link", name="关于做好冬季供暖工作的通知").is_visible()
    photo = page.locator(".photo-list img").first
    assert photo.get_attribute("width") == "600" and photo.get_attribute("height") == "400"
    assert "网站标识码：2305000001" in page.locator("footer").inner_text()

    county_block = page.locator(".site-block", has=page.get_by_role("link", name="集贤县", exact=True))
    links = county_block.locator("li a")
    assert links.all_inner_texts() == ["集贤县秋粮收获工作有序推进", "集贤县召开优化营商环境工作会议"]

    links.first.click()
    page.wait_for_load_state()
    assert page.url == county_url + "/news/local-news/news-0/"
    assert page.get_by_role("heading", level=1).inner_text() == "集贤县秋粮收获工作有序推进"
    assert "组织农机开展秋粮收获" in page.locator("article").inner_text()
    assert page.locator("nav.breadcrumbs").inner_text().replace("\xa0", " ") == (
        "当前位置：首页 > 新闻动态 > 本地要闻 > 集贤县秋粮收获工作有序推进"
    )
    footer = page.locator("footer").inner_text()
    assert "主办单位：集贤县人民政府办公室" in footer and "网站标识码：2305000002" in footer

    page.get_by_role("navigation", name="频道导航").get_by_role("link", name="首页").click()
    page.wait_for_load_state()
    assert page.url == county_url + "/"
    page.get_by_role("link", name="集贤县福利镇人民政府").click()
    page.wait_for_load_state()
    assert page.url == township_url + "/"

    page.goto(county_url + "/fuli/")
    assert page.url == township_url + "/"  # the county's address of a township page redirects

    page.goto(county_url + "/")
    page.get_by_role("link", name="返回双鸭山市人民政府").click()
    page.wait_for_load_state()
    assert page.url == portal_url + "/"


def test_portal_is_usable_on_a_phone(cluster, browser):
    portal_url, county_url, _ = cluster
    page = browser.new_page(viewport={"width": 375, "height": 800})
    for url in (portal_url + "/", county_url + "/news/local-news/news-0/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
        assert page.get_by_role("navigation", name="频道导航").is_visible()
