"""网站年度报表 in the admin: confined to the overseen sites, bad input beside the fields with
nothing saved, a stale copy refused, recompute, publish, and the year's export."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.factories import ArticlePageFactory, UserFactory
from websitereports.models import WebsiteReport, WebsiteReportPage

from .helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def february():
    with time_machine.travel("2026-02-05 10:00 +0800"):
        yield


def edit_url(profile, year=2025):
    return reverse("websitereports_admin:edit", args=[profile.pk, year])


def test_the_list_shows_the_overseen_sites_and_the_deadline(client, sites, staff):
    client.force_login(staff("jixian"))
    text = client.get(reverse("websitereports_admin:index")).content.decode()
    assert "集贤县人民政府" in text and "集贤县福利镇人民政府" in text and "友谊县人民政府" not in text
    assert "2026-01-31（已逾期）" in text and "未填报" in text


def test_another_sites_report_is_refused(client, sites, staff, complete):
    client.force_login(staff("jixian"))
    youyi = sites["youyi"].profile
    assert client.get(edit_url(youyi)).status_code == 404
    assert client.post(edit_url(youyi), {**complete, "action": "publish"}).status_code == 404
    assert not WebsiteReport.objects.exists()
    # a township cannot reach its county's report
    client.force_login(staff("fuli"))
    assert client.get(edit_url(sites["jixian"].profile)).status_code == 404
    assert client.get(edit_url(sites["fuli"].profile)).status_code == 200
    # nor can someone outside every site, nor a year that has no report
    client.force_login(UserFactory(is_staff=True))
    assert client.get(edit_url(sites["jixian"].profile)).status_code in (302, 403, 404)
    client.force_login(staff("jixian"))
    assert client.get(edit_url(sites["jixian"].profile, 1999)).status_code == 404


def test_bad_input_is_shown_beside_the_fields_and_nothing_is_saved(client, sites, staff, complete):
    client.force_login(staff("jixian"))
    bad = {
        **complete,
        "visits": "-3",
        "registered_users": "abc",
        "phone": "打电话给我",
        "filled_on": "2026-13-45",
        "smart_qa": "maybe",
        "head": "长" * 101,
        "action": "save",
    }
    response = client.post(edit_url(sites["jixian"].profile), bad)
    text = response.content.decode()
    assert response.status_code == 400
    for message in (
        "不能小于 0。",
        "请填写数字。",
        "请填写正确的联系电话",
        "请按 2026-01-20 的格式填写日期。",
        "最多 100 个字。",
    ):
        assert message in text
    assert "打电话给我" in text  # the typed input is kept
    assert not WebsiteReport.objects.exists()


def test_visits_below_visitors_and_publishing_incomplete_are_refused(client, sites, staff, complete):
    client.force_login(staff("jixian"))
    url = edit_url(sites["jixian"].profile)
    response = client.post(url, {**complete, "visits": "10", "action": "save"})
    assert "网站总访问量不能少于独立用户访问总量。" in response.content.decode()
    response = client.post(url, {"head": "王五", "action": "publish"})
    assert response.status_code == 400 and "发布前必须填写此项。" in response.content.decode()
    assert not WebsiteReport.objects.exists() and not WebsiteReportPage.objects.exists()


def test_save_recompute_publish(client, sites, column, staff, complete):
    client.force_login(staff("jixian"))
    jixian = sites["jixian"].profile
    url = edit_url(jixian)
    text = client.get(url).content.decode()
    assert "平台统计（只读）" in text and "政务动态信息更新量" in text
    assert client.post(url, {**complete, "action": "save"}).status_code == 302
    report = WebsiteReport.objects.get(profile=jixian, year=2025)
    assert report.entered["registered_users"] == 1.25 and report.entered["smart_qa"] is False
    assert report.figures["info_news"] == 0

    ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=at(date(2025, 5, 1)))
    assert client.post(url, {"action": "recompute", "version": report.updated_at.isoformat()}).status_code == 302
    report.refresh_from_db()
    assert report.figures["info_news"] == 1

    # a copy opened before the recompute is stale: refused, the input kept, nothing saved
    response = client.post(url, {**complete, "head": "别人", "action": "save", "version": "2020-01-01T00:00:00+00:00"})
    assert response.status_code == 400 and "已被他人修改" in response.content.decode()
    assert "别人" in response.content.decode()
    report.refresh_from_db()
    assert report.entered["head"] == "王五"

    assert (
        client.post(url, {**complete, "action": "publish", "version": report.updated_at.isoformat()}).status_code == 302
    )
    report.refresh_from_db()
    assert report.state == WebsiteReport.State.PUBLISHED and report.page.live
    text = client.get(reverse("websitereports_admin:index")).content.decode()
    assert "已发布" in text


def test_export_has_every_item_of_the_overseen_sites(client, sites, staff, complete):
    client.force_login(staff("jixian"))
    client.post(edit_url(sites["jixian"].profile), {**complete, "action": "publish"})
    response = client.get(reverse("websitereports_admin:index"), {"year": "2025", "export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "互动交流·留言办理·收到留言数量（单位：条）" in text and "集贤县人民政府" in text
    assert "友谊县" not in text and "0469-4222222" in text
    response = client.get(reverse("websitereports_admin:index"), {"year": "2025", "export": "xlsx"})
    assert response.status_code == 200
