"""The admin's 失效链接 and 已修复链接 reports: each user sees the links of the sites they oversee,
others are refused; both export to CSV and XLSX."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from linkcheck.models import BrokenLink
from sites.models import SiteGroup
from tests.admin import refused
from tests.factories import ArticlePageFactory, UnitFactory, UserFactory


@pytest.fixture
def links(column, sites):
    """One open broken link on the county 集贤县, its township 福利镇 and 友谊县; one fixed on 集贤县."""
    now = timezone.now()
    unit = UnitFactory(name="集贤县农业农村局")

    def record(site, column_key, url, **fields):
        page = ArticlePageFactory(parent=column(site, column_key), title=f"{site}的新闻")
        defaults = {"kind": "external", "field": "正文", "status_code": 404, "error": "页面不存在", "confirmed": True}
        return BrokenLink.objects.create(
            page=page, profile=sites[site].profile, url=url, first_seen=now, last_seen=now, **{**defaults, **fields}
        )

    return {
        "jixian": record("jixian", "news/local-news", "http://127.0.0.1:9/county", unit=unit),
        "fuli": record("fuli", "news", "page:999999", kind="internal", status_code=None, error="链接的页面已删除"),
        "youyi": record("youyi", "news/local-news", "http://127.0.0.1:9/other", status_code=503, confirmed=False),
        "fixed": record("jixian", "news/local-news", "http://127.0.0.1:9/fixed", fixed_at=now),
    }


def member_of(sites, site, role=SiteGroup.Role.EDITOR):
    return UserFactory(groups=[SiteGroup.objects.get(profile=sites[site].profile, role=role).group])


def listed(client, url_name, **params):
    response = client.get(reverse(url_name), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_city_sees_every_sites_broken_links(client, links):
    client.force_login(UserFactory(is_superuser=True))
    html = listed(client, "linkcheck_report")
    for url in ("http://127.0.0.1:9/county", "站内页面 #999999", "http://127.0.0.1:9/other"):
        assert url in html
    assert "http://127.0.0.1:9/fixed" not in html
    assert reverse("wagtailadmin_pages:edit", args=[links["jixian"].page_id]) in html
    for text in ("集贤县人民政府", "集贤县农业农村局", "404 页面不存在", "链接的页面已删除", "确认", "疑似"):
        assert text in html


def test_a_county_sees_its_own_site_and_its_townships_only(client, links, sites):
    client.force_login(member_of(sites, "jixian"))
    html = listed(client, "linkcheck_report")
    assert "http://127.0.0.1:9/county" in html
    assert "站内页面 #999999" in html
    assert "http://127.0.0.1:9/other" not in html

    client.force_login(member_of(sites, "fuli", SiteGroup.Role.FINAL_REVIEW))
    html = listed(client, "linkcheck_report")
    assert "站内页面 #999999" in html
    assert "http://127.0.0.1:9/county" not in html


def test_the_report_filters_by_site_and_verdict(client, links, sites):
    client.force_login(UserFactory(is_superuser=True))
    html = listed(client, "linkcheck_report_results", profile=sites["youyi"].profile.pk)
    assert "http://127.0.0.1:9/other" in html and "http://127.0.0.1:9/county" not in html
    html = listed(client, "linkcheck_report_results", confirmed="True")
    assert "http://127.0.0.1:9/county" in html and "http://127.0.0.1:9/other" not in html


def test_the_fixed_report_is_the_history_of_fixed_links(client, links, sites):
    client.force_login(member_of(sites, "jixian"))
    html = listed(client, "linkcheck_fixed_report")
    assert "http://127.0.0.1:9/fixed" in html
    assert "http://127.0.0.1:9/county" not in html
    assert "修复时间" in html


def test_people_who_oversee_no_site_are_refused(client, links):
    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert refused(client, reverse("linkcheck_report"))
    assert refused(client, reverse("linkcheck_fixed_report"))

    translator = UserFactory(groups=[Group.objects.get_or_create(name="英文翻译")[0]])
    translator.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(translator)
    assert refused(client, reverse("linkcheck_report"))

    client.force_login(UserFactory())  # no admin access at all
    assert client.get(reverse("linkcheck_report")).status_code in (302, 403)
    client.logout()
    assert client.get(reverse("linkcheck_report")).status_code == 302


def test_the_menu_offers_the_reports_to_overseers(client, links, sites):
    client.force_login(member_of(sites, "jixian"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()  # the sidebar is JSON
    assert json.dumps("失效链接") in html and f'"url": "{reverse("linkcheck_report")}"' in html
    assert json.dumps("已修复链接") in html

    staff = UserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert json.dumps("失效链接") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_csv_and_xlsx_exports(client, links, sites):
    client.force_login(member_of(sites, "jixian"))
    url = reverse("linkcheck_report")

    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["链接地址"] for row in rows} == {"http://127.0.0.1:9/county", "page:999999"}
    county = next(row for row in rows if row["链接地址"] == "http://127.0.0.1:9/county")
    assert county["页面"] == "jixian的新闻"
    assert county["站点"] == "集贤县人民政府"
    assert county["责任单位"] == "集贤县农业农村局"
    assert (county["状态码"], county["判定"], county["类型"]) == ("404", "确认", "站外")
    assert county["首次发现"] == timezone.localtime(links["jixian"].first_seen).strftime("%Y-%m-%d %H:%M:%S")

    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert sheet[0][:4] == ("页面", "站点", "责任单位", "链接地址")
    assert len(sheet) == 3

    response = client.get(reverse("linkcheck_fixed_report"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["链接地址"] for row in rows] == ["http://127.0.0.1:9/fixed"]
    assert rows[0]["修复时间"]
