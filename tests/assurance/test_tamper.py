"""The tamper watch against the real platform (pytest-django's live_server) seen through a stand-in
for nginx: a threading HTTP server on 127.0.0.1 that passes requests on with their Host header and
changes the answer for the pages it is told to."""

import http.client
import io
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import OrmQ, Schedule
from django_q.scheduler import scheduler
from wagtail.models import Site

from assurance.models import TamperAlert, TamperCheck, TamperResult
from assurance.tamper import DIFF_MAX, Copy, Renderer, check_tampering, excerpt, item_targets, normalise, sha256
from cluster.tasks import run
from columns.models import ColumnPage
from sites.models import SiteGroup
from sites.routing import own_pages_q
from tests.admin import refused
from tests.conftest import build_base_cluster
from tests.factories import ArticlePageFactory, GovDocumentPageFactory, NoticePageFactory, UserFactory

SAME = "/news/local-news/same-path/"
HACKED = '<p>正文内容。</p><a href="http://casino.example/">澳门博彩</a>'


class FrontHandler(BaseHTTPRequestHandler):
    """nginx in front of the platform: passes each GET on under its Host header, unless the
    server's `behaviour` for (host, path) says otherwise."""

    def do_GET(self):
        host = (self.headers.get("Host") or "").split(":")[0]
        self.server.requests.append((host, self.path))
        with self.server.lock:
            self.server.in_flight[host] += 1
            self.server.most = max(self.server.most, sum(self.server.in_flight.values()))
            self.server.most_per_host = max(self.server.most_per_host, self.server.in_flight[host])
        try:
            time.sleep(self.server.pause)
            self.serve(host)
        finally:
            with self.server.lock:
                self.server.in_flight[host] -= 1

    def serve(self, host):
        action = self.server.behaviour.get((host, self.path))
        if callable(action):
            action = action()
        if action == "bad_gateway":
            return self.answer(502, "text/html", b"<html>502 Bad Gateway</html>")
        if action == "oversized":
            return self.answer(200, "text/html; charset=utf-8", b"<p>" + b"x" * (4 * 1024 * 1024) + b"</p>")
        if action == "pdf":
            return self.answer(200, "application/pdf", b"%PDF-1.4 not a page")
        upstream = http.client.HTTPConnection(*self.server.platform, timeout=30)
        upstream.request("GET", self.path, headers={"Host": host, "User-Agent": self.headers.get("User-Agent", "")})
        response = upstream.getresponse()
        body = response.read()
        upstream.close()
        if action == "tamper":
            body = body.replace("<p>正文内容。</p>".encode(), HACKED.encode())
        elif action == "stale":
            body = body.replace(b"<title>", "<title>旧版本".encode())
        self.answer(response.status, response.getheader("Content-Type", ""), body)

    def answer(self, status, content_type, body):
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the checker stopped reading

    def log_message(self, format, *args):
        pass


class FrontServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


@pytest.fixture
def front(live_server):
    server = FrontServer(("127.0.0.1", 0), FrontHandler)
    parts = urlsplit(live_server.url)
    server.platform = (parts.hostname, parts.port)
    server.requests = []
    server.behaviour = {}
    server.pause = 0
    server.lock = threading.Lock()
    server.in_flight = Counter()
    server.most = server.most_per_host = 0
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def news(hostname):
    site = Site.objects.get(hostname=hostname)
    return ColumnPage.objects.filter(own_pages_q(site)).get(column_key="news/local-news")


@pytest.fixture
def cluster(transactional_db, settings, front):
    """The base cluster (a transactional test starts from a flushed database), an item page at the
    same path in two counties, one elsewhere, the city's administrators and a county's editor."""
    build_base_cluster()
    settings.ASSURANCE_PROBE_ORIGIN = front.url
    settings.ASSURANCE_PROBE_TIMEOUT = 10
    settings.ASSURANCE_TAMPER_DELAY = 0.3
    settings.ASSURANCE_TAMPER_MAX_BYTES = 256 * 1024
    pages = {
        "jixian": ArticlePageFactory(parent=news("jixian.localhost"), title="集贤县要闻", slug="same-path"),
        "youyi": ArticlePageFactory(parent=news("youyi.localhost"), title="友谊县要闻", slug="same-path"),
        "notice": NoticePageFactory(parent=news("jianshan.localhost"), title="尖山区通知", slug="notice"),
    }
    UserFactory(username="city-admin", email="admin@city.example", is_superuser=True)
    UserFactory(username="gone-admin", email="gone@city.example", is_superuser=True, is_active=False)
    portal_editors = SiteGroup.objects.get(profile__level="city", role="editor").group
    UserFactory(username="portal-editor", email="portal@city.example", groups=[portal_editors])
    county_editors = SiteGroup.objects.get(profile__site__hostname="jixian.localhost", role="editor").group
    UserFactory(username="county-editor", email="editor@jixian.example", groups=[county_editors])
    return pages


