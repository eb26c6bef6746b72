#!/usr/bin/env python
"""Serving, side by side with one load generator (wrk: 8 connections, 2 threads, 10 s after a 3 s
warm-up) on the production stack (scripts/production-stack.sh):

  a. a news item's HTML as a static file through nginx       b. the same item through nginx, cached
  c. the item uncached, straight to gunicorn                 d. a vanilla `wagtail start` home page
  e. the portal home and a county home uncached, straight to gunicorn

req/s and p50/p95/p99, the ratios the targets are set on, and the SQL queries of the item, county
home and portal home.

    .venv/bin/python bench/serving.py

STACK_DIR (/tmp/zq-bench-stack) and STACK_PORT (8090) choose the stack; it is brought up when it is
not running and left as it was found. The vanilla project lives in a temporary folder and a
database of its own on the stack's PostgreSQL, both removed afterwards.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ROOT, Stack, fetch

VENV_BIN = ROOT / ".venv" / "bin"
DURATION = int(os.environ.get("BENCH_SECONDS", 10))
WARMUP = 3
CONNECTIONS, THREADS = 8, 2
COUNTY = "jixian.localhost"
VANILLA_DB = "zq_bench_vanilla_wagtail"

# Exact percentiles and the error counts, one line at the end of a wrk run.
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""

FIND_ITEM = f"""
from columns.models import ColumnPage
from content.models import ArticlePage
from wagtail.models import Site
site = Site.objects.get(hostname={COUNTY!r})
column = ColumnPage.objects.descendant_of(site.root_page).get(column_key="news/local-news")  # 本地要闻
page = (ArticlePage.objects.live().public().child_of(column).filter(kind="news")
        .order_by("-first_published_at", "-pk").first())
emit({{"path": page.get_url_parts()[2], "title": page.title}})
"""

COUNT_QUERIES = """
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client, counts = Client(), {}
for label, host, path in TARGETS:
    client.get(path, HTTP_HOST=host)  # the first render warms what a running process has warm
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path, HTTP_HOST=host).status_code
    counts[label] = [status, len(queries)]
