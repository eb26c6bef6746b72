"""Resident pages cost a fixed, small number of SQL queries once their site's cache is warm
(sites.caching, sites.serving), and what the cache holds changes with the data: on the changed
site only."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site
from wagtail_localize.operations import translate_object

from columns.models import ChannelPage, ColumnPage
from columns.skeleton import DEPARTMENT_INDEX_KEY
from home.fragments import new_content_generation
from sites.caching import any_view_restrictions, chrome_of, invalidate_sites_of_profiles, page_changed, site_gen_key
from sites.models import SiteProfile, Unit
from sites.provisioning import provision_site
from sites.units import unit_pages_q
from tests.factories import ArticlePageFactory, ImageFactory
from tests.home.test_portal_home import PORTAL_HOME_QUERIES, portal_content  # noqa: F401
from tests.translations.conftest import (  # noqa: F401
    english,
    foreign_trees,
    russian,
    translate_segments,
    translated_profile,
)
from translations.jobs import translate_subtree

pytestmark = pytest.mark.django_db

# An item page: the pages on its address (one query), its own row (specific), the submission it
# may have been adopted from, its lead image. Site, profile, home page, channels, footer and the
# 专属网页 holding it come from the site's cache; the breadcrumbs from the route.
ITEM_QUERIES = 4
# A column: the pages on its address, its row, its sub-columns (ids and types), the count and the
# page of its items (and its latest 核查 for a fixed column, none for 本地要闻).
COLUMN_QUERIES = 5
# An English item of the portal: as a Chinese one, with its versions in the other languages (the
# portal's pages have some) and without an image.
FOREIGN_ITEM_QUERIES = 4


def path_of(page, site):
    return page.url_path.removeprefix(site.root_page.url_path.rstrip("/"))


def budget(client, django_assert_num_queries, url, host, queries):
    """The page, requested twice: the first fills the cache, the second costs `queries`; both the same."""
    first = client.get(url, HTTP_HOST=host)
    assert first.status_code == 200, (url, host, first.status_code)
    with django_assert_num_queries(queries):
        second = client.get(url, HTTP_HOST=host)
    assert second.status_code == 200
    assert second.content == first.content  # the cached site renders as the database one
    return second.content.decode()


def news_newest_first(parent, prefix, count=5, **fields):
    """Items created newest first: the tree order is the reverse of the dates'."""
    now = timezone.now()
    return [
        ArticlePageFactory(parent=parent, title=f"{prefix}{n}", first_published_at=now - timedelta(hours=n), **fields)
        for n in range(count)
    ]


@pytest.fixture
def department(sites):
    """A city department's 专属网页 under the portal's 公开目录, with its own unit."""
    unit = Unit.objects.create(name="双鸭山市统计局", kind=Unit.Kind.CITY_DEPARTMENT)
    profile = provision_site(
        parent="localhost", level="department", name="市统计局", path=f"{DEPARTMENT_INDEX_KEY}/tongji"
    )
    profile = profile.profile
    profile.unit = unit
    profile.save()
    return profile


def nav(html):
    block = html[html.index('class="channels"') :]
    return re.findall(r"<li><a [^>]+>([^<]+)</a></li>", block[: block.index("</nav>")])


def footer(html):
    return html[html.index('<footer class="site-footer">') :]


# --- budgets -------------------------------------------------------------------------------------


def test_a_county_item_page(client, sites, column, django_assert_num_queries):
    news_newest_first(column("youyi", "news/local-news"), "友谊县新闻")  # another site's items
    items = news_newest_first(column("jixian", "news/local-news"), "集贤县新闻", image=ImageFactory())
    html = budget(
        client, django_assert_num_queries, path_of(items[2], sites["jixian"]), "jixian.localhost", ITEM_QUERIES
    )
    assert "<h1>集贤县新闻2</h1>" in html
    assert re.search(r"当前位置：<a [^>]+>首页</a> &gt; <a [^>]+>新闻动态</a> &gt; <a [^>]+>本地要闻</a>", html)
    assert '<meta name="ColumnName" content="本地要闻">' in html
    assert "主办单位：集贤县人民政府" in footer(html) and "返回双鸭山市人民政府" in html
    assert "language-switcher" not in html and "友谊县" not in html


