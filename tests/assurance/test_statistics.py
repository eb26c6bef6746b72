"""年度信息统计: how items are classified and attributed, the year's bounds, the subtotals per unit
kind, scope, the query count and the report with its exports."""

import io
from datetime import datetime

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from assurance.statistics import annual_statistics
from columns.models import ColumnPage
from sites.models import SiteGroup, SiteProfile, Unit
from tests.factories import ArticlePageFactory, ImageFactory, NoticePageFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = 2016


def at(month, day, hour=12, minute=0, year=YEAR):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def add_column(parent, title, *, method="backend", frequency="on-change", units=()):
    page = ColumnPage(
        title=title, slug=f"col-{ColumnPage.objects.count()}", keeping_method=method, update_frequency=frequency
    )
    page.responsible_units = list(units)
    parent.add_child(instance=page)
    return page


@pytest.fixture
def justice():
    return UnitFactory(name="市司法局", kind=Unit.Kind.CITY_DEPARTMENT)


@pytest.fixture
def bank_regulator():
    return UnitFactory(name="双鸭山银监局", kind=Unit.Kind.CENTRAL_PROVINCIAL)


@pytest.fixture
def items(sites, column, justice, bank_regulator):
    """The year's items of four units, and some that do not count."""
    local_news = column("jixian", "news/local-news")  # daily: dynamic, kept by 集贤县人民政府
    for n in range(3):
        ArticlePageFactory(parent=local_news, first_published_at=at(3, n + 1))
    ArticlePageFactory(parent=local_news, first_published_at=at(4, 1), unit=justice)  # its own unit first
    for n in range(2):
        ArticlePageFactory(
            parent=column("jixian", "news/photo-news"),
            first_published_at=at(5, n + 1),
            kind="photo",
            image=ImageFactory(),
        )
    # a photo in a fixed column is still a picture item
    ArticlePageFactory(
        parent=column("jixian", "disclosure/functions"), first_published_at=at(5, 9), kind="photo", image=ImageFactory()
    )
    ArticlePageFactory(parent=column("jixian", "interaction/consultation"), first_published_at=at(6, 1))  # reply
    NoticePageFactory(parent=column("jixian", "disclosure/functions"), first_published_at=at(6, 2))  # fixed, yearly

    # a township column with no responsible unit: the township site's unit
    NoticePageFactory(parent=add_column(sites["fuli"].root_page, "镇情资料"), first_published_at=at(7, 1))

    # a portal column kept by two units: the first as the admin lists units (by kind, then name) answers for it
    special = add_column(sites["portal"].root_page, "银行业消费者教育专栏", units=[justice, bank_regulator])
    NoticePageFactory(parent=special, first_published_at=at(8, 1))
    NoticePageFactory(parent=special, first_published_at=at(8, 2))
    # a column named for news is dynamic whatever its update requirement
    portal_news = add_column(sites["portal"].root_page, "部门动态", frequency="yearly", units=[justice])
    ArticlePageFactory(parent=portal_news, first_published_at=at(9, 1))

    # not counted: another year, a draft, a translation
    ArticlePageFactory(parent=local_news, first_published_at=at(6, 1, year=YEAR + 1))
    ArticlePageFactory(parent=local_news, first_published_at=at(6, 1), live=False)
    ArticlePageFactory(parent=local_news, first_published_at=at(6, 1), locale=Locale.objects.get(language_code="en"))
    return sites


def figures(row):
    return (row.fixed, row.dynamic, row.picture, row.replies, row.total)


def rows_by_name(stats):
    return {row.name: row for row in stats.rows}


def test_items_are_classified_and_attributed_to_their_units(items):
    stats = annual_statistics(YEAR)
    rows = rows_by_name(stats)
    assert set(rows) == {"集贤县人民政府", "集贤县福利镇人民政府", "市司法局", "双鸭山银监局"}
    assert figures(rows["集贤县人民政府"]) == (1, 3, 3, 1, 8)
    assert figures(rows["市司法局"]) == (0, 2, 0, 0, 2)
    assert figures(rows["集贤县福利镇人民政府"]) == (1, 0, 0, 0, 1)
    assert figures(rows["双鸭山银监局"]) == (2, 0, 0, 0, 2)
    assert rows["集贤县人民政府"].kind_label == "县区政府"
    assert rows["双鸭山银监局"].kind_label == "中省直单位"


