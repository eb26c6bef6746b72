"""Residents reading the cluster, for bench/load.py (locust, headless).

BENCH_URLS names a JSON file of {"portal": host, "counties": [host], "listings": [[host, path]],
"paged": [[host, path]], "items": [[host, path]]}, sampled from the demo by bench/load.py. Every
request's time, error and X-Cache-Status is kept per kind and written to BENCH_OUT when locust
quits: its own CSV is written before the requests still under way at the end have finished.
"""

import json
import os
import random
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

from locust import FastHttpUser, between, events, task

URLS = json.loads(Path(os.environ["BENCH_URLS"]).read_text(encoding="utf-8"))
PORTAL = URLS["portal"]
# Words and questions residents type (tests/search/resident_queries.yaml).
SEARCHES = [
    "公积金", "医保报销", "结婚登记", "低保", "营业执照", "公租房", "失业金", "上户口", "护照在哪里办",
    "怎么申请低保", "残疾证", "二手房过户", "事业单位招聘", "暖气不热", "种地补贴", "通知", "政府工作报告",
]  # fmt: skip
RUN = {"times": defaultdict(list), "errors": defaultdict(Counter), "cache": defaultdict(Counter), "seconds": 0.0}
STARTED = []


class Resident(FastHttpUser):
    wait_time = between(1, 3)

    def visit(self, host, path, name):
        with self.client.get(path, headers={"Host": host}, name=name, catch_response=True) as response:
            RUN["cache"][name][response.headers.get("X-Cache-Status", "-") if response.headers else "-"] += 1
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    @task(8)
    def portal_home(self):
        self.visit(PORTAL, "/", "portal home")

    @task(8)
    def county_home(self):
        self.visit(random.choice(URLS["counties"]), "/", "county home")

    @task(8)
    def listing(self):
        self.visit(*random.choice(URLS["listings"]), "column listing")

    @task(4)
    def listing_page_2(self):
        host, path = random.choice(URLS["paged"])
        self.visit(host, f"{path}?page=2", "column listing ?page=2")

    @task(40)
    def item(self):
        self.visit(*random.choice(URLS["items"]), "item")

    @task(3)
    def site_feed(self):
        self.visit(random.choice([PORTAL, *URLS["counties"]]), "/feed/", "/feed/")

    @task(2)
    def county_feed(self):
        self.visit(PORTAL, "/feeds/counties/", "/feeds/counties/")

    @task(6)
    def search(self):
        host = random.choice([PORTAL, PORTAL, *URLS["counties"]])
        self.visit(host, f"/search/?q={quote(random.choice(SEARCHES))}", "search")


@events.test_start.add_listener
def started(**kwargs):
    STARTED.append(time.monotonic())


@events.request.add_listener
def record(name, response_time, exception, **kwargs):
    RUN["times"][name].append(response_time)
    if exception:
        RUN["errors"][name][str(exception)] += 1


@events.test_stop.add_listener
def stopped(**kwargs):
    RUN["seconds"] = time.monotonic() - STARTED[0]


@events.quitting.add_listener
def write_run(**kwargs):
    if os.environ.get("BENCH_OUT"):
        Path(os.environ["BENCH_OUT"]).write_text(json.dumps(RUN, ensure_ascii=False), encoding="utf-8")
