"""防篡改: every live item page as residents get it, through the web server and its front cache,
against what the platform itself renders for an anonymous resident.

The platform's copy is rendered in this process through django.test.Client: Django's whole
middleware stack and URL routing with the site's Host header and no cookies, without a socket, and
without the request_started signal closing the database connection that a task or a transaction
is using (the WSGI handler would). The public copy is fetched with the availability probe's client
at ASSURANCE_PROBE_ORIGIN under the site's Host header (or at the site's own address).

Both are compared as sha256 of the HTML with what differs between two renders of the same page
removed (csrf tokens and CSP nonces: item pages have neither today, two renders are byte-identical;
the rules keep a form or a nonce added later from being taken for tampering). A public copy that
cannot be had (connection error, timeout, 5xx, 429) is "could not check", never tampering: the
availability probes watch that. A mismatch counts only when the platform renders the same page
again after the fetch (a page changed meanwhile is not tampering) and when it is seen again
ASSURANCE_TAMPER_DELAY seconds later (longer than the front cache keeps a page).
"""

import asyncio
import codecs
import difflib
import hashlib
import logging
import re
import smtplib
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import zip_longest
from urllib.parse import urlsplit

import httpx
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from content.models import ItemPage

from .availability import UnknownSite, open_profiles
from .digests import city_staff_emails
from .models import TamperAlert, TamperCheck, TamperResult
from .probing import USER_AGENT, failure_text, probe_client, probe_target, probe_timeout, status_text

logger = logging.getLogger(__name__)

DIFF_MAX = 4000  # characters of a mismatch's diff excerpt kept
DIFF_LINE_MAX = 300  # characters of one diff line (minified HTML is one long line)
MAIL_LISTED = 20  # alerts written out in one mail; the rest are counted
ERROR_LENGTH = TamperCheck._meta.get_field("error").max_length
HTML_TYPES = {"text/html", "application/xhtml+xml"}
CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
# What legitimately differs between two renders of one page.
VOLATILE = [
    (re.compile(r'(<input\b[^>]*\bname="csrfmiddlewaretoken"[^>]*\bvalue=")[^"]*(")', re.IGNORECASE), r"\1\2"),
    (re.compile(r'(<input\b[^>]*\bvalue=")[^"]*("[^>]*\bname="csrfmiddlewaretoken")', re.IGNORECASE), r"\1\2"),
    (re.compile(r'(\bnonce=")[^"]*(")', re.IGNORECASE), r"\1\2"),
]


def item_models():
    return [model for model in apps.get_models() if issubclass(model, ItemPage)]


@dataclass(frozen=True)
class Target:
    """A live item page and the address residents reach it at."""

    page_id: int
    title: str
    profile: object
    path: str  # with its language prefix, from the site's root
    url: str

    @property
    def site(self):
        return self.profile.site

    @property
    def hostname(self):
        return self.profile.site.hostname


def item_targets(hostname=None, page_ids=None):
    """The live item pages of the open sites (or of the one on `hostname`, UnknownSite when there is
    none; or the pages `page_ids` among them), each at its deepest site, the sites taken in turn so
    that consecutive requests go to different hosts."""
    profiles = {p.site_id: p for p in open_profiles(hostname)}
    if hostname and not profiles:
        raise UnknownSite(hostname)
    roots = {}
    for srp in Site.get_site_root_paths():
        roots.setdefault(srp.root_path, srp)
    pages = Page.objects.filter(live=True, content_type__in=ContentType.objects.get_for_models(*item_models()).values())
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    by_site = {}
    for pk, title, url_path in pages.order_by("path").values_list("pk", "title", "url_path"):
        srp = deepest_root(roots, url_path)
        if srp is None or srp.site_id not in profiles:
            continue
        prefix = "" if srp.language_code == settings.LANGUAGE_CODE else f"/{srp.language_code}"
        path = prefix + url_path[len(srp.root_path) - 1 :]
        target = Target(pk, title, profiles[srp.site_id], path, srp.root_url + path)
        by_site.setdefault(srp.site_id, []).append(target)
    return [t for turn in zip_longest(*by_site.values()) for t in turn if t is not None]


def deepest_root(roots, url_path):
    path = url_path
    while path:
        if path in roots:
            return roots[path]
        path = path[: path.rstrip("/").rfind("/") + 1]
    return None


# The two copies


