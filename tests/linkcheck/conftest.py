"""A local HTTP server for the link checker's tests: its answer depends on the path, and it records
every request (method, path, when) and the most requests it ever had in flight at once."""

import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

HOLD_SECONDS = 0.15
SLOW_SECONDS = 1.5


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.server.answer(self, "HEAD")

    def do_GET(self):
        self.server.answer(self, "GET")

    def log_message(self, *args):
        pass


class LocalServer(ThreadingHTTPServer):
    """Paths: /ok…, /missing, /gone, /forbidden, /no-head (HEAD 405), /head-refused (HEAD 403),
    /flaky/<key>/<n> (503 n times), /error (500), /busy (429 Retry-After: 1 once), /slow, /hold/…
    (answers after HOLD_SECONDS), /redirect (to /ok/redirected), /loop, /switch/… (self.statuses)."""

    daemon_threads = True
    request_queue_size = 128  # the default 5 drops simultaneous connections (a 1 s SYN retry)

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.requests = []
        self.counts = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.statuses = {}

    def url(self, path):
        return f"http://127.0.0.1:{self.server_port}{path}"

    def hits(self, path):
        return [method for method, p, _when in self.requests if p == path]

    def starts(self, prefix):
        return [when for _method, p, when in self.requests if p.startswith(prefix)]

    def answer(self, handler, method):
        path = handler.path
        with self.lock:
            self.requests.append((method, path, time.monotonic()))
            self.counts[path] += 1
            count = self.counts[path]
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        status, headers, delay = self.route(method, path, count)
        if delay:
            time.sleep(delay)
        with self.lock:  # before answering: once answered, the client may start its next request
            self.in_flight -= 1
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", "2")
            handler.end_headers()
            if method == "GET":
                handler.wfile.write(b"ok")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def route(self, method, path, count):
        if path.startswith("/ok"):
            return 200, {}, 0
        if path in ("/missing", "/gone", "/forbidden", "/error"):
            return {"/missing": 404, "/gone": 410, "/forbidden": 403, "/error": 500}[path], {}, 0
        if path == "/no-head":
            return (405 if method == "HEAD" else 200), {}, 0
        if path == "/head-refused":
            return (403 if method == "HEAD" else 200), {}, 0
        if match := re.fullmatch(r"/flaky/\w+/(\d+)", path):
            return (503 if count <= int(match[1]) else 200), {}, 0
        if path == "/busy":
            return (429, {"Retry-After": "1"}, 0) if count == 1 else (200, {}, 0)
        if path == "/slow":
            return 200, {}, SLOW_SECONDS
        if path.startswith("/hold/"):
            return 200, {}, HOLD_SECONDS
        if path == "/redirect":
            return 302, {"Location": "/ok/redirected"}, 0
        if path == "/loop":
            return 302, {"Location": "/loop"}, 0
        if path.startswith("/switch/"):
            return self.statuses.get(path, 404), {}, 0
        return 404, {}, 0


@pytest.fixture
def server():
    local = LocalServer()
    thread = threading.Thread(target=local.serve_forever, daemon=True)
    thread.start()
    yield local
    local.shutdown()
    local.server_close()
    thread.join(timeout=5)


@pytest.fixture
def fast_checks(settings):
    """The checker's settings for local servers: no politeness delay, short timeouts and backoff."""
    settings.LINKCHECK_HOST_INTERVAL = 0
    settings.LINKCHECK_PER_HOST = 8
    settings.LINKCHECK_TIMEOUT = 1.0
    settings.LINKCHECK_RETRIES = 1
    settings.LINKCHECK_BACKOFF = 0.01
    return settings


def make_document(title="申请表", name="application.pdf"):
    return get_document_model().objects.create(title=title, file=ContentFile(b"%PDF-1.4 test", name=name))


def rich_link(href, text="链接"):
    return f'<a href="{href}">{text}</a>'


@pytest.fixture
def english_column(sites):
    """The portal home, its 本市概况 channel and that channel's first column in English, published."""
    english = Locale.objects.get(language_code="en")
    home = sites["portal"].root_page.specific
    channel = home.get_children().get(slug="city-profile").specific
    column = channel.get_children().first().specific
    translations = []
    for page in (home, channel, column):
        with TestCase.captureOnCommitCallbacks(execute=True):
            translate_object(page, [english])
        translation = page.get_translation(english).specific
        translation.save_revision().publish()
        translations.append(translation)
    return translations[-1]
