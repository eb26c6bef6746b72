#!/usr/bin/env python
"""200 residents for 60 s through nginx on the production stack (scripts/production-stack.sh), with
locust (bench/locustfile.py): portal and county homes, column listings (and their ?page=2), ~200
item pages sampled from the demo, the feeds and searches (never cached), 1–3 s between pages.

Two runs: warm (after one pass over every cacheable address) and cold (nginx stopped, its cache
emptied, started again). For each: requests, throughput, p50/p95/p99, per kind too, the front
cache's answers, and every error by kind with what nginx's and gunicorn's logs said meanwhile.
Exits 1 when any request failed: the target is zero errors.

    .venv/bin/python bench/load.py

STACK_DIR (/tmp/zq-bench-stack) and STACK_PORT (8090) choose the stack; it is brought up when it is
not running and left as it was found. BENCH_USERS (200) and BENCH_SECONDS (60) for a quick try.
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tqdm import tqdm

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import ROOT, Stack, fetch

USERS = int(os.environ.get("BENCH_USERS", 200))
SECONDS = int(os.environ.get("BENCH_SECONDS", 60))
SPAWN_RATE = 50
ITEMS = 200

SAMPLE = f"""
import random
from django.apps import apps
from wagtail.models import Page, Site
from columns.models import ITEM_PAGE_TYPES, ColumnPage

rng = random.Random(2026)
hosts = {{site.pk: site.hostname for site in Site.objects.all()}}

def addresses(pages):
    found = []
    for page in pages:
        parts = page.get_url_parts()
        if parts and parts[0] in hosts:
            found.append([hosts[parts[0]], parts[2]])
    return sorted(found)

def sample(queryset, n):
    ids = list(queryset.values_list("pk", flat=True))
    return Page.objects.filter(pk__in=rng.sample(ids, min(n, len(ids))))