@dataclass
class Copy:
    """One answer for a page: the platform's own or the public one. `error`: could not be had."""

    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    oversized: bool = False
    redirected_to: str = ""
    error: str = ""

    @property
    def is_html(self):
        return self.content_type.split(";")[0].strip().lower() in HTML_TYPES

    def text(self):
        """The normalised HTML, or None for anything that is not a whole HTML page."""
        if not self.is_html or self.oversized:
            return None
        match = CHARSET.search(self.content_type)
        encoding = match.group(1) if match else "utf-8"
        try:
            codecs.lookup(encoding)
        except LookupError:
            encoding = "utf-8"
        return normalise(self.body.decode(encoding, "replace"))

    def fingerprint(self):
        text = self.text()
        return sha256(text.encode() if text is not None else self.body), text


def normalise(html):
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    return html


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class Renderer:
    """The platform's copy of a page, as an anonymous resident's request gets it."""

    def __init__(self):
        self.client = Client(raise_request_exception=False, HTTP_USER_AGENT=USER_AGENT)

    def render(self, target, secure=False):
        self.client.cookies.clear()
        response = self.client.get(target.path, HTTP_HOST=target.hostname, secure=secure)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return Copy(response.status_code, response.get("Content-Type", ""), body)


class Gates:
    """At most `concurrency` requests in flight, at most `per_host` of them to one site."""

    def __init__(self, concurrency, per_host):
        self.all = asyncio.Semaphore(concurrency)
        self.per_host = per_host
        self.hosts = {}

    def host(self, hostname):
        if hostname not in self.hosts:
            self.hosts[hostname] = asyncio.Semaphore(self.per_host)
        return self.hosts[hostname]


async def fetch(client, gates, target, timeout, max_bytes):
    """The public copy, read up to max_bytes; the whole answer must arrive within `timeout`."""
    url, headers = probe_target(target.site, target.path)
    async with gates.host(target.hostname), gates.all:
        try:
            async with asyncio.timeout(timeout):
                async with client.stream("GET", url, headers=headers) as response:
                    if response.status_code >= 500 or response.status_code == 429:
                        return Copy(response.status_code, error=status_text(response))
                    body, oversized = bytearray(), False
                    async for chunk in response.aiter_bytes():
                        body += chunk
                        if len(body) > max_bytes:
                            del body[max_bytes:]
                            oversized = True
                            break
                    redirected = str(response.url) if response.history else ""
                    content_type = response.headers.get("Content-Type", "")
                    return Copy(response.status_code, content_type, bytes(body), oversized, redirected)
        except (TimeoutError, httpx.HTTPError) as error:
            return Copy(error=failure_text(error, timeout))


# Judging


@dataclass
class Outcome:
    target: Target
    result: str
    error: str = ""
    platform_hash: str = ""
    public_hash: str = ""
    public_status: int | None = None
    diff: str = ""


def judge(target, before, public, render_again, max_bytes):
    """The Outcome of a page from its platform copy rendered before the fetch and its public copy;
    render_again() is called only when they differ."""

    def unchecked(reason, **values):
        return Outcome(target, TamperResult.UNCHECKED, error=reason[:ERROR_LENGTH], **values)

    if before.status != 200 or not before.is_html:
        return unchecked(f"平台渲染页面失败：状态码 {before.status}")
    if len(before.body) > max_bytes:
        return unchecked(f"页面超过 {max_bytes} 字节，未比对")
    mine, mine_text = before.fingerprint()
    if public.error:
        return unchecked(public.error, platform_hash=mine, public_status=public.status)
    theirs, theirs_text = public.fingerprint()
    hashes = {"platform_hash": mine, "public_hash": theirs, "public_status": public.status}
    if public.status == 200 and theirs == mine:
        return Outcome(target, TamperResult.MATCH, **hashes)
    again = render_again()
    again_hash = again.fingerprint()[0] if again.status == 200 else ""
    if public.status == 200 and again_hash == theirs:  # published again while we fetched
        return Outcome(target, TamperResult.MATCH, **{**hashes, "platform_hash": again_hash})
    if again_hash != mine:
        return unchecked("检查期间页面有更新，未比对", **hashes)
    return Outcome(target, TamperResult.MISMATCH, diff=excerpt(mine_text, public, theirs_text, max_bytes), **hashes)