def test_subtotals_per_unit_kind_and_the_grand_total(items, justice):
    UnitFactory(name="市档案局", kind=Unit.Kind.CITY_DEPARTMENT)  # no items: not listed
    stats = annual_statistics(YEAR)
    assert [(s.name, figures(s)) for s in stats.subtotals] == [
        ("县区政府小计（1家）", (1, 3, 3, 1, 8)),
        ("乡镇政府（街道）小计（1家）", (1, 0, 0, 0, 1)),
        ("市直单位小计（1家）", (0, 2, 0, 0, 2)),
        ("中省直单位小计（1家）", (2, 0, 0, 0, 2)),
    ]
    assert (stats.total.name, figures(stats.total)) == ("合计（4家）", (4, 5, 3, 1, 13))
    assert [row.name for row in stats.table()] == [
        "集贤县人民政府",
        "县区政府小计（1家）",
        "集贤县福利镇人民政府",
        "乡镇政府（街道）小计（1家）",
        "市司法局",
        "市直单位小计（1家）",
        "双鸭山银监局",
        "中省直单位小计（1家）",
        "合计（4家）",
    ]


def test_units_of_a_kind_are_listed_most_items_first(items, column):
    agriculture = UnitFactory(name="市农业局", kind=Unit.Kind.CITY_DEPARTMENT)
    for n in range(3):
        ArticlePageFactory(
            parent=column("jixian", "news/local-news"), first_published_at=at(10, n + 1), unit=agriculture
        )
    stats = annual_statistics(YEAR)
    assert [row.name for row in stats.rows if row.kind == Unit.Kind.CITY_DEPARTMENT] == ["市农业局", "市司法局"]
    assert stats.subtotals[2].name == "市直单位小计（2家）" and stats.subtotals[2].total == 5


def test_the_year_runs_from_new_year_to_new_year_in_beijing_time(column):
    local_news = column("jixian", "news/local-news")
    ArticlePageFactory(parent=local_news, first_published_at=at(1, 1, 0, 0))
    ArticlePageFactory(parent=local_news, first_published_at=at(12, 31, 23, 59))
    ArticlePageFactory(parent=local_news, first_published_at=at(1, 1, 0, 0, year=YEAR + 1))  # 16:00 UTC on 31 Dec
    ArticlePageFactory(parent=local_news, first_published_at=at(12, 31, 23, 59, year=YEAR - 1))
    assert annual_statistics(YEAR).total.total == 2
    assert annual_statistics(YEAR + 1).total.total == 1
    assert annual_statistics(YEAR - 1).total.total == 1


def test_items_without_any_unit_are_counted_as_such(sites):
    profile = sites["jianshan"].profile
    profile.unit = None
    profile.save()
    NoticePageFactory(parent=add_column(sites["jianshan"].root_page, "区情资料"), first_published_at=at(3, 3))
    stats = annual_statistics(YEAR)
    (row,) = stats.rows
    assert (row.name, row.kind_label, row.total) == ("未指定单位", "未分类", 1)
    assert stats.subtotals[0].name == "未分类小计（0家）"
    assert stats.total.name == "合计（0家）" and stats.total.total == 1


def test_scope_is_the_sites_items_not_those_of_sites_outside_it(items):
    jixian, fuli = items["jixian"].profile, items["fuli"].profile
    county = rows_by_name(annual_statistics(YEAR, profiles=[jixian, fuli]))
    assert set(county) == {"集贤县人民政府", "集贤县福利镇人民政府", "市司法局"}
    assert figures(county["市司法局"]) == (0, 1, 0, 0, 1)  # its item on the county site only
    alone = rows_by_name(annual_statistics(YEAR, profiles=[jixian]))
    assert set(alone) == {"集贤县人民政府", "市司法局"}  # the township's own site is left out
    assert annual_statistics(YEAR, profiles=[]).rows == []


