"""The demo is a kept city: most columns of every site and 专属网页 are current, most units pass the
national inspection, and the few deliberate problems are what the oversight pages show."""

from .build import run_script

AUDIT = """
import django, json
django.setup()
from assurance.audit import audit_cluster
from sites.demo.filler import kept_columns
audits = audit_cluster()
kept, judged = kept_columns(audits)
problems = sorted(
    [a.profile.name, r.trail, r.verdict.status]
    for a in audits for r in a.rows if r.verdict.status in ("overdue", "empty")
)
print(json.dumps({
    "kept": kept, "judged": judged, "units": len(audits),
    "failing": sorted(a.profile.name for a in audits if a.vetoes), "problems": problems,
}))
"""

# What the oversight centre shows an overseer: the recorded audit's problem columns (逾期栏目) and
# the overview of every unit, as exported from the admin.
OVERSIGHT = """
import django, json
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
client = Client()
client.force_login(get_user_model().objects.get(username="admin"))
def export(name, **params):
    response = client.get(reverse(name), {"export": "csv", **params}, HTTP_HOST="localhost:8000")
    assert response.status_code == 200, response.status_code
    return response.getvalue().decode("utf-8-sig").splitlines()
print(json.dumps({"columns": export("assurance_columns"), "overview": export("assurance_overview")}))
"""

FILL_AGAIN = """
import django, json
django.setup()
from django.db import transaction
from wagtail.models import Page
from sites.demo.filler import Filler
from sites.models import SiteProfile
pages = Page.objects.count()
with transaction.atomic():
    added = sum(Filler().fill(profile) for profile in SiteProfile.objects.select_related("root_page"))
print(json.dumps({"added": added, "pages": [pages, Page.objects.count()]}))
"""


def test_most_columns_of_the_demo_are_kept_and_most_units_pass_the_inspection(demo):
    demo_env, first = demo
    state = run_script(demo_env, AUDIT)
    assert state["units"] >= 24  # the portal, 8 counties and districts, 5 townships, 10 departments
    assert state["kept"] >= 0.85 * state["judged"] and state["judged"] >= 450
    assert len(state["failing"]) * 4 <= state["units"], state["failing"]
    assert "栏目内容：" in first


def test_the_deliberate_problems_are_the_demos_only_problems(demo):
    demo_env, _first = demo
    problems = run_script(demo_env, AUDIT)["problems"]
    assert problems == sorted(
        [
            ["集贤县升昌镇人民政府", "信息公开年报", "empty"],
            ["集贤县升昌镇人民政府", "政策文件", "empty"],
            ["集贤县升昌镇人民政府", "机构职能", "empty"],
            ["集贤县升昌镇人民政府", "规划计划", "empty"],
            ["友谊县人民政府", "新闻动态 › 本地要闻", "overdue"],
            ["市统计局", "机构职能", "overdue"],
        ]
    )


def test_the_oversight_pages_show_the_deliberate_problems(demo):
    demo_env, _first = demo
    state = run_script(demo_env, OVERSIGHT)
    rows = [line.split(",") for line in state["columns"][1:]]
    shown = {(row[0], row[1], row[2]) for row in rows}
    assert ("友谊县人民政府", "新闻动态 › 本地要闻", "逾期未更新") in shown
    assert ("市统计局", "机构职能", "逾期未更新") in shown
    assert {(r[1], r[2]) for r in rows if r[0] == "集贤县升昌镇人民政府"} == {
        ("信息公开年报", "空白栏目"),
        ("政策文件", "空白栏目"),
        ("机构职能", "空白栏目"),
        ("规划计划", "空白栏目"),
    }
    (youyi_news,) = [r for r in rows if r[:2] == ["友谊县人民政府", "新闻动态 › 本地要闻"]]
    assert int(youyi_news[3]) >= 18  # 20 days since its newest item, against a daily requirement
    (statistics,) = [r for r in rows if r[:2] == ["市统计局", "机构职能"]]
    assert int(statistics[3]) >= 30  # a year and a month old, against a yearly one
    overview = [line.split(",") for line in state["overview"]]
    empty = overview[0].index("空白")
    (shengchang,) = [row for row in overview if row[0] == "集贤县升昌镇人民政府"]
    assert shengchang[empty] == "4"


def test_filling_the_built_demo_again_adds_nothing(demo):
    demo_env, _first = demo
    state = run_script(demo_env, FILL_AGAIN)
    assert state["added"] == 0
    assert state["pages"][0] == state["pages"][1]