def test_a_township_site_page_and_a_department_section_page(
    client, sites, column, department, django_assert_num_queries
):
    items = news_newest_first(column("fuli", "news"), "福利镇新闻", image=ImageFactory())
    html = budget(
        client, django_assert_num_queries, path_of(items[1], sites["fuli"]), "fuli.jixian.localhost", ITEM_QUERIES
    )
    assert "<h1>福利镇新闻1</h1>" in html and "返回集贤县人民政府" in html

    own = ColumnPage.objects.filter(unit_pages_q(department)).get(column_key="government-affairs-info")
    items = news_newest_first(own, "统计局政务信息", image=ImageFactory())
    html = budget(client, django_assert_num_queries, path_of(items[3], sites["portal"]), "localhost", ITEM_QUERIES)
    assert "<h1>统计局政务信息3</h1>" in html
    assert "维护单位：双鸭山市统计局" in footer(html)


def test_an_english_page_of_the_portal(client, sites, translated_profile, english, django_assert_num_queries):  # noqa: F811
    _home, channel = translated_profile
    page = channel.get_descendants().get(slug="geography").get_translation(english)
    english_home = sites["portal"].root_page.get_translation(english)
    html = budget(
        client,
        django_assert_num_queries,
        "/en" + page.url_path.removeprefix(english_home.url_path.rstrip("/")),
        "localhost",
        FOREIGN_ITEM_QUERIES,
    )
    assert '<html lang="en">' in html
    assert re.search(r'<link rel="alternate" hreflang="zh-Hans" href="http://localhost/city-profile/geography/">', html)
    assert "[en]" in "".join(nav(html))  # the English channels


def test_the_portal_home(client, portal_content, django_assert_num_queries):  # noqa: F811
    """Its body is kept until content changes (home.fragments); building it has a fixed budget."""
    html = budget(client, django_assert_num_queries, "/", "localhost", 0)
    assert "县域动态" in html
    new_content_generation()
    with django_assert_num_queries(PORTAL_HOME_QUERIES):
        assert client.get("/", HTTP_HOST="localhost").content.decode() == html


def test_a_column_listing(client, sites, column, django_assert_num_queries):
    news = column("jixian", "news/local-news")
    news_newest_first(news, "集贤县新闻", count=25)
    news_newest_first(column("youyi", "news/local-news"), "友谊县新闻")
    html = budget(client, django_assert_num_queries, path_of(news, sites["jixian"]), "jixian.localhost", COLUMN_QUERIES)
    assert re.findall(r"集贤县新闻(\d+)", html)[:3] == ["0", "1", "2"]
    assert "第 1 / 2 页" in html
    budget(
        client,
        django_assert_num_queries,
        path_of(news, sites["jixian"]) + "?page=2",
        "jixian.localhost",
        COLUMN_QUERIES,
    )


def test_the_budget_does_not_grow_with_the_depth(client, sites, column, django_assert_num_queries):
    parent = column("jixian", "news/local-news")
    for n in range(6):
        parent = parent.add_child(instance=ColumnPage(title=f"子栏目{n}", slug=f"sub{n}", column_key=f"test/sub{n}"))
    (item,) = news_newest_first(parent, "很深的信息", count=1)
    html = budget(
        client, django_assert_num_queries, path_of(item, sites["jixian"]), "jixian.localhost", ITEM_QUERIES - 1
    )
    assert html.count("子栏目") >= 6  # every crumb, read with the route


# --- invalidation --------------------------------------------------------------------------------


def warm(client, *hosts):
    for host in hosts:
        assert client.get("/", HTTP_HOST=host).status_code == 200
    return {host: generation(host) for host in hosts}


def generation(host):
    return cache.get(site_gen_key(Site.objects.get(hostname=host).pk))


def channel_of(site, slug):
    return ChannelPage.objects.child_of(site.root_page).get(slug=slug)


