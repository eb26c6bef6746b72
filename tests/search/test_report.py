"""搜索统计: top queries, queries that found nothing and queries nobody opened a result of, by
ISO week (Beijing time) and site, scoped to the sites one oversees, exported as CSV and XLSX; and
a synonym added in one step from a query that found nothing."""

import io
from datetime import date, datetime

import openpyxl
import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from search.models import SearchLog, Synonym
from search.report import Row
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("search_report")
SYNONYM = reverse("search_report_synonym")
NOW = timezone.make_aware(datetime(2026, 11, 25, 10))  # a Wednesday, Beijing time
WEEKS = {"week_from": "2026-11-16", "week_to": "2026-11-25"}


def beijing(*args):
    return timezone.make_aware(datetime(*args))


def logged(at, host, query, results=0, opened=False, times=1):
    for _ in range(times):
        row = SearchLog.objects.create(
            site_hostname=host, query=query, normalized=query.lower(), results=results, opened=opened
        )
        SearchLog.objects.filter(pk=row.pk).update(at=at)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def searches(frozen, sites):
    # newest first
    logged(beijing(2026, 11, 25, 9), "localhost", "市长信箱")
    logged(beijing(2026, 11, 24, 8), "youyi.localhost", "社保", results=2, opened=True)
    logged(beijing(2026, 11, 24, 8), "fuli.jixian.localhost", "低保", results=1)
    logged(beijing(2026, 11, 24, 7), "jixian.localhost", "低保", results=4)
    logged(beijing(2026, 11, 24, 6), "jixian.localhost", "公租房", times=2)
    logged(beijing(2026, 11, 24, 5), "jixian.localhost", "社保", results=5, times=2)
    logged(beijing(2026, 11, 24, 5), "jixian.localhost", "社保", results=5, opened=True)
    logged(beijing(2026, 11, 23, 0, 30), "jixian.localhost", "公积金")  # Sunday 16:30 UTC: this week here
    logged(beijing(2026, 11, 22, 23, 30), "jixian.localhost", "公积金")  # the week before
    logged(beijing(2026, 11, 22, 23, 30), "jixian.localhost", "Gongjijin", results=3)
    logged(beijing(2026, 11, 15, 23), "jixian.localhost", "太早")  # before the weeks asked for


def table(response):
    assert response.status_code == 200
    return {
        (row.section, row.week.isoformat(), row.site_hostname, row.query): (row.searches, row.empty, row.opened)
        for row in response.context["object_list"]
    }


def test_the_figures_by_week_and_site(admin_client, searches):
    rows = table(admin_client.get(URL, WEEKS))
    this, last = "2026-11-23", "2026-11-16"
    assert rows[("top", this, "jixian.localhost", "社保")] == (3, 0, 1)
    assert rows[("top", this, "jixian.localhost", "公租房")] == (2, 2, 0)
    assert rows[("top", this, "jixian.localhost", "公积金")] == (1, 1, 0)
    assert rows[("top", last, "jixian.localhost", "公积金")] == (1, 1, 0)
    assert rows[("top", this, "youyi.localhost", "社保")] == (1, 0, 1)
    assert rows[("empty", this, "localhost", "市长信箱")] == (1, 1, 0)
    assert {k[3] for k in rows if k[:3] == ("empty", this, "jixian.localhost")} == {"公租房", "公积金"}
    assert {k[3] for k in rows if k[:3] == ("unopened", this, "jixian.localhost")} == {"低保"}
    assert {k[3] for k in rows if k[0] == "unopened"} == {"低保", "Gongjijin"}
    assert ("unopened", this, "fuli.jixian.localhost", "低保") in rows
    assert not [k for k in rows if k[3] == "太早"]
    # sections in order, the newest week first, then the sites in the tree's order, then rank
    listed = admin_client.get(URL, WEEKS).context["object_list"]
    ordered = [(r.section, r.week.isoformat(), r.site_hostname, r.query) for r in listed]
    top = [k for k in ordered if k[0] == "top"]
    assert top[:4] == [
        ("top", this, "localhost", "市长信箱"),
        ("top", this, "jixian.localhost", "社保"),
        ("top", this, "jixian.localhost", "公租房"),
        ("top", this, "jixian.localhost", "低保"),
    ]
    assert [k[0] for k in ordered] == sorted((k[0] for k in ordered), key=["top", "empty", "unopened"].index)
    assert top[-1][1] == last


