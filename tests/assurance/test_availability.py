"""Availability probes against real local servers: what a probe records, the national single-veto
rule over a week of probes, the command, and the 站点可用性 report."""

import io
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import openpyxl
import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page, Site

from assurance.availability import UnknownSite, probe_sites, probe_summary
from assurance.models import Probe
from assurance.views.menu import menu
from sites.caching import forget_sites
from sites.models import SiteGroup, SiteProfile
from tests.admin import refused
from tests.conftest import build_base_cluster
from tests.factories import UserFactory

NOW = timezone.make_aware(datetime(2026, 11, 22, 10))
DAY = timedelta(days=1)

# What the stand-in web server does for each virtual host.
BEHAVIOUR = {
    "localhost": "ok",
    "jixian.localhost": "ok",
    "youyi.localhost": "slow",
    "jianshan.localhost": "error",
    "fuli.jixian.localhost": "drop",
}


class ClusterHandler(BaseHTTPRequestHandler):
    """Answers by the Host header: fast, after 2 s, with a 500, or by hanging up."""

    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0]
        self.server.hosts.append(host)
        action = self.server.behaviour.get(host, "ok")
        if action == "drop":
            self.close_connection = True
            return
        if action == "slow":
            time.sleep(2)
        elif isinstance(action, float):
            time.sleep(action)
        status = 500 if action == "error" else 200
        body = f"<html><body>{host}</body></html>".encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the prober gave up waiting

    def log_message(self, format, *args):
        pass


class ClusterServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@pytest.fixture
def web_server():
    server = ClusterServer(("127.0.0.1", 0), ClusterHandler)
    server.hosts = []
    server.behaviour = dict(BEHAVIOUR)
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def probe_settings(settings, web_server):
    settings.ASSURANCE_PROBE_ORIGIN = web_server.url
    settings.ASSURANCE_PROBE_TIMEOUT = 0.5
    return settings


def by_host(probes):
    return {probe.profile.site.hostname: probe for probe in probes}