def test_a_renamed_channel_shows_at_once_on_its_site_only(client, sites, column, django_assert_num_queries):
    (item,) = news_newest_first(column("youyi", "news/local-news"), "友谊县新闻", count=1, image=ImageFactory())
    youyi_item = path_of(item, sites["youyi"])
    assert client.get(youyi_item, HTTP_HOST="youyi.localhost").status_code == 200
    generations = warm(client, "jixian.localhost", "youyi.localhost")
    channel = channel_of(sites["jixian"], "news")
    channel.title = "集贤要闻"
    channel.save_revision().publish()

    assert "集贤要闻" in nav(client.get("/", HTTP_HOST="jixian.localhost").content.decode())
    assert generation("jixian.localhost") != generations["jixian.localhost"]
    assert generation("youyi.localhost") == generations["youyi.localhost"]
    with django_assert_num_queries(ITEM_QUERIES):  # youyi's cache is still warm
        html = client.get(youyi_item, HTTP_HOST="youyi.localhost").content.decode()
    assert "新闻动态" in nav(html) and "集贤要闻" not in html


def test_channels_added_unpublished_moved_and_deleted(client, sites):
    host = "jixian.localhost"
    warm(client, host, "youyi.localhost")
    youyi = generation("youyi.localhost")
    home = sites["jixian"].root_page
    added = home.add_child(instance=ChannelPage(title="专题专栏", slug="topics", show_in_menus=True))
    assert nav(client.get("/", HTTP_HOST=host).content.decode())[-1] == "专题专栏"

    added.unpublish()
    assert "专题专栏" not in nav(client.get("/", HTTP_HOST=host).content.decode())

    added.save_revision().publish()
    assert "专题专栏" in nav(client.get("/", HTTP_HOST=host).content.decode())
    added.move(channel_of(sites["jixian"], "news"), pos="last-child")
    html = client.get("/", HTTP_HOST=host).content.decode()
    assert "专题专栏" not in nav(html)
    assert client.get("/news/topics/", HTTP_HOST=host).status_code == 200

    Page.objects.get(pk=added.pk).move(home, pos="last-child")
    assert "专题专栏" in nav(client.get("/", HTTP_HOST=host).content.decode())
    Page.objects.get(pk=added.pk).delete()
    assert "专题专栏" not in nav(client.get("/", HTTP_HOST=host).content.decode())
    assert client.get("/topics/", HTTP_HOST=host).status_code == 404
    assert generation("youyi.localhost") == youyi


def test_an_item_published_deep_in_a_column_keeps_the_cache(client, sites, column):
    generations = warm(client, "jixian.localhost")
    news_newest_first(column("jixian", "news/local-news"), "集贤县新闻", count=2)
    assert generation("jixian.localhost") == generations["jixian.localhost"]


def test_a_changed_footer_shows_at_once_on_its_site_only(client, sites, department):
    warm(client, "jixian.localhost", "youyi.localhost", "localhost")
    youyi = generation("youyi.localhost")
    profile = SiteProfile.objects.get(site=sites["jixian"])
    profile.contact_phone = "0469-1234567"
    profile.icp_number = "黑ICP备12345678号"
    profile.save()
    html = footer(client.get("/", HTTP_HOST="jixian.localhost").content.decode())
    assert "0469-1234567" in html and "黑ICP备12345678号" in html
    assert generation("youyi.localhost") == youyi

    # a 专属网页's unit renamed: the footer of its pages on the portal
    own = ColumnPage.objects.filter(unit_pages_q(department)).get(column_key="government-affairs-info")
    path = path_of(own, sites["portal"])
    assert "维护单位：双鸭山市统计局" in client.get(path, HTTP_HOST="localhost").content.decode()
    unit = department.unit
    unit.name = "双鸭山市统计局（更名）"
    unit.save()
    assert "维护单位：双鸭山市统计局（更名）" in client.get(path, HTTP_HOST="localhost").content.decode()
    assert generation("youyi.localhost") == youyi


def test_the_parent_sites_new_name_shows_on_its_childrens_pages(client, sites):
    warm(client, "fuli.jixian.localhost", "youyi.localhost")
    youyi = generation("youyi.localhost")
    profile = SiteProfile.objects.get(site=sites["jixian"])
    profile.name = "集贤县人民政府（新）"
    profile.save()
    assert "返回集贤县人民政府（新）" in client.get("/", HTTP_HOST="fuli.jixian.localhost").content.decode()
    assert generation("youyi.localhost") == youyi


