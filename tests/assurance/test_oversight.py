"""What the city and the counties get from the audit: the dashboard, the units' e-mail digests,
the circulars and the quarterly spot check."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assurance.audit import record_audit
from assurance.circulars import BadPeriod, circular, parse_period, quarter_of, week_of
from assurance.digests import send_unit_digests
from assurance.models import ColumnStatus, SpotCheck
from assurance.spotcheck import SHEET_ITEMS, draw, sample
from sites.models import SiteGroup, SiteProfile
from tests.factories import ArticlePageFactory, UserFactory

NOW = timezone.make_aware(datetime(2026, 11, 22, 10))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def user_of(sites, key, role="editor", **fields):
    group = SiteGroup.objects.get(profile__site=sites[key], role=role).group
    return UserFactory(groups=[group], **fields)


def refused(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == reverse("wagtailadmin_home"))


@pytest.fixture
def audited(frozen, column):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=NOW - timedelta(days=9))
    ArticlePageFactory(parent=column("youyi", "news/local-news"), first_published_at=NOW - timedelta(days=1))
    return record_audit()


def test_city_staff_see_every_site_and_a_county_sees_itself_and_its_townships(client, sites, audited):
    client.force_login(user_of(sites, "portal"))
    response = client.get(reverse("assurance_overview"))
    assert response.status_code == 200
    names = [str(s.profile) for s in response.context["object_list"]]
    assert names == ["双鸭山市人民政府", "集贤县人民政府", "集贤县福利镇人民政府", "友谊县人民政府", "尖山区人民政府"]
    assert "立即检查全部站点" in response.text and "assurance-chart-row" in response.text

    client.force_login(user_of(sites, "jixian", "first_review"))
    response = client.get(reverse("assurance_overview"))
    assert [str(s.profile) for s in response.context["object_list"]] == ["集贤县人民政府", "集贤县福利镇人民政府"]
    assert "立即检查全部站点" not in response.text
    assert "2 个站点中 2 个触发单项否决" in client.get(reverse("wagtailadmin_home")).text
    columns = client.get(reverse("assurance_columns")).context["object_list"]
    assert {f.profile.site.hostname for f in columns} == {"jixian.localhost", "fuli.jixian.localhost"}
    youyi = SiteProfile.objects.get(site=sites["youyi"])
    filtered = client.get(reverse("assurance_columns"), {"profile": youyi.pk}).context["object_list"]
    assert youyi.pk not in {f.profile_id for f in filtered}
    assert refused(client.post(reverse("assurance_run_audit")))
    assert refused(client.get(reverse("assurance_spot_checks")))


def test_outsiders_get_no_dashboard(client, db, audited):
    client.force_login(UserFactory())
    for name in ("assurance_overview", "assurance_columns", "assurance_units", "assurance_trends"):
        assert client.get(reverse(name)).status_code in (302, 403)


def test_the_overdue_list_is_sorted_by_days_overdue_with_unit_and_contact(admin_client, sites, audited):
    unit = SiteProfile.objects.get(site=sites["jixian"]).unit
    unit.contact_person, unit.phone = "王芳", "0469-5123456"
    unit.save()
    response = admin_client.get(reverse("assurance_columns"), {"status": "overdue"})
    findings = list(response.context["object_list"])
    assert [f.days_overdue for f in findings] == sorted((f.days_overdue for f in findings), reverse=True)
    local_news = next(f for f in findings if f.trail == "新闻动态 › 本地要闻" and f.profile.site == sites["jixian"])
    assert (local_news.days_overdue, local_news.contacts) == (8, "集贤县人民政府 王芳 0469-5123456")


@pytest.mark.parametrize(
    "name",
    ["assurance_overview", "assurance_columns", "assurance_units", "assurance_trends"],
)
def test_every_table_exports_to_csv_and_xlsx(admin_client, audited, name):
    response = admin_client.get(reverse(name), {"export": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.getvalue().decode("utf-8").count("\n") > 1
    response = admin_client.get(reverse(name), {"export": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_unit_scorecard_counts_each_units_columns(admin_client, sites, audited):
    units = {u.name: u for u in admin_client.get(reverse("assurance_units")).context["object_list"]}
    jixian = units["集贤县人民政府"]
    assert (jixian.overdue, jixian.columns) == (1, jixian.ok + jixian.due_soon + jixian.overdue + jixian.empty)


def test_trends_show_twelve_weeks_of_snapshots(admin_client, sites, frozen, column):
    for weeks_ago in (3, 1, 0):
        frozen.move_to(NOW - timedelta(weeks=weeks_ago))
        record_audit()
    frozen.move_to(NOW)
    response = admin_client.get(reverse("assurance_trends"))
    jixian = next(p for p in response.context["object_list"] if p.site == sites["jixian"])
    assert len(jixian.series) == 12
    assert [n for n, v in enumerate(jixian.series) if v is not None] == [8, 10, 11]
    assert len(jixian.spark) == 3
    export = admin_client.get(reverse("assurance_trends"), {"export": "csv"}).getvalue().decode("utf-8")
    assert export.splitlines()[0].startswith("站点,08-31周")


def test_each_unit_gets_one_digest_of_its_overdue_and_empty_columns(frozen, sites, column, mailoutbox):
    jixian = SiteProfile.objects.get(site=sites["jixian"]).unit
    jixian.email = "jxx@example.gov.cn"
    jixian.save()
    user_of(sites, "youyi", email="editor@youyi.example.gov.cn")
    user_of(sites, "youyi", email="")
    ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=NOW - timedelta(days=9))
    record_audit()
    sent = send_unit_digests()
    by_recipient = {tuple(m.to): m for m in mailoutbox}
    mail = by_recipient[("jxx@example.gov.cn",)]
    assert mail.subject.startswith("【内容保障】集贤县人民政府：1 个栏目逾期未更新")
    assert "新闻动态 › 本地要闻" in mail.body and "逾期 8 天" in mail.body
    assert "县情概况 › 历史沿革" in mail.body  # empty
    assert "/admin/pages/" in mail.alternatives[0][0]
    assert ("editor@youyi.example.gov.cn",) in by_recipient  # no unit address: the site's editors
    assert len(mailoutbox) == len(sent)


def test_periods_parse_and_refuse_bad_keys():
    today = date(2026, 11, 22)
    assert parse_period("week", "", today) == week_of(today)
    assert parse_period("week", "2026-W47", today).start == date(2026, 11, 16)
    assert parse_period("quarter", "2026-Q4", today) == quarter_of(today)
    assert quarter_of(today).end == date(2026, 12, 31) and quarter_of(today).shifted(1).key == "2027-Q1"
    with pytest.raises(BadPeriod, match="应如 2026-Q4"):
        parse_period("quarter", "2026-W47", today)
    with pytest.raises(BadPeriod, match="没有第 54 周"):
        parse_period("week", "2026-W54", today)


def test_the_weekly_circular_ranks_failing_sites_then_units_with_reasons(admin_client, frozen, sites, column):
    frozen.move_to(NOW - timedelta(weeks=1))
    record_audit()  # last week: every site empty
    frozen.move_to(NOW)
    for key in ("news/local-news", "news/photo-news"):
        ArticlePageFactory(parent=column("youyi", key), first_published_at=NOW - timedelta(days=30))
    record_audit()
    profiles = SiteProfile.objects.all()
    entries = circular(week_of(NOW.date()), profiles)
    site_entries = [e for e in entries if e.kind == "站点"]
    assert [e.rank for e in site_entries] == list(range(1, len(site_entries) + 1))
    youyi = next(e for e in site_entries if e.name == "友谊县人民政府")
    assert youyi.overdue == 2 and "空白栏目" in youyi.vetoes and "逾期栏目 2 个" in youyi.reasons
    assert any(e.kind == "单位" and e.name == "友谊县人民政府" and e.overdue == 2 for e in entries)
    last_week = circular(week_of(NOW.date() - timedelta(weeks=1)), profiles)
    assert all(e.overdue == 0 for e in last_week)

    response = admin_client.get(reverse("assurance_circular", args=["week"]), {"period": "2026-W47"})
    assert response.context["period"].label.startswith("2026年第47周")
    xlsx = admin_client.get(reverse("assurance_circular", args=["quarter"]), {"export": "xlsx"})
    assert xlsx.status_code == 200 and "circular-2026-Q4" in xlsx["Content-Disposition"]
    bad = admin_client.get(reverse("assurance_circular", args=["week"]), {"period": "last week"}, follow=True)
    assert "格式不对" in bad.text


def test_the_spot_check_draws_a_reproducible_fifteen_percent(db, sites):
    profiles = list(SiteProfile.objects.exclude(level=SiteProfile.Level.CITY).select_related("site"))
    profiles += [SiteProfile(site_code=f"99{n:08d}") for n in range(16)]  # a cluster of 20 sites

    def codes(year, quarter, candidates=profiles):
        return [p.site_code for p in sample(candidates, year, quarter)]

    assert len(codes(2026, 4)) == 3  # ceil(20 × 15%)
    assert codes(2026, 4) == codes(2026, 4, list(reversed(profiles)))
    assert len({tuple(codes(year, quarter)) for year in (2026, 2027) for quarter in (1, 2, 3, 4)}) > 1


def test_the_spot_check_sheet_computes_every_single_veto_item(admin_client, frozen, sites, column):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=NOW - timedelta(days=1))
    check = draw(2026, 4)
    assert draw(2026, 4) == check and SpotCheck.objects.count() == 1
    assert len(check.sheet) == 1  # ceil(4 open county, district and township sites × 15%)
    (row,) = check.sheet
    assert [item["label"] for item in row["items"]] == [label for _code, label in SHEET_ITEMS]
    results = {item["code"]: item["result"] for item in row["items"]}
    assert results["empty"] == "不合格" and results["services"] == "合格"
    assert results["availability"] == "人工检查"  # no probes recorded: the sheet says so
    assert results["serious_errors"] == "人工检查"
    assert results["interaction"] == "合格"  # computed: no letter left unanswered, a working mailbox (or a township)
    assert row["qualified"] is False

    response = admin_client.get(reverse("assurance_spot_check", args=[check.pk]))
    assert len(response.context["object_list"]) == len(SHEET_ITEMS)
    xlsx = admin_client.get(reverse("assurance_spot_check", args=[check.pk]), {"export": "xlsx"})
    assert "spot-check-2026-Q4" in xlsx["Content-Disposition"]
    listing = admin_client.get(reverse("assurance_spot_checks"))
    assert listing.context["object_list"][0].unqualified == 1


# Every report built on the audit, with items created newest first (tree order is not date order):
# each subsite's news column holds an item of yesterday, created before two older ones.
NEWS_COLUMNS = {"jixian": "news/local-news", "youyi": "news/local-news", "jianshan": "news/local-news", "fuli": "news"}
NEWS_TITLES = {"jixian": "本地要闻", "youyi": "本地要闻", "jianshan": "本地要闻", "fuli": "工作动态"}
YESTERDAY = NOW - timedelta(days=1)


@pytest.fixture
def newest_first(frozen, column):
    for key, news in NEWS_COLUMNS.items():
        for days in (1, 30, 20):
            ArticlePageFactory(parent=column(key, news), first_published_at=NOW - timedelta(days=days))
    return record_audit()


def test_the_overview_shows_each_sites_newest_item_and_no_false_home_veto(admin_client, sites, newest_first):
    response = admin_client.get(reverse("assurance_overview"))
    by_site = {s.profile.site.hostname: s for s in response.context["object_list"]}
    for key in NEWS_COLUMNS:
        snapshot = by_site[sites[key].hostname]
        assert snapshot.home_last_update == YESTERDAY
        assert snapshot.overdue == 0 and "首页不更新" not in snapshot.veto_text
    export = admin_client.get(reverse("assurance_overview"), {"export": "csv"}).getvalue().decode("utf-8")
    (jixian,) = [line for line in export.splitlines() if line.startswith("集贤县人民政府,")]
    assert "首页不更新" not in jixian


def test_problem_columns_list_no_column_whose_newest_item_is_fresh(admin_client, sites, newest_first):
    overdue = admin_client.get(reverse("assurance_columns"), {"status": "overdue"}).context["object_list"]
    assert not [f.trail for f in overdue if f.profile.site.hostname != "localhost"]
    due_soon = admin_client.get(reverse("assurance_columns"), {"status": "due_soon"}).context["object_list"]
    jixian = next(f for f in due_soon if f.profile.site == sites["jixian"] and f.title == "本地要闻")
    assert jixian.last_update == YESTERDAY


def test_the_unit_scorecard_counts_no_overdue_column_for_fresh_news(admin_client, sites, newest_first):
    units = {u.name: u for u in admin_client.get(reverse("assurance_units")).context["object_list"]}
    for key in NEWS_COLUMNS:
        assert units[str(SiteProfile.objects.get(site=sites[key]).unit)].overdue == 0


def test_trends_count_no_overdue_column_for_fresh_news(admin_client, sites, newest_first):
    response = admin_client.get(reverse("assurance_trends"))
    profiles = {p.site_id: p for p in response.context["object_list"]}
    for audit in newest_first:
        if audit.profile.site.hostname == "localhost":
            continue
        assert audit.counts[ColumnStatus.OVERDUE] == 0
        assert profiles[audit.profile.site_id].series[-1] == audit.counts[ColumnStatus.EMPTY]


def test_digests_name_no_fresh_column_as_overdue(sites, newest_first, mailoutbox):
    jixian = SiteProfile.objects.get(site=sites["jixian"]).unit
    jixian.email = "jxx@example.gov.cn"
    jixian.save()
    send_unit_digests()
    (mail,) = [m for m in mailoutbox if m.to == ["jxx@example.gov.cn"]]
    assert mail.subject.startswith("【内容保障】集贤县人民政府：0 个栏目逾期未更新")
    assert "逾期未更新栏目" not in mail.body and "本地要闻" not in mail.body


def test_circulars_report_no_false_home_veto_or_overdue_column(admin_client, sites, newest_first):
    entries = circular(week_of(NOW.date()), SiteProfile.objects.all())
    for key in NEWS_COLUMNS:
        name = str(SiteProfile.objects.get(site=sites[key]))
        site = next(e for e in entries if e.kind == "站点" and e.name == name)
        assert site.overdue == 0 and "首页不更新" not in site.vetoes
        assert all(e.overdue == 0 for e in entries if e.kind == "单位" and e.name == name)
    for kind in ("week", "quarter"):
        response = admin_client.get(reverse("assurance_circular", args=[kind]))
        assert not [e for e in response.context["object_list"] if e.overdue and e.name != "双鸭山市人民政府"]


def test_the_spot_check_passes_the_home_page_and_columns_of_fresh_sites(frozen, sites, newest_first):
    check = draw(2026, 4)
    (row,) = check.sheet
    results = {item["code"]: item["result"] for item in row["items"]}
    assert results["home"] == results["columns"] == "合格"
    assert row["columns"]["overdue"] == 0
