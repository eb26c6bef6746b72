"""The cluster audit on real pages: column states, the home page, the single-veto items, what it
keeps, and the command that prints it."""

import csv
import io
import json
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from assurance.audit import audit_cluster, record_audit
from assurance.models import ColumnCheck, ColumnFinding, ColumnStatus, SiteSnapshot
from content.models import ServiceGuidePage
from sites.provisioning import close_site, provision_site
from tests.factories import ArticlePageFactory, NoticePageFactory

NOW = timezone.make_aware(datetime(2026, 11, 22, 10))
AUDIT_QUERIES = 12  # sites, columns, link columns, channels, units, items, checks, probes, service guides, letters,
# the year's published disclosure reports, last year's website reports (websitereports.overdue)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def days_ago(n):
    return NOW - timedelta(days=n)


def site_audit(hostname):
    (audit,) = audit_cluster(hostname=hostname)
    return audit


def row(audit, title):
    return next(r for r in audit.rows if r.title == title)


def test_a_new_site_is_all_empty_and_fails_on_its_home_page_and_empty_columns(frozen, sites):
    audit = site_audit("jixian.localhost")
    counts = audit.counts
    assert counts[ColumnStatus.EMPTY] == len(audit.rows) - counts[ColumnStatus.NOT_APPLICABLE]
    assert {v.code for v in audit.vetoes} == {"home", "empty"}
    assert row(audit, "本地要闻").trail == "新闻动态 › 本地要闻"
    assert row(audit, "本地要闻").unit_names == "集贤县人民政府"


def test_column_states_follow_items_checks_and_text(frozen, column):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=days_ago(3))
    ArticlePageFactory(parent=column("jixian", "news/photo-news"), first_published_at=days_ago(20), kind="news")
    NoticePageFactory(parent=column("jixian", "disclosure/notices"), first_published_at=days_ago(100))
    NoticePageFactory(parent=column("jixian", "disclosure/plans"), first_published_at=days_ago(500))
    overview = column("jixian", "profile/overview")
    overview.intro = "<p>集贤县位于黑龙江省东北部。</p>"
    overview.save_revision().publish()
    ColumnCheck.objects.create(column=column("jixian", "disclosure/plans"), checked_at=days_ago(1))
    audit = site_audit("jixian.localhost")
    local_news = row(audit, "本地要闻")
    assert (local_news.verdict.status, local_news.verdict.days_overdue) == (ColumnStatus.OVERDUE, 2)
    photo = row(audit, "图片新闻")
    assert (photo.verdict.status, photo.verdict.days_overdue) == (ColumnStatus.OVERDUE, 13)
    assert row(audit, "通知公告").verdict.status == ColumnStatus.OK  # 随时, national 6 months
    plans = row(audit, "规划计划")  # yearly and national 1 year: the check renews the yearly requirement only
    assert plans.verdict.last_update_kind == "check"
    assert plans.verdict.national_overdue and plans.verdict.status == ColumnStatus.OVERDUE
    text_only = row(audit, "县情简介")
    assert (text_only.verdict.status, text_only.verdict.last_update_kind) == (ColumnStatus.OK, "edit")
    assert "home" not in {v.code for v in audit.vetoes}


def test_the_home_page_is_stale_after_two_weeks_without_a_new_item(frozen, column):
    ArticlePageFactory(parent=column("youyi", "news/local-news"), first_published_at=days_ago(15))
    (home,) = [v for v in site_audit("youyi.localhost").vetoes if v.code == "home"]
    assert "15 天" in home.detail
    ArticlePageFactory(parent=column("youyi", "news/department-news"), first_published_at=days_ago(14))
    assert "home" not in {v.code for v in site_audit("youyi.localhost").vetoes}


def test_a_township_item_is_its_own_sites_news_not_its_countys(frozen, column):
    ArticlePageFactory(parent=column("fuli", "news"), first_published_at=days_ago(1))
    assert site_audit("fuli.jixian.localhost").home_last_update == days_ago(1)
    assert site_audit("jixian.localhost").home_last_update is None


def test_five_national_columns_overdue_fail_the_site(frozen, column):
    for key in ("news/local-news", "news/photo-news", "news/township-news", "news/department-news"):
        ArticlePageFactory(parent=column("jianshan", key), first_published_at=days_ago(30))
    assert "columns" not in {v.code for v in site_audit("jianshan.localhost").vetoes}
    NoticePageFactory(parent=column("jianshan", "disclosure/notices"), first_published_at=days_ago(200))
    (veto,) = [v for v in site_audit("jianshan.localhost").vetoes if v.code == "columns"]
    assert "超期未更新 5 个" in veto.detail


def test_service_guides_missing_an_element_fail_the_site(frozen, column):
    guides = column("jianshan", "services/individual-services")
    guide = ServiceGuidePage(
        title="居民身份证办理",
        slug="id-card",
        basis="<p>《居民身份证法》</p>",
        conditions="<p>本区户籍居民</p>",
        materials="<p></p>",
        process="<p>受理、审核、制证</p>",
        location="区政务服务中心",
        office_hours="工作日 9:00-17:00",
        phone="0469-4222222",
    )
    guides.add_child(instance=guide)
    (veto,) = [v for v in site_audit("jianshan.localhost").vetoes if v.code == "services"]
    assert "居民身份证办理" in veto.detail


def test_closed_sites_are_not_audited(frozen, sites):
    close_site("fuli.jixian.localhost")
    assert "fuli.jixian.localhost" not in [a.profile.site.hostname for a in audit_cluster()]


