"""The embedded default as `make demo` runs it: SQLite, database search, django-q2 on the ORM."""

from .build import manage, run_script

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


# Each column's and each site's newest live item, found in plain Python over the live items (no
# GROUP BY), against what the audit says of every column of every site.
AUDIT = """
import django, json
django.setup()
from django.apps import apps
from django.utils import timezone
from wagtail.models import Page
from assurance.audit import audit_cluster
from assurance.models import ColumnFinding, SiteSnapshot
from assurance.rules import HOME_STALE_DAYS
from columns.models import ITEM_PAGE_TYPES
from sites.models import SiteProfile

item_models = tuple(apps.get_model(label) for label in ITEM_PAGE_TYPES)
roots = {p.root_page.path: p.web_address for p in SiteProfile.objects.select_related("site", "root_page")}
live = {page.path: page for page in Page.objects.filter(live=True).specific()}
newest_in_column, newest_on_site, items = {}, {}, 0
for path, page in live.items():
    if not isinstance(page, item_models):
        continue
    holders = [root for root in roots if path.startswith(root)]
    if not holders:
        continue  # the English and Russian trees belong to no site of their own
    items += 1
    column = live.get(path[: -Page.steplen])
    site = roots[max(holders, key=len)]
    for newest, key in ((newest_in_column, column and column.pk), (newest_on_site, site)):
        if newest.get(key) is None or page.first_published_at > newest[key]:
            newest[key] = page.first_published_at


def iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


today = timezone.localdate()
recorded = {s.profile_id: s for s in SiteSnapshot.objects.order_by("date")}  # what the build recorded
findings = {f.column_id: f for f in ColumnFinding.objects.all()}
sites, columns = {}, []
for audit in audit_cluster():
    host = audit.profile.web_address
    newest = newest_on_site.get(host)
    stale = newest is None or (today - timezone.localtime(newest).date()).days > HOME_STALE_DAYS
    home_veto = "home" in {v.code for v in audit.vetoes}
    snapshot = recorded[audit.profile.pk]
    sites[host] = [iso(audit.home_last_update), iso(newest), home_veto, stale, iso(snapshot.home_last_update)]
    for row in audit.rows:
        v = row.verdict
        in_column = newest_in_column.get(row.page_id)
        # a link column or one holding sub-columns is not judged; any other counts its newest item
        judged = v.status != "not_applicable" or v.last_update is not None
        covers = in_column is None or not judged or (v.last_update is not None and v.last_update >= in_column)
        columns.append(
            [host, row.trail, iso(row.newest_item), iso(in_column),
             v.last_update_kind, iso(v.last_update), v.status, covers,
             [findings[row.page_id].last_update_kind, iso(findings[row.page_id].last_update)]]
        )
print(json.dumps({"items": items, "sites": sites, "columns": columns}))
"""


def test_demo_cluster_builds_the_whole_cluster_on_sqlite_and_rebuilding_adds_nothing(demo):
    demo_env, first = demo
    assert "http://jixian.localhost:8000/" in first
    assert "新增 0 条" in manage(demo_env, "demo_cluster", "--port", "8000")

    state = run_script(demo_env, INSPECT)
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


def test_the_audit_of_the_demo_agrees_with_the_database(demo):
    demo_env, _first = demo
    state = run_script(demo_env, AUDIT)
    assert state["items"] >= 300 and len(state["sites"]) == 12 + 2 + 10  # sites, township and department 专属网页
    for host, (audited, newest, home_veto, stale, recorded) in state["sites"].items():
        assert newest is not None, host
        assert (host, audited, home_veto, recorded) == (host, newest, stale, newest)
    with_items = [c for c in state["columns"] if c[3]]
    assert len(with_items) >= 80
    for host, trail, audited, newest, kind, last_update, status, covers, (found_kind, found) in state["columns"]:
        assert (host, trail, audited) == (host, trail, newest)
        if kind == "item":
            assert (host, trail, last_update) == (host, trail, newest)
        if found_kind == "item":  # what the dashboard, digests and circulars read
            assert (host, trail, found) == (host, trail, newest)
        assert covers and (status != "empty" or newest is None), (host, trail)