def test_every_open_site_is_probed_once_through_the_origin_under_its_own_host(
    db, probe_settings, web_server, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the open sites, one bulk insert
        probes = by_host(probe_sites())

    assert set(probes) == set(BEHAVIOUR)
    assert sorted(web_server.hosts) == sorted(BEHAVIOUR)
    assert Probe.objects.count() == len(BEHAVIOUR)
    ok = probes["jixian.localhost"]
    assert ok.pk and ok.ok and ok.status_code == 200 and ok.error == ""
    assert 0 <= ok.elapsed_ms < 500
    assert abs(ok.probed_at - timezone.now()) < timedelta(seconds=5)


def test_a_page_slower_than_the_timeout_fails(db, probe_settings):
    slow = by_host(probe_sites())["youyi.localhost"]
    assert not slow.ok
    assert slow.status_code is None
    assert slow.error == "超时：0.5 秒内未打开"
    assert 450 <= slow.elapsed_ms < 1500


def test_an_error_status_and_a_dropped_connection_fail(db, probe_settings):
    probes = by_host(probe_sites())
    error = probes["jianshan.localhost"]
    assert not error.ok and error.status_code == 500
    assert error.error == "状态码 500 Internal Server Error"
    dropped = probes["fuli.jixian.localhost"]
    assert not dropped.ok and dropped.status_code is None
    assert dropped.error.startswith("连接失败：RemoteProtocolError")


def test_sites_are_probed_at_once_not_one_after_another(db, probe_settings, web_server):
    probe_settings.ASSURANCE_PROBE_TIMEOUT = 3
    web_server.behaviour = dict.fromkeys(BEHAVIOUR, 0.4)
    started = time.monotonic()
    probes = probe_sites()
    assert all(p.ok for p in probes)
    assert time.monotonic() - started < 1.5  # one after another: 5 × 0.4 s


def test_without_an_origin_the_sites_own_address_is_requested(db, settings, web_server):
    settings.ASSURANCE_PROBE_TIMEOUT = 2
    port = web_server.server_address[1]
    Site.objects.filter(hostname="localhost").update(port=port)
    forget_sites()
    (probe,) = probe_sites("localhost")
    assert probe.ok and probe.status_code == 200
    assert web_server.hosts == ["localhost"]


def test_closed_and_unknown_sites_are_not_probed(db, probe_settings, sites):
    SiteProfile.objects.filter(site=sites["youyi"]).update(status=SiteProfile.Status.CLOSED)
    assert "youyi.localhost" not in by_host(probe_sites())
    with pytest.raises(UnknownSite):
        probe_sites("youyi.localhost")
    with pytest.raises(UnknownSite):
        probe_sites("nowhere.localhost")


@pytest.mark.django_db(transaction=True)
def test_the_origin_reaches_each_site_of_the_running_cluster_by_its_host_header(live_server, settings):
    """Against the real application: the unpublished home page of one county answers 404 under its
    own Host header while every other site's home page opens."""
    build_base_cluster()  # a transactional test starts from a flushed database
    youyi = Site.objects.get(hostname="youyi.localhost")
    Page.objects.filter(pk=youyi.root_page_id).update(live=False)
    settings.ASSURANCE_PROBE_ORIGIN = live_server.url
    settings.ASSURANCE_PROBE_TIMEOUT = 15
    probes = by_host(probe_sites())
    assert probes["youyi.localhost"].status_code == 404 and not probes["youyi.localhost"].ok
    assert {host: p.status_code for host, p in probes.items() if host != "youyi.localhost"} == {
        "localhost": 200,
        "jixian.localhost": 200,
        "jianshan.localhost": 200,
        "fuli.jixian.localhost": 200,
    }


# The single-veto rule over a week of probes


def week_of_probes(profile, per_day=20, failures=0, short_day=None):
    """Probes spread over the 7 days before NOW, `per_day` a day (one fewer on `short_day`), the
    most recent `failures` of them failed."""
    times = []
    for day in range(7):
        count = per_day - (day == short_day)
        times += [NOW - day * DAY - (n + 0.5) * DAY / per_day for n in range(count)]
    times.sort(reverse=True)
    Probe.objects.bulk_create(
        Probe(
            profile=profile,
            probed_at=at,
            ok=n >= failures,
            status_code=200 if n >= failures else None,
            elapsed_ms=120,
            error="" if n >= failures else "超时：15 秒内未打开",
        )
        for n, at in enumerate(times)
    )
    return times


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def jixian(sites):
    return sites["jixian"].profile


def test_five_percent_failures_over_a_full_week_is_a_veto(frozen, jixian):
    times = week_of_probes(jixian, failures=7)  # 7 of 140
    summary = probe_summary()[jixian.pk]
    assert (summary.probes, summary.failures, summary.days_with_enough_probes) == (140, 7, 7)
    assert summary.failure_share == 0.05
    assert summary.veto and summary.enough and summary.label == "否决"
    assert summary.last_failure == times[0]


def test_under_five_percent_is_normal(frozen, jixian):
    week_of_probes(jixian, failures=6)
    summary = probe_summary()[jixian.pk]
    assert not summary.veto and summary.enough and summary.label == "正常"
    assert summary.last_failure is not None


def test_a_day_with_fewer_than_20_probes_is_not_enough_monitoring(frozen, jixian):
    week_of_probes(jixian, short_day=3)
    summary = probe_summary()[jixian.pk]
    assert summary.probes == 139 and summary.days_with_enough_probes == 6
    assert not summary.enough and not summary.veto and summary.label == "监测不足"


def test_probes_outside_the_week_do_not_count(frozen, jixian):
    week_of_probes(jixian)
    Probe.objects.bulk_create(
        [
            Probe(profile=jixian, probed_at=NOW - 7 * DAY, ok=False),
            Probe(profile=jixian, probed_at=NOW - 30 * DAY, ok=False),
            Probe(profile=jixian, probed_at=NOW + timedelta(minutes=1), ok=False),
        ]
    )
    summary = probe_summary()[jixian.pk]
    assert (summary.probes, summary.failures, summary.last_failure) == (140, 0, None)
    assert summary.label == "正常"
    later = probe_summary(now=NOW + 2 * DAY)[jixian.pk]
    assert later.days_with_enough_probes == 5 and later.label == "监测不足"


def test_a_site_never_probed_has_an_empty_summary(frozen, sites):
    summaries = probe_summary(profile_ids=[sites["youyi"].profile.pk])
    assert summaries[sites["youyi"].profile.pk].probes == 0
    assert summaries[sites["youyi"].profile.pk].label == "监测不足"
    assert not probe_summary()[sites["youyi"].profile.pk].veto


def test_summary_of_the_whole_cluster_is_one_query(frozen, sites, django_assert_num_queries):
    profiles = [site.profile for site in sites.values()]
    for n, profile in enumerate(profiles):
        week_of_probes(profile, failures=n * 3)
    with django_assert_num_queries(1):
        summaries = probe_summary(profile_ids=[p.pk for p in profiles])
    assert [summaries[p.pk].failures for p in profiles] == [0, 3, 6, 9, 12]
    assert [summaries[p.pk].veto for p in profiles] == [False, False, False, True, True]


# The command


def test_command_prints_one_line_per_site_and_a_summary(probe_settings, sites):
    out = io.StringIO()
    call_command("probe_sites", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(BEHAVIOUR) + 2
    assert any(line.startswith("正常") and "（jixian.localhost）" in line and "状态码 200" in line for line in lines)
    assert any(line.startswith("失败") and "（youyi.localhost）" in line and "超时" in line for line in lines)
    assert lines[-2] == "共探测 5 个站点：正常 2 个，失败 3 个。"
    # one probe each so far, three failed: 100% of their probes; in tree order
    assert lines[-1] == "近7天失败率达到5%（单项否决）的站点：集贤县福利镇人民政府、友谊县人民政府、尖山区人民政府。"


def test_command_probes_one_site(probe_settings, sites):
    out = io.StringIO()
    call_command("probe_sites", "--site", "jixian.localhost", stdout=out)
    assert out.getvalue().splitlines()[0].startswith("正常  集贤县人民政府（jixian.localhost）  状态码 200")
    assert Probe.objects.get().profile == sites["jixian"].profile


def test_command_names_the_known_sites_for_an_unknown_one(probe_settings, sites):
    with pytest.raises(CommandError) as error:
        call_command("probe_sites", "--site", "nowhere.localhost")
    assert "nowhere.localhost" in str(error.value)
    assert "jixian.localhost" in str(error.value) and "fuli.jixian.localhost" in str(error.value)
    assert not Probe.objects.exists()


# The report


@pytest.fixture
def county_staff(client, sites):
    group = SiteGroup.objects.get(profile__site=sites["jixian"], role="editor").group
    user = UserFactory(groups=[group])
    client.force_login(user)
    return user


@pytest.fixture
def outsider(db, client):
    group = Group.objects.create(name="后台用户")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(UserFactory(groups=[group]))


@pytest.fixture
def probed_week(frozen, sites):
    week_of_probes(sites["jixian"].profile, failures=7)
    week_of_probes(sites["fuli"].profile, short_day=0)
    week_of_probes(sites["youyi"].profile)
    return sites


URL = "/admin/assurance/availability/"


def test_city_staff_see_every_open_site(admin_client, probed_week):
    response = admin_client.get(URL)
    assert response.status_code == 200
    rows = {row.hostname: row for row in response.context["object_list"]}
    assert set(rows) == set(BEHAVIOUR)
    assert rows["jixian.localhost"].label == "否决" and rows["jixian.localhost"].failure_percent == "5.0%"
    assert rows["youyi.localhost"].label == "正常"
    assert rows["fuli.jixian.localhost"].label == "监测不足"
    assert rows["localhost"].label == "监测不足" and rows["localhost"].probes == 0
    assert rows["jixian.localhost"].last_error == "超时：15 秒内未打开"
    assert next(iter(rows)) == "jixian.localhost"  # vetoes first
    assert "站点可用性" in response.content.decode()


def test_county_staff_see_their_own_sites_only(client, county_staff, probed_week):
    response = client.get(URL)
    assert response.status_code == 200
    assert {row.hostname for row in response.context["object_list"]} == {"jixian.localhost", "fuli.jixian.localhost"}


def test_county_staff_read_their_probe_log_but_not_another_countys(client, county_staff, probed_week):
    response = client.get(f"{URL}{probed_week['jixian'].profile.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "集贤县人民政府 探测记录" in page and "超时：15 秒内未打开" in page
    assert "近7天探测 140 次，失败 7 次：否决" in page
    assert len(response.context["object_list"]) == 100  # newest first, a page at a time
    assert response.context["object_list"][0].probed_at == NOW - DAY / 40
    assert refused(client, f"{URL}{probed_week['youyi'].profile.pk}/")


def test_outsiders_are_refused(client, outsider):
    assert refused(client, URL)
    assert refused(client, f"{URL}1/")
    assert refused(client, "/admin/assurance/statistics/")


def test_report_exports_xlsx_and_csv(admin_client, probed_week):
    response = admin_client.get(URL, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="assurance-availability.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "站点",
        "主机名",
        "层级",
        "近7天探测次数",
        "失败次数",
        "失败率",
        "每日探测达20次的天数",
        "单项否决",
        "最近失败时间",
        "最近失败原因",
    )
    jixian = next(row for row in rows if row[1] == "jixian.localhost")
    assert jixian[3:8] == (140, 7, "5.0%", "7/7", "否决")
    assert jixian[8] == datetime(2026, 11, 22, 9, 24)  # the newest failure, NOW less 36 minutes, in Beijing time
    csv_response = admin_client.get(URL, {"export": "csv"})
    text = b"".join(csv_response.streaming_content).decode()
    assert "集贤县人民政府,jixian.localhost" in text


def test_menu_offers_the_reports_to_county_staff(rf, county_staff):
    request = rf.get("/admin/")
    request.user = county_staff
    labels = [item.label for item in menu.menu_items_for_request(request)]
    assert "站点可用性" in labels and "年度信息统计" in labels
