import pytest
from django.contrib.auth.models import Group
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from wagtail.models import GroupPagePermission, Page, Site

from columns.models import ChannelPage, ColumnPage
from columns.skeleton import count_columns, site_skeletons
from home.models import PortalHomePage, SiteHomePage
from sites.models import SiteGroup, SiteProfile

pytestmark = pytest.mark.django_db


def snapshot():
    return (Site.objects.count(), Page.objects.count(), Group.objects.count(), SiteProfile.objects.count())


def provision(*args):
    call_command("provision_site", *args)


def test_provision_creates_site_profile_home_columns_and_groups(sites):
    provision(
        "--parent", "localhost", "--level", "county", "--name", "宝清县人民政府",
        "--hostname", "baoqing.localhost", "--code", "2305230001",
    )  # fmt: skip
    site = Site.objects.select_related("profile").get(hostname="baoqing.localhost")
    home = site.root_page.specific
    assert isinstance(home, SiteHomePage)
    assert home.get_parent().pk == sites["portal"].root_page.pk
    profile = site.profile
    assert (profile.level, profile.site_code, profile.parent.site) == (
        "county",
        "2305230001",
        sites["portal"],
    )
    assert profile.sponsor == "宝清县人民政府办公室"
    assert profile.unit.name == "宝清县人民政府"

    channels = ChannelPage.objects.child_of(home)
    assert [c.title for c in channels] == [
        "县情概况",
        "领导之窗",
        "新闻动态",
        "政务公开",
        "办事服务",
        "互动交流",
    ]
    columns = ColumnPage.objects.descendant_of(home)
    assert columns.count() == count_columns(site_skeletons()["county"]) - len(site_skeletons()["county"])
    assert columns.get(column_key="interaction/mailbox").title == "县长信箱"
    assert all(c.responsible_units.get() == profile.unit for c in columns)

    roles = dict(SiteGroup.objects.filter(profile=profile).values_list("role", "group__name"))
    assert roles == {
        "editor": "宝清县人民政府·编辑",
        "first_review": "宝清县人民政府·初审",
        "second_review": "宝清县人民政府·复审",
        "final_review": "宝清县人民政府·终审",
    }
    assert set(
        GroupPagePermission.objects.filter(group__site_role__profile=profile).values_list("page", flat=True)
    ) == {home.pk}


def test_district_and_township_get_their_own_column_sets(sites):
    district_home = sites["jianshan"].root_page
    assert ColumnPage.objects.descendant_of(district_home).get(column_key="profile/overview").title == "区情简介"
    township_columns = ColumnPage.objects.descendant_of(sites["fuli"].root_page)
    assert township_columns.count() == len(site_skeletons()["township"])
    assert not ChannelPage.objects.descendant_of(sites["fuli"].root_page).exists()
    county_columns = ColumnPage.objects.descendant_of(sites["youyi"].root_page).count()
    assert township_columns.count() < county_columns


def test_code_defaults_to_the_parent_area_with_the_next_serial(sites):
    provision(
        "--parent",
        "jixian.localhost",
        "--level",
        "township",
        "--name",
        "集贤县升昌镇",
        "--hostname",
        "sc.test",
    )
    assert Site.objects.get(hostname="sc.test").profile.site_code == "2305000006"


def test_rerunning_is_harmless(sites):
    args = [
        "--parent",
        "localhost",
        "--level",
        "district",
        "--name",
        "宝山区人民政府",
        "--hostname",
        "bs.test",
    ]
    provision(*args)
    before = snapshot(), GroupPagePermission.objects.count()
    provision(*args)
    assert (snapshot(), GroupPagePermission.objects.count()) == before


def test_rerun_restores_a_deleted_standard_column(sites, column):
    column("youyi", "disclosure/notices").delete()
    provision(
        "--parent",
        "localhost",
        "--level",
        "county",
        "--name",
        "友谊县人民政府",
        "--hostname",
        "youyi.localhost",
    )
    assert column("youyi", "disclosure/notices").title == "通知公告"


GOOD = {"parent": "localhost", "level": "county", "name": "某县", "hostname": "x.test"}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"parent": "nowhere.test"}, "未找到上级站点"),
        ({"hostname": "youyi.localhost"}, "已被站点"),
        ({"code": "12345"}, "网站标识码"),
        ({"code": "2305000001"}, "已被其他站点使用"),
        ({"level": "province"}, "未知层级"),
        ({"hostname": "Bad_Host!"}, "主机名"),
        ({"name": " "}, "中文名称"),
    ],
)
def test_bad_input_exits_with_one_clear_line_and_leaves_nothing(sites, changes, message):
    before = snapshot()
    args = [part for key, value in {**GOOD, **changes}.items() for part in (f"--{key}", value)]
    with pytest.raises(CommandError) as error:
        provision(*args)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    assert snapshot() == before


def test_failure_half_way_rolls_everything_back(sites, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("sites.provisioning._ensure_groups", broken)
    before = snapshot()
    with pytest.raises(RuntimeError):
        provision("--parent", "localhost", "--level", "county", "--name", "饶河县", "--hostname", "rh.test")
    assert snapshot() == before


def test_command_line_exits_non_zero_with_one_line_on_stderr(sites, capsys):
    argv = ["manage.py", "provision_site", "--parent", "nowhere.test", "--level", "county"]
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility([*argv, "--name", "某县", "--hostname", "x.test"]).execute()
    assert exit_info.value.code == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "CommandError: 未找到上级站点 nowhere.test：请先开通上级站点，或检查主机名。"
    ]


def test_the_portal_replaces_the_welcome_site_and_there_is_only_one(sites):
    assert [type(p) for p in Page.objects.filter(depth=2).specific()] == [PortalHomePage]
    assert sites["portal"].is_default_site and sites["portal"].profile.level == "city"
    with pytest.raises(CommandError, match="市级门户已在 localhost 上开通"):
        provision("--level", "city", "--name", "某市人民政府", "--hostname", "other.test", "--code", "2305000099")
    with pytest.raises(CommandError, match="不要给 --parent"):
        provision("--level", "city", "--parent", "localhost", "--name", "某市", "--hostname", "o.test", "--code", "1")