def test_a_saved_site_shows_its_new_name_and_hostname(client, sites):
    warm(client, "jixian.localhost", "youyi.localhost")
    site = sites["jixian"]
    site.site_name = "集贤县政府网"
    site.save()
    assert "<title>集贤县政府网</title>" in client.get("/", HTTP_HOST="jixian.localhost").content.decode()
    site.hostname = "jx.localhost"
    site.save()
    assert "集贤县政府网" in client.get("/", HTTP_HOST="jx.localhost").content.decode()
    old = client.get("/", HTTP_HOST="jixian.localhost").content.decode()  # the default site now
    assert '<meta name="SiteDomain" content="localhost">' in old


def test_a_published_translation_shows_in_the_foreign_menu_and_in_the_versions(client, sites, foreign_trees, english):  # noqa: F811
    warm(client, "jixian.localhost")
    jixian = generation("jixian.localhost")
    english_nav = nav(client.get("/en/", HTTP_HOST="localhost").content.decode())
    leaders = channel_of(sites["portal"], "leadership")
    leader_path = path_of(leaders, sites["portal"])
    assert "language-switcher" not in client.get(leader_path, HTTP_HOST="localhost").content.decode()

    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(leaders.specific, [english])
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_subtree(leaders.pk, [english.pk])
    translate_segments(leaders.specific, english)

    html = client.get("/en/", HTTP_HOST="localhost").content.decode()
    assert len(nav(html)) == len(english_nav) + 1
    assert client.get("/en" + leader_path, HTTP_HOST="localhost").status_code == 200
    versions = client.get(leader_path, HTTP_HOST="localhost").content.decode()
    assert f'hreflang="en" href="http://localhost/en{leader_path}"' in versions
    assert generation("jixian.localhost") == jixian


def test_a_view_restriction_added_to_a_served_page_applies_at_once(client, sites, column):
    news = column("jixian", "news/local-news")
    (item,) = news_newest_first(news, "集贤县新闻", count=1)
    path = path_of(item, sites["jixian"])
    assert client.get(path, HTTP_HOST="jixian.localhost").status_code == 200
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(path, HTTP_HOST="jixian.localhost")
    assert response.status_code == 302 and "login" in response["Location"]


# --- hostile requests ----------------------------------------------------------------------------


def test_another_sites_address_an_unknown_host_and_absurd_paths(client, sites, column):
    (item,) = news_newest_first(column("youyi", "news/local-news"), "友谊县新闻", count=1)
    assert client.get(path_of(item, sites["youyi"]), HTTP_HOST="jixian.localhost").status_code == 404
    unknown = client.get("/", HTTP_HOST="nosuchsite.example").content.decode()
    assert '<meta name="SiteDomain" content="localhost">' in unknown  # the default site, as Wagtail does
    assert client.get("/news/" * 400, HTTP_HOST="jixian.localhost").status_code == 404
    assert client.get("/新闻/本地要闻/", HTTP_HOST="jixian.localhost").status_code == 404
    assert client.get("/", HTTP_HOST="jixian.localhost", SERVER_PORT="notaport").status_code == 200


def test_a_home_page_that_is_not_live_in_english_routes_as_wagtail_does(client, sites, foreign_trees, english):  # noqa: F811
    home, _channel = foreign_trees
    home.get_translation(english).unpublish()
    assert client.get("/en/", HTTP_HOST="localhost").status_code == 404
    assert client.get("/", HTTP_HOST="localhost").status_code == 200


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1"}}
)
def test_the_site_cache_down_reads_the_database(sites, caplog):
    """A Redis that is not there: the cached parts are read from the database, and the receivers
    (which cannot reach it) let the change go through, saying so."""
    chrome = chrome_of(sites["jixian"].pk)
    assert chrome.site.hostname == "jixian.localhost" and chrome.site.profile.name == "集贤县人民政府"
    assert [c.slug for c in chrome.channels[sites["jixian"].root_page.pk]][:1] == ["profile"]
    assert any_view_restrictions()  # unknown: Wagtail's own check decides
    page_changed(channel_of(sites["jixian"], "news"))
    invalidate_sites_of_profiles([sites["jixian"].profile.pk])
    assert "站点缓存不可用" in caplog.text