def test_by_default_the_last_four_weeks_and_a_range_either_way(admin_client, searches):
    default = table(admin_client.get(URL))
    assert ("top", "2026-11-16", "jixian.localhost", "公积金") in default
    assert ("top", "2026-11-09", "jixian.localhost", "太早") in default
    reversed_range = table(admin_client.get(URL, {"week_from": "2026-11-29", "week_to": "2026-11-23"}))
    assert {k[1] for k in reversed_range} == {"2026-11-23"}
    garbage = admin_client.get(URL, {"week_from": "2026-13-45", "week_to": "x" * 1000, "site": "abc"})
    assert garbage.status_code == 200


def test_each_section_keeps_its_first_twenty(admin_client, frozen, sites):
    for n in range(25):
        logged(beijing(2026, 11, 24, 9), "youyi.localhost", f"词{n:02d}", times=1 + n % 5)
    rows = [r for r in admin_client.get(URL, WEEKS).context["object_list"] if r.section == "top"]
    assert len(rows) == 20
    assert [r.searches for r in rows[:5]] == [5] * 5 and rows[0].query == "词04"


def test_the_report_costs_the_same_queries_whatever_the_data(admin_client, searches, django_assert_num_queries):
    admin_client.get(URL, WEEKS)  # the sites' cache (sites.caching) is filled by the first request
    with django_assert_num_queries(QUERIES):
        admin_client.get(URL, WEEKS)
    with django_assert_num_queries(EXPORT_QUERIES):
        admin_client.get(URL, {**WEEKS, "export": "xlsx"})
    for n in range(60):
        host = ["jixian.localhost", "youyi.localhost", "fuli.jixian.localhost"][n % 3]
        logged(beijing(2026, 11, 17 + n % 9, 12), host, f"查询{n}", results=n % 2, opened=n % 4 == 1, times=2)
    with django_assert_num_queries(QUERIES):
        admin_client.get(URL, WEEKS)
    with django_assert_num_queries(EXPORT_QUERIES):
        admin_client.get(URL, {**WEEKS, "export": "xlsx"})


QUERIES = 16  # the session, the user, the sites overseen, the three sections and the admin's own
EXPORT_QUERIES = 12