def test_the_whole_cluster_costs_the_same_queries_however_many_sites_and_items(
    frozen, column, django_assert_num_queries
):
    audit_cluster()  # warm the content type cache
    with django_assert_num_queries(AUDIT_QUERIES):
        before = audit_cluster()
    provision_site(parent="localhost", level="county", name="宝清县人民政府", hostname="baoqing.localhost")
    provision_site(
        parent="baoqing.localhost", level="township", name="宝清县七星泡镇人民政府", hostname="qxp.localhost"
    )
    for n in range(5):
        ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=days_ago(n))
    with django_assert_num_queries(AUDIT_QUERIES):
        after = audit_cluster()
    assert len(after) == len(before) + 2
    assert sum(len(a.rows) for a in after) > sum(len(a.rows) for a in before)


def test_recording_keeps_findings_and_one_snapshot_a_day(frozen, column):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=days_ago(9))
    record_audit()
    record_audit()
    jixian = column("jixian", "news/local-news")
    finding = ColumnFinding.objects.get(column=jixian)
    assert (finding.status, finding.days_overdue, finding.trail) == (ColumnStatus.OVERDUE, 8, "新闻动态 › 本地要闻")
    assert [u.name for u in finding.units.all()] == ["集贤县人民政府"]
    snapshot = SiteSnapshot.objects.get(profile__site__hostname="jixian.localhost")
    assert snapshot.date == NOW.date() and snapshot.overdue == 1
    assert {v["code"] for v in snapshot.vetoes} == {"empty"}
    assert snapshot.units[0]["name"] == "集贤县人民政府" and snapshot.units[0]["overdue"] == 1


def test_audit_columns_prints_json_csv_and_a_table(frozen, column):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), first_published_at=days_ago(9))
    out = io.StringIO()
    call_command("audit_columns", "--site", "jixian.localhost", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert [s["site"] for s in data["sites"]] == ["jixian.localhost"]
    news = next(c for c in data["columns"] if c["column"] == "新闻动态 › 本地要闻")
    assert (news["status"], news["days_overdue"], news["units"]) == ("overdue", 8, "集贤县人民政府")

    out = io.StringIO()
    call_command("audit_columns", "--site", "jixian.localhost", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == len(data["columns"]) and rows[0].keys() >= {"site", "column", "status", "due"}

    out = io.StringIO()
    call_command("audit_columns", stdout=out)
    (line,) = [line for line in out.getvalue().splitlines() if "新闻动态 › 本地要闻\t" in line and "集贤县" in line]
    assert line.split()[:3] == ["逾期", "8", "天"]
    assert out.getvalue().strip().splitlines()[-1].startswith("共检查 5 个站点")
    assert not ColumnFinding.objects.exists()  # printing records nothing


def test_audit_columns_refuses_an_unknown_site_and_names_the_known_ones(db):
    with pytest.raises(CommandError, match="没有主机名为 nowhere.localhost 的站点。已有站点：.*jixian.localhost"):
        call_command("audit_columns", "--site", "nowhere.localhost")


# Items created newest first: tree order (path, creation order) is not date order, so an audit that
# groups by parent and keeps the last item in tree order gets the newest item wrong.


def test_a_column_is_judged_by_its_newest_item_whatever_order_items_were_created_in(frozen, column):
    local_news = column("jixian", "news/local-news")  # daily
    for n in (1, 30, 9):
        ArticlePageFactory(parent=local_news, first_published_at=days_ago(n))
    verdict = row(site_audit("jixian.localhost"), "本地要闻").verdict
    assert (verdict.last_update, verdict.due) == (days_ago(1), days_ago(0).date())
    assert verdict.status == ColumnStatus.DUE_SOON and verdict.days_overdue == 0


def test_a_fixed_column_counts_the_latest_edit_of_any_of_its_items(frozen, column):
    functions = column("jixian", "disclosure/functions")  # yearly, no national rule: edits renew it
    NoticePageFactory(parent=functions, first_published_at=days_ago(600), last_published_at=days_ago(10))
    NoticePageFactory(parent=functions, first_published_at=days_ago(500))
    verdict = row(site_audit("jixian.localhost"), "机构职能").verdict
    assert (verdict.status, verdict.last_update_kind, verdict.last_update) == (ColumnStatus.OK, "edit", days_ago(10))


def test_the_home_page_is_fresh_when_its_newest_item_was_created_before_older_ones(frozen, column):
    for key, n in (("news/local-news", 2), ("news/local-news", 40), ("news/photo-news", 1), ("news/photo-news", 60)):
        ArticlePageFactory(parent=column("youyi", key), first_published_at=days_ago(n))
    audit = site_audit("youyi.localhost")
    assert audit.home_last_update == days_ago(1)
    assert "home" not in {v.code for v in audit.vetoes}
    assert row(audit, "图片新闻").verdict.last_update == days_ago(1)


def test_audit_columns_prints_the_newest_item_whatever_order_items_were_created_in(frozen, column):
    local_news = column("jixian", "news/local-news")
    for n in (1, 30, 9):
        ArticlePageFactory(parent=local_news, first_published_at=days_ago(n))
    out = io.StringIO()
    call_command("audit_columns", "--site", "jixian.localhost", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    (site,) = data["sites"]
    assert site["home_last_update"] == days_ago(1).isoformat()
    assert "home" not in {v["code"] for v in site["vetoes"]}
    news = next(c for c in data["columns"] if c["column"] == "新闻动态 › 本地要闻")
    assert (news["status"], news["last_update"], news["days_overdue"]) == ("due_soon", days_ago(1).isoformat(), 0)

    out = io.StringIO()
    call_command("audit_columns", "--site", "jixian.localhost", stdout=out)
    (line,) = [line for line in out.getvalue().splitlines() if "新闻动态 › 本地要闻\t" in line]
    assert line.split()[0] == "即将到期" and f"最近更新 {days_ago(1):%Y-%m-%d}" in line