def results():
    return {c.page.title: c.result for c in TamperCheck.objects.select_related("page")}


# Against the real platform


def test_the_platforms_public_copy_matches_directly_and_through_the_front(cluster, settings, live_server, front):
    for origin in (live_server.url, front.url):
        settings.ASSURANCE_PROBE_ORIGIN = origin
        summary = check_tampering()
        assert summary.pages == 3
        assert results() == dict.fromkeys(["集贤县要闻", "友谊县要闻", "尖山区通知"], TamperResult.MATCH)
    assert sorted(front.requests) == [
        ("jianshan.localhost", "/news/local-news/notice/"),
        ("jixian.localhost", SAME),
        ("youyi.localhost", SAME),
    ]
    check = TamperCheck.objects.get(page=cluster["youyi"])
    assert check.url == "http://youyi.localhost" + SAME and check.platform_hash == check.public_hash
    assert not TamperAlert.objects.exists() and not mail.outbox
    assert summary.line() == (
        "共检查 3 个页面：一致 3 个，不一致 0 个（新发现 0 个），无法检查 0 个；恢复一致 0 个，邮件通知 0 个告警。"
    )


def test_a_tampered_page_alerts_and_mails_the_city_once_until_it_is_restored(cluster, front):
    front.behaviour[("youyi.localhost", SAME)] = "tamper"
    check_tampering()

    # the county with the same path is not confused with the tampered one
    assert results() == {"集贤县要闻": "match", "友谊县要闻": "mismatch", "尖山区通知": "match"}
    alert = TamperAlert.objects.get()
    assert alert.page_id == cluster["youyi"].pk and alert.profile.site.hostname == "youyi.localhost"
    assert alert.url == "http://youyi.localhost" + SAME and alert.is_open and alert.mailed_at
    assert alert.platform_hash != alert.public_hash and len(alert.public_hash) == 64
    assert "-<p>正文内容。</p>" in alert.diff and "+" + HACKED in alert.diff
    assert alert.diff.startswith("--- 平台渲染\n+++ 公网页面")
    # seen twice before it counts: once, then again after the delay
    assert front.requests.count(("youyi.localhost", SAME)) == 2

    (message,) = mail.outbox
    assert sorted(message.to) == ["admin@city.example", "portal@city.example"]
    assert message.subject == "【内容保障】防篡改监测：1 个页面公网内容与平台发布内容不一致"
    assert "友谊县人民政府 › 友谊县要闻" in message.body
    assert "页面地址：http://youyi.localhost/news/local-news/same-path/" in message.body
    assert f"/admin/assurance/tamper/{alert.pk}/" in message.body and "澳门博彩" in message.body

    # the same mismatch the next night: no second mail
    check_tampering()
    assert TamperAlert.objects.get().last_seen > alert.last_seen
    assert len(mail.outbox) == 1

    # restored: the alert resolves itself, without a mail
    del front.behaviour[("youyi.localhost", SAME)]
    summary = check_tampering()
    assert summary.resolved == 1 and TamperAlert.objects.get().resolved_at is not None
    assert len(mail.outbox) == 1

    # tampered again: a new alert and a new mail
    front.behaviour[("youyi.localhost", SAME)] = "tamper"
    check_tampering()
    assert TamperAlert.objects.filter(resolved_at__isnull=True).count() == 1
    assert TamperAlert.objects.count() == 2 and len(mail.outbox) == 2


def test_another_mismatch_of_an_alerted_page_is_told_again(cluster, front):
    front.behaviour[("youyi.localhost", SAME)] = "tamper"
    check_tampering()
    front.behaviour[("youyi.localhost", SAME)] = "pdf"
    check_tampering()
    first, second = TamperAlert.objects.order_by("detected_at")
    assert first.resolved_at is not None and second.is_open
    assert second.diff == "公网返回的不是 HTML 页面（Content-Type：application/pdf，19 字节）"
    assert len(mail.outbox) == 2


def test_a_copy_the_front_cache_still_holds_for_a_moment_is_no_alert(cluster, front):
    served = []

    def stale_once():
        served.append(1)
        return "stale" if len(served) == 1 else None

    front.behaviour[("jixian.localhost", SAME)] = stale_once
    summary = check_tampering()
    assert results()["集贤县要闻"] == "match" and summary.new_alerts == 0
    assert len(served) == 2 and not TamperAlert.objects.exists() and not mail.outbox


