"""集约化: consolidate_site makes a township's own site a 专属网页 of its county, keeping everything."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, PageLogEntry, Revision, Site

from assurance.audit import audit_cluster, record_audit
from assurance.models import ColumnFinding, SiteSnapshot
from home.models import UnitIndexPage
from search.models import SearchEntry
from sites.models import ConsolidatedHost, SiteGroup, SiteProfile
from sites.provisioning import close_site, provision_site
from tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

FULI = "fuli.jixian.localhost"


def consolidate(hostname=FULI, into="jixian.localhost", path="towns/fuli"):
    call_command("consolidate_site", hostname, "--into", into, "--path", path)


@pytest.fixture
def harvest(column, django_capture_on_commit_callbacks):
    """A township item with two published revisions, indexed."""
    page = ArticlePageFactory.build(title="福利镇秋收工作", slug="harvest", live=False)
    column("fuli", "news").add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        page.title = "福利镇秋收工作全面展开"
        page.save_revision().publish()
    return page


def state():
    """What a refusal must leave as it was."""
    return (
        list(Page.objects.order_by("pk").values_list("pk", "path", "url_path", "slug")),
        list(Site.objects.order_by("pk").values_list("pk", "hostname", "root_page")),
        list(SiteProfile.objects.order_by("pk").values_list("pk", "site", "parent", "site_code")),
        ConsolidatedHost.objects.count(),
        Redirect.objects.count(),
    )


def test_pages_keep_ids_revisions_history_and_search_entries(
    harvest, sites, django_capture_on_commit_callbacks, capsys
):
    profile = sites["fuli"].profile
    home = profile.root_page
    subtree = dict(Page.objects.descendant_of(home, inclusive=True).values_list("pk", "translation_key"))
    revisions = Revision.objects.filter(object_id=str(harvest.pk)).count()
    history = PageLogEntry.objects.filter(page=harvest).count()
    groups = set(SiteGroup.objects.filter(profile=profile).values_list("group", flat=True))
    entry = SearchEntry.objects.get(page=harvest)
    assert (entry.url, entry.site_hostname) == ("http://fuli.jixian.localhost/news/harvest/", FULI)

    with django_capture_on_commit_callbacks(execute=True):
        consolidate()
    out = capsys.readouterr().out
    pages = len(subtree)
    assert f"{pages} 个页面已移至 http://jixian.localhost/towns/fuli/" in out

    profile = SiteProfile.objects.select_related("parent").get(pk=profile.pk)
    assert profile.is_section and profile.site_code is None and profile.parent.site == sites["jixian"]
    assert profile.root_page_id == home.pk and profile.web_address == "jixian.localhost/towns/fuli"
    assert not Site.objects.filter(hostname=FULI).exists()
    assert set(SiteGroup.objects.filter(profile=profile).values_list("group", flat=True)) == groups
    assert Group.objects.filter(pk__in=groups).count() == 4

    home = Page.objects.get(pk=home.pk)
    moved = Page.objects.descendant_of(home, inclusive=True)
    assert dict(moved.values_list("pk", "translation_key")) == subtree
    assert all(url.startswith("/portal/jixian/towns/fuli/") for url in moved.values_list("url_path", flat=True))
    towns = home.get_parent().specific
    assert isinstance(towns, UnitIndexPage) and towns.get_parent().pk == sites["jixian"].root_page_id
    assert Revision.objects.filter(object_id=str(harvest.pk)).count() == revisions
    assert PageLogEntry.objects.filter(page=harvest).count() == history
    assert PageLogEntry.objects.filter(page=home, action="wagtail.move").exists()

    entry = SearchEntry.objects.get(page=harvest)
    assert entry.url == "http://jixian.localhost/towns/fuli/news/harvest/"
    assert entry.site_hostname == "jixian.localhost"
    assert entry.column_trail[-1][1] == "http://jixian.localhost/towns/fuli/news/"


def test_translations_move_with_the_source(harvest, sites):
    english = Locale.objects.get(language_code="en")
    translated = harvest.copy_for_translation(english, copy_parents=True)
    translated.save_revision().publish()
    consolidate()

    translated = Page.objects.get(pk=translated.pk)
    assert translated.translation_key == harvest.translation_key
    assert translated.url_path.endswith("/jixian/towns/fuli/news/harvest/")
    assert translated.get_parent().get_parent().get_parent().get_parent().translation_key == (
        sites["jixian"].root_page.translation_key
    )


@pytest.mark.parametrize(
    "host, path, target",
    [
        (FULI, "/", "http://jixian.localhost/towns/fuli/"),
        (FULI, "/news/harvest/?page=2&q=秋收", "http://jixian.localhost/towns/fuli/news/harvest/?page=2&q=秋收"),
        (FULI, "/en/news/harvest/", "http://jixian.localhost/en/towns/fuli/news/harvest/"),
        (FULI, "/feed/", "http://jixian.localhost/feed/"),
        (FULI, "/sitemap.xml", "http://jixian.localhost/sitemap.xml"),
        (FULI, "/search/?q=秋收&type=news", "http://jixian.localhost/search/?q=秋收&type=news"),
        # The addresses the township's pages had on its county's hostname before the move
        ("jixian.localhost", "/fuli/news/harvest/?page=3", "http://jixian.localhost/towns/fuli/news/harvest/?page=3"),
        ("jixian.localhost", "/fuli/", "http://jixian.localhost/towns/fuli/"),
        ("localhost", "/jixian/fuli/news/", "http://jixian.localhost/towns/fuli/news/"),
    ],
)
def test_every_old_address_answers_301_with_the_new_one(client, harvest, host, path, target):
    consolidate()
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 301
    assert response["Location"] == target.replace("秋收", "%E7%A7%8B%E6%94%B6")


def test_the_redirects_lead_to_live_pages_and_real_404s_stay(client, harvest):
    consolidate()
    response = client.get("/news/harvest/", HTTP_HOST=FULI, follow=True)
    assert response.status_code == 200 and "福利镇秋收工作全面展开" in response.content.decode()
    assert client.get("/no-such-page/", HTTP_HOST="jixian.localhost").status_code == 404
    assert client.get("/", HTTP_HOST="jixian.localhost").status_code == 200


def test_the_old_sites_own_redirects_follow_it(client, harvest, sites):
    Redirect.objects.create(site=sites["fuli"], old_path="/old-harvest", redirect_page=harvest)
    consolidate()
    response = client.get("/old-harvest/", HTTP_HOST=FULI, follow=True)
    assert response.redirect_chain[-1][0] == "http://jixian.localhost/towns/fuli/news/harvest/"
    assert response.status_code == 200


def sitemap_locations(client, host):
    response = client.get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_the_county_sitemap_and_feed_take_the_section(client, harvest):
    consolidate()
    assert "http://jixian.localhost/towns/fuli/news/harvest/" in sitemap_locations(client, "jixian.localhost")
    feed = client.get("/feed/", HTTP_HOST="jixian.localhost").content.decode()
    assert "http://jixian.localhost/towns/fuli/news/harvest/" in feed


def test_the_audit_keeps_the_unit_once_as_a_section_with_its_history(harvest, sites):
    profile = sites["fuli"].profile
    record_audit()
    findings = ColumnFinding.objects.filter(profile=profile).count()
    assert findings and SiteSnapshot.objects.filter(profile=profile).count() == 1

    consolidate()
    audits = [a for a in audit_cluster() if a.profile.name == "集贤县福利镇人民政府"]
    assert len(audits) == 1 and audits[0].profile.pk == profile.pk and audits[0].profile.is_section
    assert audits[0].profile.web_address == "jixian.localhost/towns/fuli"
    county = next(a for a in audit_cluster() if a.profile.site_id == sites["jixian"].pk)
    assert not {r.page_id for r in county.rows} & {r.page_id for r in audits[0].rows}
    assert ColumnFinding.objects.filter(profile=profile).count() == findings
    assert SiteSnapshot.objects.filter(profile=profile).count() == 1


def test_running_it_twice_is_harmless(harvest, capsys):
    consolidate()
    before = state()
    consolidate()
    assert state() == before
    assert "已并为专属网页 jixian.localhost/towns/fuli，无需再次执行" in capsys.readouterr().out
    with pytest.raises(CommandError, match="不能再并入"):
        consolidate(path="towns/fuli2")
    assert state() == before


def test_a_new_slug_is_kept_by_the_next_publish(harvest):
    consolidate(path="towns/fuli-town")
    profile = SiteProfile.objects.get(name="集贤县福利镇人民政府")
    home = profile.root_page.specific
    assert home.slug == "fuli-town" and profile.web_address == "jixian.localhost/towns/fuli-town"
    home.save_revision().publish()
    assert Page.objects.get(pk=harvest.pk).url_path == "/portal/jixian/towns/fuli-town/news/harvest/"


def test_in_place_consolidation_keeps_the_county_path(client, harvest):
    consolidate(path="fuli")
    assert client.get("/fuli/news/harvest/", HTTP_HOST="jixian.localhost").status_code == 200
    assert client.get("/news/harvest/", HTTP_HOST=FULI)["Location"] == "http://jixian.localhost/fuli/news/harvest/"
    assert client.get("/fuli/news/gone/", HTTP_HOST="jixian.localhost").status_code == 404


def test_a_department_can_be_consolidated_into_the_portal(sites):
    provision_site(parent="localhost", level="department", name="市统计局", hostname="tongji.localhost")
    consolidate("tongji.localhost", "localhost", "homepage/disclosure-catalogue/by-organisation/tongji")
    profile = SiteProfile.objects.get(name="市统计局")
    assert profile.web_address == "localhost/homepage/disclosure-catalogue/by-organisation/tongji"


def _youyi_township():
    provision_site(
        parent="youyi.localhost", level="township", name="友谊县兴隆镇人民政府", hostname="xl.youyi.localhost"
    )


@pytest.mark.parametrize(
    "setup, args, message",
    [
        (None, ("nowhere.localhost", "jixian.localhost", "towns/x"), "未找到站点 nowhere.localhost"),
        (None, (FULI, "nowhere.localhost", "towns/fuli"), "未找到站点 nowhere.localhost"),
        (None, ("localhost", "jixian.localhost", "portal"), "市级门户不能并入"),
        (None, ("jixian.localhost", "localhost", "counties/jixian"), "只有乡镇（街道）和部门"),
        (None, (FULI, "youyi.localhost", "towns/fuli"), "不是 fuli.jixian.localhost 的上级站点"),
        (None, (FULI, FULI, "towns/fuli"), "不是 fuli.jixian.localhost 的上级站点"),
        (None, (FULI, "jixian.localhost", "news"), "已有页面"),
        (None, (FULI, "jixian.localhost", "Towns/福利"), "无效"),
        (None, (FULI, "jixian.localhost", "a/b/c/d/e"), "无效"),
        (None, (FULI, "jixian.localhost", "fuli/inside"), "位于另一个站点或专属网页之内"),
        (None, (FULI, "jixian.localhost", "news/fuli"), "不能开设专属网页"),
        (lambda: close_site(FULI), (FULI, "jixian.localhost", "towns/fuli"), "已关停"),
        (_youyi_township, ("xl.youyi.localhost", "localhost", "towns/xl"), None),  # control: allowed
    ],
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(sites, setup, args, message):
    if setup:
        setup()
    if message is None:
        consolidate(*args)
        assert SiteProfile.objects.get(name="友谊县兴隆镇人民政府").web_address == "localhost/towns/xl"
        return
    before = state()
    with pytest.raises(CommandError, match=message) as refusal:
        consolidate(*args)
    assert "\n" not in str(refusal.value)
    assert state() == before


def test_a_site_with_hostnamed_sites_below_it_is_refused(sites):
    provision_site(parent=FULI, level="department", name="福利镇某站", hostname="x.fuli.jixian.localhost")
    before = state()
    with pytest.raises(CommandError, match="下还有独立站点 x.fuli.jixian.localhost"):
        consolidate()
    assert state() == before