items = Page.objects.live().public().type(*map(apps.get_model, ITEM_PAGE_TYPES))
columns = ColumnPage.objects.live().public()
emit({{
    "portal": "localhost",
    "counties": sorted(h for h in hosts.values() if h.count(".") == 1 and h.endswith(".localhost")),
    "items": addresses(sample(items, {ITEMS})),
    "listings": addresses(sample(columns, 60)),
    "paged": addresses(sample(columns.filter(numchild__gt=ColumnPage.page_size), 30)),
}})
"""

# What the logs say about failing requests; counted in the lines written during a run.
LOG_PATTERNS = {
    "nginx-error.log": {
        "upstream timed out": r"upstream timed out",
        "connect() to gunicorn failed": r"connect\(\) failed",
        "upstream prematurely closed": r"upstream prematurely closed",
        "worker_connections not enough": r"worker_connections are not enough",
        "cache lock timeout": r"cache lock timeout",
        "open() failed": r"open\(\) .* failed",
    },
    "web.log": {
        "gunicorn WORKER TIMEOUT": r"WORKER TIMEOUT",
        "gunicorn worker killed/restarted": r"Worker .* (was sent|exited)|Booting worker",
        "traceback": r"Traceback",
    },
}


def cacheable(urls):
    return (
        [(urls["portal"], "/")]
        + [(host, "/") for host in urls["counties"]]
        + [tuple(x) for x in urls["listings"]]
        + [(host, f"{path}?page=2") for host, path in urls["paged"]]
        + [tuple(x) for x in urls["items"]]
        + [(host, "/feed/") for host in [urls["portal"], *urls["counties"]]]
        + [(urls["portal"], "/feeds/counties/")]
    )


def warm_up(stack, urls):
    addresses = cacheable(urls)
    statuses = Counter()
    with ThreadPoolExecutor(2) as pool:  # two gunicorn workers render the misses
        jobs = pool.map(lambda a: fetch(stack.url(a[1]), a[0])[0], addresses)
        for status in tqdm(jobs, total=len(addresses), desc="warm-up pass", unit="page"):
            statuses[status] += 1
    hits = Counter(fetch(stack.url(path), host)[1].get("X-Cache-Status") for host, path in addresses)
    print(f"warm-up: {len(addresses)} addresses, HTTP {dict(statuses)}; asked again: X-Cache-Status {dict(hits)}")


def wipe_front_cache(stack):
    stack.service("stop", "nginx")
    cache = stack.dir / "nginx" / "cache"
    for entry in cache.iterdir():
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    stack.service("start", "nginx")
    status, headers, _ = fetch(stack.url("/robots.txt"), "localhost")
    print(f"front cache emptied and nginx restarted (robots.txt {status})")


class LogWatch:
    """Where each log ended before a run, to read what the run added."""

    def __init__(self, stack):
        self.logs = {name: stack.dir / "logs" / name for name in (*LOG_PATTERNS, "nginx-access.log", "web-access.log")}
        self.start = {name: path.stat().st_size if path.exists() else 0 for name, path in self.logs.items()}

    def new(self, name):
        path = self.logs[name]
        if not path.exists():
            return ""
        with path.open("rb") as f:
            f.seek(self.start[name])
            return f.read().decode("utf-8", "replace")

    def report(self):
        lines = []
        for name, patterns in LOG_PATTERNS.items():
            text = self.new(name)
            for label, pattern in patterns.items():
                found = re.findall(f".*{pattern}.*", text)
                if found:
                    lines.append(f"    {name}: {label} ×{len(found)}  e.g. {found[0].strip()[:200]}")
        # nginx's combined format: "request" status bytes; gunicorn's: the same.
        for name in ("nginx-access.log", "web-access.log"):
            codes = Counter(re.findall(r'" (\d{3}) ', self.new(name)))
            lines.append(f"    {name}: {sum(codes.values())} requests, status {dict(sorted(codes.items()))}")
        return lines


def run_locust(stack, label, urls_file, tmp):
    out = Path(tmp) / f"{label}.json"
    env = {**os.environ, "BENCH_URLS": str(urls_file), "BENCH_OUT": str(out)}
    logs = LogWatch(stack)
    command = [
        str(ROOT / ".venv" / "bin" / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--host", stack.url(""),
        "--only-summary", "--stop-timeout", "30", "--loglevel", "WARNING",
    ]  # fmt: skip
    log_path = Path(tmp) / f"{label}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        with tqdm(total=SECONDS, desc=f"{label} run, {USERS} residents", unit="s") as bar:
            while process.poll() is None:
                time.sleep(1)
                bar.update(min(1, SECONDS - bar.n))
    if not out.exists():
        sys.stderr.write(log_path.read_text())
        raise SystemExit(f"locust did not run (exit {process.returncode})")
    return {**json.loads(out.read_text(encoding="utf-8")), "logs": logs.report()}


def percentiles(times):
    if len(times) < 2:
        return [times[0] if times else 0.0] * 3
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return [statistics.median(times), cuts[94], cuts[98]]


def print_run(label, result):
    times, errors, cache = result["times"], result["errors"], result["cache"]
    everything = [t for kind in times.values() for t in kind]
    error_count = sum(sum(kind.values()) for kind in errors.values())
    p50, p95, p99 = percentiles(everything)
    print(
        f"\n== {label}: {len(everything):,} requests, {len(everything) / result['seconds']:.1f} req/s, "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, errors {error_count}"
    )
    print(f"   {'kind':24}{'requests':>9}{'errors':>8}{'p50':>7}{'p95':>7}{'p99':>7}  X-Cache-Status")
    for name in sorted(times, key=lambda name: -len(times[name])):
        p50, p95, p99 = percentiles(times[name])
        cache_text = " ".join(f"{k} {v}" for k, v in sorted(cache.get(name, {}).items(), key=lambda kv: -kv[1]))
        failed = sum(errors.get(name, {}).values())
        print(f"   {name:24}{len(times[name]):9}{failed:8}{p50:7.0f}{p95:7.0f}{p99:7.0f}  {cache_text}")
    if error_count:
        print("   errors by kind:")
        found = [(n, name, error) for name, kinds in errors.items() for error, n in kinds.items()]
        for n, name, error in sorted(found, reverse=True):
            print(f"    {n:6} × {name}: {error[:200]}")
    print("   logs during the run:")
    print("\n".join(result["logs"]))
    return error_count


def load_average():
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main():
    load_before = load_average()
    with Stack() as stack, tempfile.TemporaryDirectory() as tmp:
        urls = stack.shell_json(SAMPLE)
        urls_file = Path(tmp) / "urls.json"
        urls_file.write_text(json.dumps(urls, ensure_ascii=False))
        print(
            f"sampled {len(urls['items'])} items, {len(urls['listings'])} listings, {len(urls['paged'])} paged "
            f"listings, {len(urls['counties'])} county hosts"
        )
        warm_up(stack, urls)
        warm = run_locust(stack, "warm", urls_file, tmp)
        wipe_front_cache(stack)
        cold = run_locust(stack, "cold", urls_file, tmp)

    print(f"machine: {os.cpu_count()} cores, load average {load_before} before, {load_average()} after (shared)")
    print(f"\n{USERS} residents, spawned {SPAWN_RATE}/s, {SECONDS} s each, 1–3 s between pages, through nginx")
    errors = print_run("warm cache", warm) + print_run("cold cache", cold)
    print(f"\n{'PASS' if not errors else 'FAIL'}: {errors} errors in both runs (target 0)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