def test_a_5xx_or_a_front_that_is_down_could_not_check_and_raises_no_alert(cluster, front):
    front.behaviour[("youyi.localhost", SAME)] = "tamper"
    front.behaviour[("jixian.localhost", SAME)] = "bad_gateway"
    check_tampering()
    check = TamperCheck.objects.get(page=cluster["jixian"])
    assert check.result == "unchecked" and check.error == "状态码 502 Bad Gateway"
    assert TamperAlert.objects.get().page_id == cluster["youyi"].pk and len(mail.outbox) == 1

    front.shutdown()
    front.server_close()  # nothing listens on its port any more
    started = time.monotonic()
    summary = check_tampering()
    assert time.monotonic() - started < 5
    assert set(results().values()) == {"unchecked"}
    assert all(c.error.startswith("连接失败：ConnectError") for c in TamperCheck.objects.all())
    assert summary.line().startswith("共检查 3 个页面：一致 0 个，不一致 0 个（新发现 0 个），无法检查 3 个")
    # the open alert is neither resolved nor told again
    assert TamperAlert.objects.get().is_open and len(mail.outbox) == 1


def test_an_oversized_public_copy_is_read_only_up_to_the_limit(cluster, front):
    front.behaviour[("jianshan.localhost", "/news/local-news/notice/")] = "oversized"
    check_tampering()
    alert = TamperAlert.objects.get()
    assert alert.page_id == cluster["notice"].pk
    assert alert.diff == "公网页面超过 262144 字节，只读取了前 262144 字节"
    assert alert.public_hash == sha256(b"<p>" + b"x" * (256 * 1024 - 3))


def test_the_nightly_run_is_polite_to_each_site(cluster, settings, front):
    settings.ASSURANCE_TAMPER_CONCURRENCY = 3
    settings.ASSURANCE_TAMPER_PER_HOST = 2
    for n in range(8):
        ArticlePageFactory(parent=news("jixian.localhost"), slug=f"more-{n}")
    front.pause = 0.2
    summary = check_tampering()
    assert summary.pages == 11 and summary.results[TamperResult.MATCH] == 11
    assert front.most_per_host == 2 and front.most == 3


# After publishing


def test_publishing_an_item_checks_that_page_alone_a_few_seconds_later(cluster, settings, front):
    # an immediate backend (tests, the base settings) cannot wait: the nightly run checks the page
    cluster["jixian"].save_revision().publish()
    assert not Schedule.objects.filter(func="cluster.tasks.run").exists()
    assert not TamperCheck.objects.exists() and not front.requests

    settings.TASKS = {"default": {"BACKEND": "cluster.tasks.DjangoQ2TaskBackend"}}
    settings.ASSURANCE_TAMPER_DELAY = 15
    page = cluster["jixian"]
    page.title = "集贤县要闻（更新）"
    before = timezone.now()
    page.save_revision().publish()
    news("jixian.localhost").save_revision().publish()  # a column: not an item, not checked

    (schedule,) = Schedule.objects.filter(func="cluster.tasks.run")
    assert schedule.schedule_type == Schedule.ONCE and schedule.func == "cluster.tasks.run"
    assert before + timedelta(seconds=15) <= schedule.next_run <= timezone.now() + timedelta(seconds=15)
    assert not TamperCheck.objects.exists() and not front.requests

    # not before its time; then django-q2's scheduler queues it once and drops the schedule
    scheduler(broker=get_broker())
    assert Schedule.objects.filter(pk=schedule.pk).exists()
    Schedule.objects.filter(pk=schedule.pk).update(next_run=timezone.now() - timedelta(seconds=1))
    scheduler(broker=get_broker())
    assert not Schedule.objects.filter(pk=schedule.pk).exists()
    (queued,) = [q.task for q in OrmQ.objects.all() if q.task.get("group") == schedule.name]
    assert queued["func"] == "cluster.tasks.run"
    assert queued["args"] == ("assurance.tasks.check_published_page", (page.pk,), {})

    settings.ASSURANCE_TAMPER_DELAY = 0.3
    front.behaviour[("jixian.localhost", SAME)] = "tamper"
    result = run(*queued["args"])  # what the django-q2 worker runs
    assert result.startswith("共检查 1 个页面：一致 0 个，不一致 1 个（新发现 1 个）")
    assert results() == {"集贤县要闻（更新）": "mismatch"}
    assert set(front.requests) == {("jixian.localhost", SAME)}
    assert TamperAlert.objects.get().title == "集贤县要闻（更新）" and len(mail.outbox) == 1


# The command