def excerpt(mine_text, public, theirs_text, max_bytes):
    """What residents get instead, in a few lines: notes on the answer, then a unified diff."""
    lines = []
    if public.status != 200:
        lines.append(f"公网页面返回状态码 {public.status}")
    if public.redirected_to:
        lines.append(f"公网请求被重定向至 {public.redirected_to}")
    if not public.is_html:
        kind = public.content_type or "未注明"
        lines.append(f"公网返回的不是 HTML 页面（Content-Type：{kind}，{len(public.body)} 字节）")
    if public.oversized:
        lines.append(f"公网页面超过 {max_bytes} 字节，只读取了前 {max_bytes} 字节")
    if theirs_text is not None:
        diff = difflib.unified_diff(
            mine_text.splitlines(), theirs_text.splitlines(), "平台渲染", "公网页面", n=1, lineterm=""
        )
        lines += [line if len(line) <= DIFF_LINE_MAX else line[:DIFF_LINE_MAX] + "…" for line in diff]
    text = "\n".join(lines)
    if len(text) > DIFF_MAX:
        text = text[:DIFF_MAX] + "\n…（差异过长，以下从略）"
    return text


def check_pages(targets, progress=None, confirm=True):
    """{page id: Outcome} of each target; mismatches are checked again after ASSURANCE_TAMPER_DELAY
    seconds and count only if they are seen again."""
    timeout = probe_timeout()
    concurrency = int(settings.ASSURANCE_TAMPER_CONCURRENCY)
    per_host = int(settings.ASSURANCE_TAMPER_PER_HOST)
    max_bytes = int(settings.ASSURANCE_TAMPER_MAX_BYTES)
    renderer = Renderer()
    with asyncio.Runner() as runner:
        client = probe_client(timeout, limits=httpx.Limits(max_connections=concurrency))
        gates = Gates(concurrency, per_host)

        def check(batch):
            secure = [urlsplit(probe_target(t.site, t.path)[0]).scheme == "https" for t in batch]
            before = [renderer.render(t, s) for t, s in zip(batch, secure, strict=True)]
            fetches = (fetch(client, gates, t, timeout, max_bytes) for t in batch)
            public = runner.run(_gather(fetches))
            return {
                t.page_id: judge(t, b, p, lambda t=t, s=s: renderer.render(t, s), max_bytes)
                for t, s, b, p in zip(batch, secure, before, public, strict=True)
            }

        try:
            outcomes = {}
            size = concurrency * 4
            for start in range(0, len(targets), size):
                batch = targets[start : start + size]
                outcomes.update(check(batch))
                if progress is not None:
                    progress.update(len(batch))
            suspects = [o.target for o in outcomes.values() if o.result == TamperResult.MISMATCH]
            if suspects and confirm:
                time.sleep(float(settings.ASSURANCE_TAMPER_DELAY))
                for start in range(0, len(suspects), size):
                    outcomes.update(check(suspects[start : start + size]))
        finally:
            runner.run(client.aclose())
    return outcomes


async def _gather(coroutines):
    return await asyncio.gather(*coroutines)


# Recording and telling


@dataclass
class TamperSummary:
    pages: int = 0
    results: Counter = field(default_factory=Counter)
    new_alerts: int = 0
    resolved: int = 0
    mailed: int = 0
    mail_failed: bool = False
    reasons: Counter = field(default_factory=Counter)
    outcomes: list = field(default_factory=list, repr=False)

    def line(self):
        r = self.results
        text = (
            f"共检查 {self.pages} 个页面：一致 {r[TamperResult.MATCH]} 个，不一致 {r[TamperResult.MISMATCH]} 个"
            f"（新发现 {self.new_alerts} 个），无法检查 {r[TamperResult.UNCHECKED]} 个；"
            f"恢复一致 {self.resolved} 个，邮件通知 {self.mailed} 个告警。"
        )
        if self.mail_failed:
            text += "告警邮件发送失败，下次检查时重发。"
        return text


CHECK_FIELDS = ["profile", "url", "checked_at", "result", "error", "platform_hash", "public_hash"]