emit(counts)
"""


def need_wrk():
    if shutil.which("wrk"):
        return
    subprocess.run(["bash", "-c", f". {ROOT}/scripts/lib/services.sh && need_packages wrk=wrk"], check=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url, host, script, seconds):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", script]
    out = subprocess.run([*command, "-H", f"Host: {host}", url], check=True, text=True, capture_output=True).stdout
    fields = [int(x) for x in next(line for line in out.splitlines() if line.startswith("BENCH ")).split()[1:]]
    requests, duration_us, p50, p95, p99, *errors = fields
    return {
        "rps": requests / (duration_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": dict(zip(("connect", "read", "write", "status", "timeout"), errors, strict=True)),
    }


def measure(url, host, script):
    status, _, _ = fetch(url, host)
    if status != 200:
        raise SystemExit(f"{url} (Host {host}) answered {status}, not 200")
    wrk(url, host, script, WARMUP)
    return wrk(url, host, script, DURATION)


class VanillaWagtail:
    """`wagtail start` in a temporary folder, production settings, gunicorn with 2 sync workers."""

    def __init__(self, stack):
        self.stack = stack
        self.dir = Path(tempfile.mkdtemp(prefix="zq-vanilla-wagtail-"))
        self.port = free_port()
        self.process = None
        settings = stack.settings
        self.pg = {"host": "127.0.0.1", "port": settings["PG_PORT"], "user": "zhanqun"}
        self.env = {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/tmp"),
            "DJANGO_SETTINGS_MODULE": "vanillasite.settings.production",
        }

    def admin_sql(self, sql):
        import psycopg

        with psycopg.connect(dbname="zhanqun", autocommit=True, **self.pg) as connection:
            connection.execute(sql)

    def __enter__(self):
        try:
            subprocess.run([VENV_BIN / "wagtail", "start", "vanillasite", self.dir], check=True, capture_output=True)
            # Persistent, health-checked connections, as cluster.settings.production has them.
            db = {"ENGINE": "django.db.backends.postgresql", "NAME": VANILLA_DB, "CONN_MAX_AGE": 600}
            db["CONN_HEALTH_CHECKS"] = True
            db.update((key.upper(), value) for key, value in self.pg.items())
            (self.dir / "vanillasite" / "settings" / "local.py").write_text(
                f'SECRET_KEY = "bench-only-{os.urandom(16).hex()}"\nALLOWED_HOSTS = ["*"]\n'
                f'DATABASES = {{"default": {db!r}}}\n'
            )
            self.admin_sql(f"DROP DATABASE IF EXISTS {VANILLA_DB} WITH (FORCE)")
            self.admin_sql(f"CREATE DATABASE {VANILLA_DB}")
            for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
                subprocess.run([VENV_BIN / "python", "manage.py", *command], cwd=self.dir, env=self.env, check=True)
            # The same gunicorn as the stack's web service: 2 sync workers, an access log.
            self.process = subprocess.Popen(
                [VENV_BIN / "gunicorn", "vanillasite.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                 "--workers", "2", "--timeout", "30", "--access-logfile", self.dir / "access.log",
                 "--error-logfile", self.dir / "error.log"],
                cwd=self.dir, env=self.env,
            )  # fmt: skip
            for _ in range(150):
                try:
                    if fetch(self.url, "localhost")[0] == 200:
                        return self
                except OSError:
                    pass
                time.sleep(0.2)
            raise SystemExit("the vanilla Wagtail site did not answer 200 within 30 s")
        except BaseException:
            self.__exit__()
            raise

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"

    def __exit__(self, *exc):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)
        try:
            self.admin_sql(f"DROP DATABASE IF EXISTS {VANILLA_DB} WITH (FORCE)")
        except Exception as error:  # the figures are printed anyway
            print(f"could not drop {VANILLA_DB}: {error}")


def load_average():
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main():
    load_before = load_average()
    need_wrk()
    with Stack() as stack, tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "done.lua"
        script.write_text(WRK_DONE)
        web = int(stack.settings["WEB_PORT"])
        item = stack.shell_json(FIND_ITEM)
        path = item["path"]

        # a. The item's HTML, as nginx sends it, saved as a static file.
        static = Path(stack.settings["STATIC_ROOT"]) / "bench"
        created = not static.exists()
        static.mkdir(exist_ok=True)
        static.chmod(0o755)
        status, _, html = fetch(stack.url(path), COUNTY)
        assert status == 200, f"{path} answered {status}"
        (static / "item.html").write_bytes(html)
        (static / "item.html").chmod(0o644)

        # b. Warm: a fresh copy (an older one could expire during the run), kept by nginx.
        fetch(stack.url("/_purge" + path), COUNTY)
        for _ in range(3):
            cache = fetch(stack.url(path), COUNTY)[1].get("X-Cache-Status")
        assert cache == "HIT", f"the item is not served from the front cache (X-Cache-Status {cache})"

        rows = [
            ("a", "static file via nginx", stack.url("/static/bench/item.html"), "localhost"),
            ("b", "item via nginx, cached", stack.url(path), COUNTY),
            ("c", "item uncached (gunicorn)", stack.url(path, web), COUNTY),
            ("d", "vanilla Wagtail home", None, "localhost"),
            ("e1", "portal home uncached", stack.url("/", web), "localhost"),
            ("e2", "county home uncached", stack.url("/", web), COUNTY),
        ]
        results = {}
        try:
            for key, _label, url, host in tqdm(rows, desc="wrk", unit="row"):
                if key == "d":
                    with VanillaWagtail(stack) as vanilla:
                        results[key] = measure(vanilla.url, host, script)
                else:
                    results[key] = measure(url, host, script)
            cache = fetch(stack.url(path), COUNTY)[1].get("X-Cache-Status")
            assert cache == "HIT", f"the item fell out of the front cache during the run ({cache})"
        finally:
            if created:
                shutil.rmtree(static, ignore_errors=True)
            else:
                (static / "item.html").unlink(missing_ok=True)

        targets = [("item", COUNTY, path), ("county home", COUNTY, "/"), ("portal home", "localhost", "/")]
        queries = stack.shell_json(f"TARGETS = {targets!r}\n{COUNT_QUERIES}")

    print(f"machine: {os.cpu_count()} cores, load average {load_before} before, {load_average()} after (shared)")
    print(f"\nitem: {item['title']} — http://{COUNTY}{path} ({len(html):,} bytes)")
    print(f"wrk {THREADS} threads, {CONNECTIONS} connections, {DURATION} s each after {WARMUP} s warm-up, no gzip")
    print(f"\n{'':3}{'':27}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  errors")
    for key, label, _, _ in rows:
        r = results[key]
        errors = sum(r["errors"].values())
        error_text = "0" if not errors else ", ".join(f"{k} {v}" for k, v in r["errors"].items() if v)
        print(f"{key:3}{label:27}{r['rps']:9.1f}{r['p50']:9.2f}{r['p95']:9.2f}{r['p99']:9.2f}  {error_text}")

    print()
    checks = [
        ("cached item (b) / static file (a)", "b", "a", 0.50),
        ("uncached item (c) / vanilla Wagtail (d)", "c", "d", 0.50),
        ("portal home (e1) / vanilla Wagtail (d)", "e1", "d", 0.25),
        ("county home (e2) / vanilla Wagtail (d)", "e2", "d", None),
    ]
    failed = False
    for label, top, bottom, target in checks:
        ratio = results[top]["rps"] / results[bottom]["rps"]
        if target is None:
            verdict = "(no target)"
        else:
            ok = ratio >= target
            failed |= not ok
            verdict = f"{'PASS' if ok else 'FAIL'} (target >= {target:.0%})"
        print(f"{label:42}{ratio:7.1%}  {verdict}")
    errors = sum(sum(r["errors"].values()) for r in results.values())
    if errors:
        print(f"{errors} requests failed or timed out during the runs")

    print("\nSQL queries, second render (django.test.Client, cluster.settings.production):")
    for label, (status, count) in queries.items():
        print(f"  {label:12} {count:4}  (HTTP {status})")
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