def test_command_checks_one_site_names_the_tampered_pages_and_refuses_an_unknown_one(cluster, front):
    front.behaviour[("jixian.localhost", SAME)] = "tamper"
    out = io.StringIO()
    call_command("check_tampering", "--site", "jixian.localhost", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert lines == [
        "不一致  集贤县人民政府  集贤县要闻  http://jixian.localhost/news/local-news/same-path/",
        "共检查 1 个页面：一致 0 个，不一致 1 个（新发现 1 个），无法检查 0 个；恢复一致 0 个，邮件通知 1 个告警。",
    ]
    assert set(results()) == {"集贤县要闻"}

    with pytest.raises(CommandError) as error:
        call_command("check_tampering", "--site", "nowhere.localhost")
    assert str(error.value).startswith("没有主机名为 nowhere.localhost 的运行中站点。已有站点：localhost、")
    assert TamperCheck.objects.count() == 1 and len(front.requests) == 2


# The report in 内容保障


def test_city_staff_see_alerts_and_a_county_only_its_own(cluster, front, client):
    front.behaviour[("youyi.localhost", SAME)] = "tamper"
    check_tampering()
    alert = TamperAlert.objects.get()

    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/admin/assurance/tamper/")
    assert response.status_code == 200
    assert [a.pk for a in response.context["object_list"]] == [alert.pk]
    page = response.content.decode()
    assert "防篡改监测" in page and "最近一次检查 3 个页面：一致 2 个，不一致 1 个，无法检查 0 个" in page
    detail = client.get(f"/admin/assurance/tamper/{alert.pk}/").content.decode()
    assert "篡改告警：友谊县要闻" in detail and "&lt;a href=&quot;http://casino.example/&quot;&gt;" in detail
    assert 'href="http://casino.example/"' not in detail
    exported = b"".join(client.get("/admin/assurance/tamper/", {"export": "csv"}).streaming_content).decode()
    assert "友谊县人民政府,友谊县要闻,http://youyi.localhost/news/local-news/same-path/,未恢复," in exported

    county = SiteGroup.objects.get(profile__site__hostname="jixian.localhost", role="editor").group
    client.force_login(UserFactory(groups=[county]))
    response = client.get("/admin/assurance/tamper/")
    assert response.status_code == 200 and list(response.context["object_list"]) == []
    assert refused(client, f"/admin/assurance/tamper/{alert.pk}/")
    outsiders = Group.objects.create(name="无关用户")
    outsiders.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(UserFactory(groups=[outsiders]))
    assert refused(client, "/admin/assurance/tamper/")


# In-process, without servers


def test_two_renders_of_every_kind_of_item_are_the_same(db, column):
    parent = column("jixian", "news/local-news")
    pages = [
        ArticlePageFactory(parent=parent, slug="twice-article"),
        NoticePageFactory(parent=parent, slug="twice-notice"),
        GovDocumentPageFactory(parent=parent, slug="twice-document"),
    ]
    targets = {t.page_id: t for t in item_targets(hostname="jixian.localhost")}
    renderer = Renderer()
    for page in pages:
        first, second = (renderer.render(targets[page.pk]) for _ in range(2))
        assert first.status == 200 and first.is_html
        assert first.fingerprint()[0] == second.fingerprint()[0]
        assert first.body == second.body  # nothing per-request on an item page today


def test_item_targets_are_at_their_deepest_site_and_hosts_take_turns(db, column):
    jixian = [ArticlePageFactory(parent=column("jixian", "news/local-news"), slug=f"j{n}") for n in range(3)]
    fuli = ArticlePageFactory(parent=column("fuli", "news"), slug="f")
    youyi = ArticlePageFactory(parent=column("youyi", "news/local-news"), slug="y")
    ArticlePageFactory(parent=column("youyi", "news/local-news"), slug="draft", live=False)
    targets = item_targets()
    by_page = {t.page_id: t for t in targets}
    assert set(by_page) == {p.pk for p in [*jixian, fuli, youyi]}
    assert by_page[fuli.pk].hostname == "fuli.jixian.localhost"
    assert by_page[fuli.pk].url == "http://fuli.jixian.localhost/news/f/"
    assert len({t.hostname for t in targets[:3]}) == 3


def test_csrf_tokens_and_nonces_are_not_compared():
    first = '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123"></form><script nonce="n1">x</script>'
    second = '<form><input type="hidden" name="csrfmiddlewaretoken" value="zzz999"></form><script nonce="n2">x</script>'
    assert normalise(first) == normalise(second)
    assert normalise(first.replace(">x<", ">y<")) != normalise(second)


def test_a_diff_of_one_huge_line_is_bounded():
    mine = "<html>" + "a" * 200_000 + "</html>"
    theirs = "<html>" + "b" * 200_000 + "</html>"
    public = Copy(200, "text/html; charset=utf-8", theirs.encode())
    text = excerpt(mine, public, theirs, 10**6)
    assert len(text) < DIFF_MAX + 50
    assert text.count("…") == 2


def test_the_public_copys_charset_is_read():
    page = "<html><p>政府网站</p></html>"
    gbk = Copy(200, "text/html; charset=gbk", page.encode("gbk"))
    utf8 = Copy(200, "text/html", page.encode())
    unknown = Copy(200, "text/html; charset=no-such-codec", page.encode())
    assert gbk.fingerprint() == utf8.fingerprint() == unknown.fingerprint()
