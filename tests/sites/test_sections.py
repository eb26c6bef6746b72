"""专属网页: a township's or department's pages as a section of its parent's site."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Collection, GroupPagePermission, Page, Site, WorkflowPage

from assurance.audit import audit_cluster
from assurance.statistics import annual_statistics
from columns.models import ColumnPage, UpdateFrequency
from home.models import SiteHomePage, UnitIndexPage
from sites.models import SiteGroup, SiteProfile
from sites.provisioning import ProvisioningError, provision_site
from sites.units import profile_of, unit_pages_q
from tests.factories import ArticlePageFactory, UserFactory

pytestmark = pytest.mark.django_db

TOWN = "集贤县升昌镇人民政府"
DEPARTMENT_INDEX = "homepage/disclosure-catalogue/by-organisation"


def section(name=TOWN, path="towns/shengchang", parent="jixian.localhost", level="township"):
    return provision_site(parent=parent, level=level, name=name, path=path).profile


def member(profile, role="editor"):
    return UserFactory(groups=[SiteGroup.objects.get(profile=profile, role=role).group])


def snapshot():
    return (
        Page.objects.count(),
        SiteProfile.objects.count(),
        Site.objects.count(),
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count(),
        WorkflowPage.objects.count(),
        sorted(Page.objects.values_list("url_path", flat=True)),
    )


def test_a_section_is_a_unit_of_its_own_at_its_path_on_the_parent_site(sites):
    profile = section()
    jixian = sites["jixian"].profile
    assert profile.is_section and profile.site is None and profile.parent == jixian
    assert profile.host_site == sites["jixian"]
    assert profile.url == "http://jixian.localhost/towns/shengchang/"
    assert profile.web_address == "jixian.localhost/towns/shengchang"
    assert profile.unit.name == TOWN and profile.site_code is None
    home = profile.root_page.specific
    assert isinstance(home, SiteHomePage) and isinstance(home.get_parent().specific, UnitIndexPage)
    assert home.get_parent().title == "乡镇（街道）"
    keys = set(ColumnPage.objects.filter(unit_pages_q(profile)).values_list("column_key", flat=True))
    assert {"overview", "leaders", "functions", "news", "notices", "documents"} <= keys
    # its own groups act on its own home; its own workflow and media collection
    roles = {link.role: link.group for link in SiteGroup.objects.filter(profile=profile)}
    assert set(roles) == {"editor", "first_review", "second_review", "final_review"}
    granted = GroupPagePermission.objects.filter(group__in=roles.values())
    assert set(granted.values_list("page_id", flat=True)) == {home.pk}
    assert WorkflowPage.objects.get(page=home).workflow.name == f"{TOWN}三审三校"
    assert profile.collection.name == TOWN and profile.collection.depth == 2


def test_provisioning_a_section_twice_changes_nothing(sites):
    section()
    before = snapshot()
    again = provision_site(parent="jixian.localhost", level="township", name=TOWN, path="towns/shengchang")
    assert not again.created and snapshot() == before


def test_a_city_department_gets_the_six_columns_of_seed_001_under_its_unit(sites):
    profile = section("市统计局", f"{DEPARTMENT_INDEX}/tongji", "localhost", "department")
    assert profile.parent == sites["portal"].profile and profile.unit.name == "市统计局"
    assert profile.root_page.get_parent().title == "单位分类"
    columns = {
        c.title: (c.update_frequency, [u.name for u in c.responsible_units.all()])
        for c in ColumnPage.objects.filter(unit_pages_q(profile))
    }
    F = UpdateFrequency
    expected = {"机构职能": F.YEARLY, "通知公告": F.ANYTIME, "政务信息": F.WEEKLY, "部门文件": F.QUARTERLY}
    expected.update({"政策法规": F.SEMIANNUAL, "联系方式": F.YEARLY})
    assert {title: frequency for title, (frequency, _) in columns.items()} == expected
    assert all(units == ["市统计局"] for _, units in columns.values())


def test_each_side_of_the_wall_acts_on_its_own_pages_only(sites, column):
    profile = section()
    town_news = ColumnPage.objects.filter(unit_pages_q(profile)).get(column_key="news")
    county_news = column("jixian", "news/local-news")
    county_editor = UserFactory(groups=[SiteGroup.objects.get(profile__site=sites["jixian"], role="editor").group])
    town_editor = member(profile)
    assert county_news.permissions_for_user(county_editor).can_add_subpage()
    assert not town_news.permissions_for_user(county_editor).can_add_subpage()
    assert not profile.root_page.specific.permissions_for_user(county_editor).can_edit()
    assert town_news.permissions_for_user(town_editor).can_add_subpage()
    assert not county_news.permissions_for_user(town_editor).can_add_subpage()
    assert not town_news.get_parent().get_parent().specific.permissions_for_user(town_editor).can_edit()


def test_the_audit_and_the_statistics_count_a_section_as_its_own_unit(sites):
    profile = section()
    news = ColumnPage.objects.filter(unit_pages_q(profile)).get(column_key="news")
    items = [
        ArticlePageFactory(parent=news, title="升昌镇召开春耕动员会", first_published_at=timezone.now()),
        ArticlePageFactory(parent=news, title="升昌镇旧闻", first_published_at=timezone.now() - timedelta(days=40)),
    ]
    audits = {audit.profile.pk: audit for audit in audit_cluster(hostname="jixian.localhost/towns/shengchang")}
    assert list(audits) == [profile.pk]
    rows = {row.title: row for row in audits[profile.pk].rows}
    assert rows["工作动态"].newest_item.date() == timezone.localdate()
    county = next(a for a in audit_cluster() if a.profile.site == sites["jixian"])
    assert not {row.page_id for row in county.rows} & {row.page_id for row in audits[profile.pk].rows}
    year = timezone.localdate().year
    by_unit = {row.name: row.total for row in annual_statistics(year).rows if row.row_type == "unit"}
    assert by_unit.get(TOWN) == sum(1 for item in items if timezone.localtime(item.first_published_at).year == year)


def test_the_parent_lists_its_sections_and_serves_them_with_its_identity(client, sites):
    profile = section()
    news = ColumnPage.objects.filter(unit_pages_q(profile)).get(column_key="news")
    item = ArticlePageFactory(parent=news, title="升昌镇开展安全生产检查")
    assert profile_of(item) == profile
    home = client.get("/", HTTP_HOST="jixian.localhost").content.decode()
    assert "<h2>乡镇（街道）</h2>" in home and f'<a href="{profile.url}">{TOWN}</a>' in home
    index = client.get("/towns/", HTTP_HOST="jixian.localhost").content.decode()
    assert f'<a href="{profile.url}">{TOWN}</a>' in index
    answer = client.get(
        item.url_path.removeprefix(sites["jixian"].root_page.url_path[:-1]), HTTP_HOST="jixian.localhost"
    )
    html = answer.content.decode()
    assert answer.status_code == 200
    assert f'<link rel="canonical" href="http://jixian.localhost/towns/shengchang/news/{item.slug}/">' in html
    assert "维护单位：" + TOWN in html and "网站标识码：" + sites["jixian"].profile.site_code in html
    assert 'aria-label="当前位置"' in html and ">乡镇（街道）</a>" in html
    sitemap = client.get("/sitemap.xml", HTTP_HOST="jixian.localhost").content.decode()
    assert f"http://jixian.localhost/towns/shengchang/news/{item.slug}/" in sitemap
    county_page = client.get("/", HTTP_HOST="jixian.localhost").content.decode()
    assert "维护单位" not in county_page


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"hostname": "x.jixian.localhost", "path": "towns/x"}, "二者之一"),
        ({}, "二者之一"),
        ({"level": "county", "path": "counties/x"}, "县区政府开设独立站点"),
        ({"path": "Towns/X"}, "路径“Towns/X”无效"),
        ({"path": "towns//x"}, "无效"),
        ({"path": "../x"}, "无效"),
        ({"path": "a/b/c/d/e"}, "最多四级"),
        ({"path": "towns/" + "x" * 70}, "无效"),
        ({"path": "news/local-news/x"}, "下不能开设专属网页"),
        ({"path": "news"}, "已有页面“新闻动态”"),
        ({"path": "fuli/x"}, "位于另一个站点或专属网页之内"),
        ({"name": "集贤县福利镇人民政府", "path": "towns/f2"}, "已有名为"),
        ({"parent": "nowhere.localhost"}, "未找到上级站点"),
        ({"code": "2305210099"}, "不要给 --code"),
        ({"level": "village"}, "未知层级"),
        ({"name": "  "}, "中文名称"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(sites, arguments, message):
    before = snapshot()
    options = {"parent": "jixian.localhost", "level": "township", "name": "新镇", "path": "towns/xin"} | arguments
    options = {key: value for key, value in options.items() if value is not None}
    if "hostname" in arguments or not arguments:
        options.pop("path", None) if not arguments else None
    with pytest.raises(ProvisioningError, match=message):
        provision_site(**options)
    assert snapshot() == before


def test_a_taken_section_path_is_refused_for_another_unit(sites):
    section()
    before = snapshot()
    with pytest.raises(ProvisioningError, match="已有页面“集贤县升昌镇人民政府”"):
        provision_site(parent="jixian.localhost", level="township", name="别的镇", path="towns/shengchang")
    assert snapshot() == before


def test_the_command_takes_path_and_answers_errors_in_one_line(sites, capsys):
    call_command(
        "provision_site",
        "--level",
        "department",
        "--parent",
        "jixian.localhost",
        "--path",
        "bumen/caizheng",
        "--name",
        "集贤县财政局",
    )
    assert "集贤县财政局（http://jixian.localhost/bumen/caizheng/）已开通。" in capsys.readouterr().out
    with pytest.raises(CommandError, match="^路径 bumen/caizheng 已有页面"):
        call_command(
            "provision_site",
            "--level",
            "department",
            "--parent",
            "jixian.localhost",
            "--path",
            "bumen/caizheng",
            "--name",
            "集贤县发改局",
        )
    with pytest.raises(CommandError, match="市级门户不能是专属网页"):
        call_command("provision_site", "--level", "city", "--path", "x", "--name", "x", "--code", "2305000002")


def test_a_closed_section_is_unpublished_and_its_addresses_lead_to_its_county(client, sites):
    profile = section()
    news = ColumnPage.objects.filter(unit_pages_q(profile)).get(column_key="news")
    item = ArticlePageFactory(parent=news, title="升昌镇关停前的信息")
    county = sites["jixian"].profile
    with pytest.raises(
        CommandError, match="^请先关停 jixian.localhost 下属的站点和专属网页：.*jixian.localhost/towns/shengchang"
    ):
        call_command("close_site", "jixian.localhost")
    call_command("close_site", "jixian.localhost/towns/shengchang/")
    profile.refresh_from_db()
    item.refresh_from_db()
    assert not profile.is_open and not item.live
    for path in ("/towns/shengchang/", f"/towns/shengchang/news/{item.slug}/", "/towns/shengchang/gone/?q=1"):
        response = client.get(path, HTTP_HOST="jixian.localhost")
        assert (response.status_code, response["Location"]) == (301, county.url)
    assert client.get("/towns/nowhere/", HTTP_HOST="jixian.localhost").status_code == 404
    assert TOWN not in client.get("/", HTTP_HOST="jixian.localhost").content.decode()
    assert profile.pk not in {audit.profile.pk for audit in audit_cluster()}
    with pytest.raises(CommandError, match="^未找到站点或专属网页 jixian.localhost/towns/nowhere。$"):
        call_command("close_site", "jixian.localhost/towns/nowhere")