def record(outcomes, now):
    """Keep each page's latest check; open an alert for a new mismatch, note an open one seen
    again, resolve it when the page matches (or is no longer live). Returns (new, resolved)."""
    with transaction.atomic():
        TamperCheck.objects.bulk_create(
            [
                TamperCheck(
                    page_id=o.target.page_id,
                    profile=o.target.profile,
                    url=o.target.url[:500],
                    checked_at=now,
                    result=o.result,
                    error=o.error,
                    platform_hash=o.platform_hash,
                    public_hash=o.public_hash,
                )
                for o in outcomes
            ],
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=CHECK_FIELDS,
            batch_size=500,
        )
        open_alerts = {a.page_id: a for a in TamperAlert.objects.filter(resolved_at__isnull=True).select_for_update()}
        seen, resolved, new = [], [], []
        for o in outcomes:
            alert = open_alerts.get(o.target.page_id)
            if o.result == TamperResult.MATCH and alert:
                resolved.append(alert)
            elif o.result == TamperResult.MISMATCH:
                if alert and (alert.platform_hash, alert.public_hash) == (o.platform_hash, o.public_hash):
                    seen.append(alert)
                    continue
                if alert:  # another mismatch than the one told: a new alert
                    resolved.append(alert)
                new.append(
                    TamperAlert(
                        page_id=o.target.page_id,
                        profile=o.target.profile,
                        title=o.target.title[:255],
                        url=o.target.url[:500],
                        platform_hash=o.platform_hash,
                        public_hash=o.public_hash,
                        public_status=o.public_status,
                        diff=o.diff,
                        detected_at=now,
                        last_seen=now,
                    )
                )
        for alert in seen:
            alert.last_seen = now
        for alert in resolved:
            alert.resolved_at = now
        TamperAlert.objects.bulk_update(seen + resolved, ["last_seen", "resolved_at"], batch_size=500)
        gone = TamperAlert.objects.filter(resolved_at__isnull=True, page__live=False).update(resolved_at=now)
        TamperCheck.objects.filter(page__live=False).delete()
        # A check of the same page running at the same moment may have opened the alert already.
        TamperAlert.objects.bulk_create(new, ignore_conflicts=True)
    return len(new), len(resolved) + gone


def mail_alerts(now=None):
    """One mail to the city's administrators with the open alerts not told yet; returns how many
    it told. A mail that cannot be sent leaves them to the next check."""
    now = now or timezone.now()
    recipients = city_staff_emails()
    if not recipients:
        return 0
    with transaction.atomic():
        alerts = list(
            TamperAlert.objects.filter(resolved_at__isnull=True, mailed_at__isnull=True)
            .select_related("profile")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("detected_at", "url")
        )
        if not alerts:
            return 0
        admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        for alert in alerts:
            alert.report_url = admin + reverse("assurance_tamper_alert", args=[alert.pk])
        context = {
            "count": len(alerts),
            "alerts": alerts[:MAIL_LISTED],
            "more": len(alerts) - MAIL_LISTED,
            "report_url": admin + reverse("assurance_tamper"),
        }
        send_mail(
            subject=f"【内容保障】防篡改监测：{len(alerts)} 个页面公网内容与平台发布内容不一致",
            message=render_to_string("assurance/tamper_mail.txt", context),
            from_email=None,
            recipient_list=sorted(recipients),
        )
        TamperAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(mailed_at=now)
    return len(alerts)


def check_tampering(hostname=None, page_ids=None, progress=None):
    """Check the live item pages of every open site, of the one on `hostname` or the pages
    `page_ids`; record, alert and mail. progress: a tqdm-like bar. Returns a TamperSummary."""
    targets = item_targets(hostname, page_ids)
    if progress is not None:
        progress.total = len(targets)
        progress.refresh()
    outcomes = list(check_pages(targets, progress).values())
    now = timezone.now()
    new, resolved = record(outcomes, now)
    summary = TamperSummary(
        pages=len(outcomes),
        results=Counter(o.result for o in outcomes),
        new_alerts=new,
        resolved=resolved,
        reasons=Counter(o.error for o in outcomes if o.result == TamperResult.UNCHECKED),
        outcomes=outcomes,
    )
    try:
        summary.mailed = mail_alerts(now)
    except (OSError, smtplib.SMTPException):
        logger.exception("tamper watch: the alert mail could not be sent")
        summary.mail_failed = True
    return summary


def check_published_page(page_id):
    """What a page's publication queues: that page checked once the front cache has let it go."""
    if not item_targets(page_ids=[page_id]):
        return None
    return check_tampering(page_ids=[page_id]).line()


def queue_check(page):
    """Check `page` ASSURANCE_TAMPER_DELAY seconds from now. Only a backend that can defer work
    takes it (django-q2 in production); with an immediate one the nightly run checks the page."""
    from .tasks import check_published_page as task

    if not task.get_backend().supports_defer:
        return None
    run_after = timezone.now() + timedelta(seconds=float(settings.ASSURANCE_TAMPER_DELAY))
    return task.using(run_after=run_after).enqueue(page.pk)