def test_queries_do_not_grow_with_items_or_units(items, column, sites):
    annual_statistics(YEAR)  # warm Wagtail's cache of site root paths
    with CaptureQueriesContext(connection) as few:
        annual_statistics(YEAR)
    for n in range(10):
        unit = UnitFactory(name=f"市直单位{n}", kind=Unit.Kind.CITY_DEPARTMENT)
        parent = add_column(sites["youyi"].root_page, f"专栏{n}", units=[unit])
        for day in range(1, 4):
            NoticePageFactory(parent=parent, first_published_at=at(11, day))
        ArticlePageFactory(parent=column("jianshan", "news/local-news"), first_published_at=at(11, n + 1), unit=unit)
    annual_statistics(YEAR)
    with CaptureQueriesContext(connection) as many:
        stats = annual_statistics(YEAR)
    assert stats.total.total == 13 + 40
    assert len(many) == len(few) == 5  # items, their parents, the sites' units, the letters answered, the units
    with CaptureQueriesContext(connection) as scoped:
        outside_portal = annual_statistics(YEAR, profiles=SiteProfile.objects.exclude(site=sites["portal"]))
    assert len(scoped) == 6  # and the scope's sites
    assert outside_portal.total.total == 53 - 3


# The report


URL = "/admin/assurance/statistics/"


def test_report_lists_units_with_subtotals_for_the_chosen_year(admin_client, items):
    response = admin_client.get(URL, {"year": YEAR})
    assert response.status_code == 200
    names = [row.name for row in response.context["object_list"]]
    assert names[-1] == "合计（4家）" and "县区政府小计（1家）" in names
    page = response.content.decode()
    assert "年度信息统计" in page and "固定栏目信息" in page and "2016年" in page


def test_report_defaults_to_the_current_year_and_offers_the_years_with_items(admin_client, items):
    with time_machine.travel(at(2, 1, year=YEAR + 1), tick=False):
        response = admin_client.get(URL)
    rows = response.context["object_list"]
    assert [row.name for row in rows] == ["集贤县人民政府", "县区政府小计（1家）", "合计（1家）"]
    choices = [value for value, _label in response.context["filters"].form.fields["year"].choices]
    assert choices == ["2017", "2016"]


def test_county_staff_count_their_own_sites_and_townships(client, items):
    group = SiteGroup.objects.get(profile__site=items["jixian"], role="editor").group
    client.force_login(UserFactory(groups=[group]))
    response = client.get(URL, {"year": YEAR})
    assert response.status_code == 200
    names = {row.name for row in response.context["object_list"] if row.row_type == "unit"}
    assert names == {"集贤县人民政府", "集贤县福利镇人民政府", "市司法局"}


def test_report_exports_xlsx_and_csv(admin_client, items):
    response = admin_client.get(URL, {"year": YEAR, "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="annual-statistics-2016.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("单位", "单位类别", "固定栏目信息", "动态信息", "图片信息", "答复网民问题", "合计")
    assert rows[1] == ("集贤县人民政府", "县区政府", 1, 3, 3, 1, 8)
    assert rows[2] == ("县区政府小计（1家）", "县区政府", 1, 3, 3, 1, 8)
    assert rows[-1] == ("合计（4家）", None, 4, 5, 3, 1, 13)
    csv_response = admin_client.get(URL, {"year": YEAR, "export": "csv"})
    assert 'filename="annual-statistics-2016.csv"' in csv_response["Content-Disposition"]
    lines = b"".join(csv_response.streaming_content).decode().splitlines()
    assert lines[0] == "单位,单位类别,固定栏目信息,动态信息,图片信息,答复网民问题,合计"
    assert lines[-1] == "合计（4家）,,4,5,3,1,13"


def test_items_created_newest_first_are_counted_in_their_own_year(sites, column):
    """Tree order is not date order: the newest item was created first."""
    local_news = column("youyi", "news/local-news")
    for year, month in ((YEAR + 1, 1), (YEAR, 12), (YEAR, 2), (YEAR - 1, 12), (YEAR, 7)):
        ArticlePageFactory(parent=local_news, first_published_at=at(month, 1, year=year))
    (row,) = annual_statistics(YEAR).rows
    assert (row.name, figures(row)) == ("友谊县人民政府", (0, 3, 0, 0, 3))
