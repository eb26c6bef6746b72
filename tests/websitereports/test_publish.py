"""Publishing: one page per site-year under the site's home page, the figures and items frozen,
republishing keeps one page, an incomplete report refused with nothing saved, the footer's link."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.factories import ArticlePageFactory
from websitereports import publishing
from websitereports.forms import EntryForm
from websitereports.models import WebsiteReport, WebsiteReportPage

from .helpers import at

pytestmark = pytest.mark.django_db


def entered(data, publishing=True, year=2025):
    form = EntryForm(data, publishing=publishing, year=year)
    assert form.is_valid(), form.errors
    return form.entered()


@time_machine.travel("2026-01-20 10:00 +0800")
def test_publish_makes_one_page_and_republishing_keeps_it(sites, column, staff, complete, client):
    jixian = sites["jixian"].profile
    user = staff("jixian")
    ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=at(date(2025, 5, 1)))
    report = publishing.publish(jixian, 2025, entered(complete), user)
    page = report.page
    assert (
        page.live and page.get_parent().pk == jixian.root_page_id and page.title == "政府网站工作年度报表（2025年度）"
    )
    assert report.state == WebsiteReport.State.PUBLISHED
    assert report.published["figures"]["info_news"] == 1

    # a new item after publication changes nothing public until recomputed and republished
    ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=at(date(2025, 6, 1)))
    publishing.recompute(jixian, 2025)
    report.refresh_from_db()
    assert report.changed_since_publication
    text = client.get(page.url, HTTP_HOST="jixian.localhost").content.decode()
    assert "政府网站工作年度报表" in text and "集贤发布" in text and "0469-4222222" in text

    again = publishing.publish(jixian, 2025, entered(complete), user)
    assert again.page_id == page.pk
    assert WebsiteReportPage.objects.filter(year=2025).count() == 1
    assert again.published["figures"]["info_news"] == 2 and not again.changed_since_publication


@time_machine.travel("2026-01-20 10:00 +0800")
def test_an_incomplete_report_is_refused_and_nothing_saved(sites, staff, complete):
    jixian = sites["jixian"].profile
    del complete["visits"]
    with pytest.raises(publishing.ReportError, match="网站总访问量"):
        publishing.publish(jixian, 2025, entered(complete, publishing=False), staff("jixian"))
    assert not WebsiteReport.objects.filter(profile=jixian).exists()
    assert not WebsiteReportPage.objects.exists()


@time_machine.travel("2026-02-03 10:00 +0800")
def test_the_footer_link_leads_to_the_latest_report(sites, staff, complete, client):
    jixian = sites["jixian"].profile
    assert client.get(reverse("websitereports:latest"), HTTP_HOST="jixian.localhost").status_code == 404
    publishing.publish(jixian, 2024, entered({**complete, "filled_on": "2025-01-10"}, year=2024), staff("jixian"))
    newest = publishing.publish(jixian, 2025, entered(complete), staff("jixian"))
    response = client.get(reverse("websitereports:latest"), HTTP_HOST="jixian.localhost")
    assert response.status_code == 302 and response["Location"].endswith(newest.page.url.split("localhost")[-1])
    # another site's hostname never leads to jixian's report
    assert client.get(reverse("websitereports:latest"), HTTP_HOST="youyi.localhost").status_code == 404
    home = client.get("/", HTTP_HOST="jixian.localhost").content.decode()
    assert home.count('href="/website-report/"') == 2  # the home page's link and the footer's


@time_machine.travel("2026-01-20 10:00 +0800")
def test_the_table_is_the_national_form(sites, staff, complete, client):
    report = publishing.publish(sites["jixian"].profile, 2025, entered(complete), staff("jixian"))
    text = client.get(report.page.url, HTTP_HOST="jixian.localhost").content.decode()
    for label in (
        "独立用户访问总量（单位：个）",
        "信息公开目录信息更新量",
        "可全程在线办理政务服务事项数量（单位：项）",
        "公布调查结果期数（单位：期）",
        "是否明确网站安全责任人",
        "千人千网",
        "填报日期",
        "平台增列",
    ):
        assert label in text
    assert "4.7" in text  # 办件量 总数 = 3.5 + 1.2
    assert "站内搜索次数（平台增列：在本网站发起的搜索次数）" in text  # each site its own, from the search log