def test_csv_and_xlsx(admin_client, searches):
    response = admin_client.get(URL, {**WEEKS, "export": "xlsx"})
    assert 'filename="search-report-20261116-20261129.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("类别", "周", "站点", "搜索词", "搜索次数", "无结果次数", "打开结果次数")
    assert ("热门搜索词", "2026年第48周（11月23日—11月29日）", "集贤县人民政府", "社保", 3, 0, 1) in rows
    assert ("无结果搜索词", "2026年第47周（11月16日—11月22日）", "集贤县人民政府", "公积金", 1, 1, 0) in rows
    text = b"".join(admin_client.get(URL, {**WEEKS, "export": "csv"}).streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "类别,周,站点,搜索词,搜索次数,无结果次数,打开结果次数"
    assert "无人点击搜索词,2026年第48周（11月23日—11月29日）,集贤县人民政府,低保,1,0,0" in lines
    assert "添加同义词" not in text


def test_a_county_sees_its_own_sites_only(client, searches, staff, sites):
    client.force_login(staff("jixian"))
    rows = table(client.get(URL, WEEKS))
    assert {k[2] for k in rows} == {"jixian.localhost", "fuli.jixian.localhost"}
    # another county's site in the address is refused beside its field; the rest still applies
    forged = client.get(URL, {**WEEKS, "site": sites["youyi"].profile.pk})
    assert forged.context["filters"].errors["site"] and {k[2] for k in table(forged)} == {
        "jixian.localhost",
        "fuli.jixian.localhost",
    }
    own = table(client.get(URL, {**WEEKS, "site": sites["fuli"].profile.pk}))
    assert {k[2] for k in own} == {"fuli.jixian.localhost"}
    export = b"".join(client.get(URL, {**WEEKS, "export": "csv", "site": sites["youyi"].profile.pk}).streaming_content)
    assert "友谊县" not in export.decode() and "市长信箱" not in export.decode() and "社保" in export.decode()
    township = staff("fuli")
    client.force_login(township)
    assert {k[2] for k in table(client.get(URL, WEEKS))} == {"fuli.jixian.localhost"}


def dictionary():
    """The synonym dictionary as it stands (the starter set included)."""
    return sorted(Synonym.objects.values_list("term", "expansions"))


def test_only_staff_who_oversee_sites_open_it(client, searches):
    before = dictionary()
    client.force_login(UserFactory())
    for url in (URL, URL + "?export=csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    client.post(SYNONYM, {"term": "公租房", "expansion": "公共租赁住房"})
    assert dictionary() == before


# A synonym from a query that found nothing


def test_city_staff_add_a_synonym_from_a_zero_result_row(client, searches, staff):
    client.force_login(staff("portal"))
    html = client.get(URL, WEEKS).content.decode()
    assert f'action="{SYNONYM}"' in html and 'name="term" value="公租房"' in html
    assert 'name="term" value="社保"' not in html  # a query that found something gets no form
    assert 'name="next" value="/admin/search/report/?week_from=2026-11-16&amp;week_to=2026-11-25"' in html
    back = URL + "?week_from=2026-11-16"
    response = client.post(SYNONYM, {"term": "公租房", "expansion": "公共租赁住房", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["已添加同义词：“公租房”→“公共租赁住房”，搜索立即生效。"]
    client.post(SYNONYM, {"term": "公租房", "expansion": "廉租房"})
    synonym = Synonym.objects.get(term="公租房")
    assert synonym.expansions.splitlines() == ["公共租赁住房", "廉租房"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({"term": "公租房", "expansion": ""}, "请填写规范用语。"),
        ({"term": "", "expansion": "公共租赁住房"}, "请填写群众用语。"),
        ({"term": "公租房", "expansion": "公租房"}, "规范用语与群众用语相同，无需添加。"),
        ({"term": "公租房", "expansion": "公共\n租赁住房"}, "每次只添加一个群众用语和一个规范用语，不能换行。"),
        ({"term": "房" * 51, "expansion": "公共租赁住房"}, "群众用语不能超过50个字。"),
        ({"term": "公租房", "expansion": "房" * 1000}, "规范用语不能超过50个字。"),
    ],
)
def test_bad_input_saves_nothing_and_says_why(client, searches, staff, data, message):
    before = dictionary()
    client.force_login(staff("portal"))
    response = client.post(SYNONYM, {**data, "next": "http://evil.example/"})
    assert response.status_code == 302 and response["Location"] == URL
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["未能添加同义词：" + message]
    assert dictionary() == before


def test_county_staff_get_no_form_and_cannot_post(client, searches, staff):
    before = dictionary()
    client.force_login(staff("jixian"))
    html = client.get(URL, WEEKS).content.decode()
    assert "公租房" in html and SYNONYM not in html and "添加同义词" not in html
    response = client.post(SYNONYM, {"term": "公租房", "expansion": "公共租赁住房"})
    assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
    assert dictionary() == before
    assert client.get(SYNONYM).status_code == 405


def test_week_labels_are_iso_weeks():
    row = Row("top", date(2026, 12, 28), "localhost", "门户", "x", 1, 0, 0)
    assert row.week_label == "2026年第53周（12月28日—01月03日）"
