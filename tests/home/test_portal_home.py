import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from home.fragments import new_content_generation
from sites.models import SiteProfile
from sites.provisioning import provision_site
from tests.factories import ArticlePageFactory, ImageFactory, NoticePageFactory

pytestmark = pytest.mark.django_db

# Pinned: the portal home costs this many queries whatever the number of subsites: its blocks' columns,
# their items (one per item model) and the photo news' renditions; the counties' and districts' news
# (their profiles, the units nested in them left out, the news); the city departments' 专属网页
# (listed). The site, its profile, home page, channels and footer come from the per-site cache
# (sites.caching), and so does the route to the page (sites.serving).
PORTAL_HOME_QUERIES = 8


def add_subsites(count, start=0):
    for n in range(start, start + count):
        level = "county" if n % 2 else "district"
        site = provision_site(parent="localhost", level=level, name=f"测试{n}区县", hostname=f"s{n}.test").site
        news = site.root_page.get_descendants().get(columnpage__column_key="news/local-news")
        for k in range(3):
            ArticlePageFactory(parent=news, title=f"测试{n}区县新闻{k}")


@pytest.fixture
def portal_content(column):
    now = timezone.now()
    for n in range(3):
        ArticlePageFactory(
            parent=column("portal", "homepage/current-affairs/secretary-mayor-activities"), title=f"时政{n}"
        )
        NoticePageFactory(parent=column("portal", "homepage/notices"), title=f"通知{n}")
        ArticlePageFactory(
            parent=column("portal", "homepage/photo-news"),
            title=f"图片{n}",
            kind="photo",
            image=ImageFactory(),
            first_published_at=now - timedelta(days=n),
        )


def render_home(client):
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    return response.content.decode()


def test_portal_home_shows_blocks_and_one_block_per_county_and_district(client, column, portal_content):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤县最新动态", slug="latest")
    ArticlePageFactory(parent=column("fuli", "news"), title="福利镇动态不进县域块")
    html = render_home(client)
    for heading in ["时政信息", "通知公告", "图片信息", "部门动态", "县域动态", "区域动态"]:
        assert f">{heading}<" in html
    county = html[html.index("县域动态") : html.index("区域动态")]
    district = html[html.index("区域动态") :]
    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", county) == ["集贤县", "友谊县"]
    assert re.findall(r"<h3><a [^>]+>([^<]+)</a></h3>", district) == ["尖山区"]
    assert '<a href="http://jixian.localhost/news/local-news/latest/">集贤县最新动态</a>' in county
    assert "福利镇动态不进县域块" not in html
    assert "通知2" in html and "时政1" in html


def test_county_block_lists_newest_live_news_first_and_limits_its_length(client, column):
    news = column("youyi", "news/local-news")
    now = timezone.now()
    for n in range(8):
        ArticlePageFactory(parent=news, title=f"友谊县第{n}条", first_published_at=now - timedelta(days=n))
    ArticlePageFactory(parent=news, title="友谊县草稿", live=False)
    html = render_home(client)
    block = html[html.index(">友谊县<") : html.index("区域动态")]
    titles = re.findall(r"友谊县第(\d)条", block)
    assert titles == ["0", "1", "2", "3", "4", "5"]
    assert "草稿" not in block


def test_photo_news_uses_600x400_renditions(client, portal_content):
    html = render_home(client)
    assert re.search(r'<img [^>]*height="400"[^>]*width="600"', html) or re.search(
        r'<img [^>]*width="600"[^>]*height="400"', html
    )


def count_home_queries(client):
    """The queries of building the home's body (kept in the cache until content changes)."""
    render_home(client)  # renditions are made on the first render
    new_content_generation()
    with CaptureQueriesContext(connection) as queries:
        render_home(client)
    return len(queries)


def test_home_query_count_is_the_same_with_8_and_30_subsites(client, portal_content):
    add_subsites(5)
    with_8 = count_home_queries(client)
    add_subsites(22, start=5)
    with_30 = count_home_queries(client)
    html = render_home(client)
    assert html.count('class="site-block"') == 30
    assert with_8 == with_30 == PORTAL_HOME_QUERIES


def test_the_body_is_kept_until_content_changes_anywhere(client, column, django_assert_num_queries):
    render_home(client)
    with django_assert_num_queries(0):
        render_home(client)
    news = ArticlePageFactory(parent=column("youyi", "news/local-news"), title="友谊县刚发布的动态")
    assert "友谊县刚发布的动态" in render_home(client)
    news.unpublish()
    assert "友谊县刚发布的动态" not in render_home(client)
    profile = SiteProfile.objects.get(site__hostname="youyi.localhost")
    profile.name = "友谊县新名人民政府"
    profile.save()
    assert ">友谊县新名<" in render_home(client)
