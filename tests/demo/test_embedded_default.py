"""The embedded default as `make demo` runs it: SQLite, database search, django-q2 on the ORM."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSPECT = """
import django, json, re
django.setup()
from django.conf import settings
from django.test import Client
from wagtail.models import Page, Site
from content.models import ArticlePage, GovDocumentPage, LeaderPage, NoticePage, ServiceGuidePage
from django_q.models import OrmQ
from wagtail.models import WorkflowState
from submissions.models import Submission
c = Client()
pages = {host: c.get("/", HTTP_HOST=host) for host in
         ["localhost:8000", "jixian.localhost:8000", "fuli.jixian.localhost:8000", "baoshan.localhost:8000"]}
han = re.compile(r"[\u3400-\u9fff]")
# Left out: the switcher's 简体中文, and the ICP and public-security marks, Chinese by law.
CHINESE_BY_RIGHT = re.compile(
    r'<nav class="language-switcher".*?</nav>' r'|<a href="https://(www[.])?beian[^>]*>[^<]*</a>', re.S
)


def visible_foreign_text(response):
    return CHINESE_BY_RIGHT.sub("", response.content.decode().split("<body")[1])


foreign = {}
for code in ("en", "ru"):
    translated = Page.objects.filter(locale__language_code=code, live=True).specific()
    responses = {p.url: c.get(p.url, HTTP_HOST="localhost:8000") for p in translated}
    foreign[code] = {
        "pages": len(responses),
        "status": sorted({r.status_code for r in responses.values()}),
        "chinese": [url for url, r in responses.items() if han.search(visible_foreign_text(r))],
    }
from io import StringIO
from django.core.management import call_command
fixtree = StringIO()
call_command("fixtree", stdout=fixtree)
print(json.dumps({
    "foreign": foreign,
    "fixtree": fixtree.getvalue(),
    "engine": settings.DATABASES["default"]["ENGINE"],
    "search": settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"],
    "broker": settings.Q_CLUSTER.get("orm"),
    "status": {h: r.status_code for h, r in pages.items()},
    "portal": pages["localhost:8000"].content.decode(),
    "sites": sorted(s.hostname for s in Site.objects.all()),
    "ports": sorted({s.port for s in Site.objects.all()}),
    "items": {m.__name__: m.objects.live().count() for m in
              (ArticlePage, NoticePage, GovDocumentPage, ServiceGuidePage, LeaderPage)},
    "queued": OrmQ.objects.count(),
    "reviews": sorted(
        (state.content_object.title, state.status, state.current_task_state.task.name, state.content_object.live)
        for state in WorkflowState.objects.all()
    ),
    "submissions": sorted(Submission.objects.values_list("status", flat=True)),
}))
"""


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "db.sqlite3"
    return {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "cluster.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(db.parent / "media"),
    }


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_demo_cluster_builds_the_whole_cluster_on_sqlite_and_rebuilding_adds_nothing(demo_env):
    manage(demo_env, "migrate", "--noinput")
    first = manage(demo_env, "demo_cluster", "--port", "8000")
    assert "http://jixian.localhost:8000/" in first
    assert "新增 0 条" in manage(demo_env, "demo_cluster", "--port", "8000")

    result = subprocess.run(
        [sys.executable, "-c", INSPECT], cwd=ROOT, env=demo_env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    state = json.loads(result.stdout.strip().splitlines()[-1])
    assert state["engine"].endswith("sqlite3")
    assert state["search"] == "wagtail.search.backends.database"
    assert state["broker"] == "default"
    assert set(state["status"].values()) == {200}
    assert state["ports"] == [8000]
    assert len(state["sites"]) == 12
    assert {"localhost", "jixian.localhost", "fuli.jixian.localhost", "qixingpao.baoqing.localhost"} <= set(
        state["sites"]
    )
    assert sum(state["items"].values()) >= 300
    assert all(count > 0 for count in state["items"].values())
    assert state["queued"] > 0  # index updates wait for the demo's qcluster
    portal = state["portal"]
    for county in ["集贤县", "友谊县", "宝清县", "饶河县", "尖山区", "岭东区", "四方台区", "宝山区"]:
        assert f">{county}</a></h3>" in portal
    assert 'href="http://jixian.localhost:8000/news/' in portal
    for code in ("en", "ru"):  # home; 本市概况 and its 28 columns; 招商引资, its 2 columns and 6 projects
        assert state["foreign"][code] == {"pages": 1 + 29 + 3 + 6, "status": [200], "chinese": []}
    assert "No problems found" in state["fixtree"]
    # Work in progress for the review dashboards, the 审核表 and the portal's inbox.
    assert state["reviews"] == [
        ["友谊县水稻智能化育秧大棚投入使用", "in_progress", "初审·双鸭山市人民政府", False],  # adopted, on to 初审
        ["友谊县秋粮收获进度过半", "needs_changes", "复审·友谊县人民政府", False],
        ["宝清县公布第三季度食品安全监督抽检结果", "in_progress", "市级审核（敏感信息）", False],
        ["集贤县开展秋季农机安全生产检查", "in_progress", "复审·集贤县人民政府", False],
        ["饶河县开展边境地区群众冬季安全知识宣传", "approved", "市级审核（敏感信息）", True],  # passed by itself
    ]
    assert state["submissions"] == ["adopted", "returned", "submitted", "submitted"]
