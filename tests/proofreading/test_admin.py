"""智能校对 in the real admin: blocking findings refuse submission and publication beside their
fields, warnings pass and are recorded in the page's history, the rules are the city's, and the
校对记录 report with its export."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import GroupApprovalTask, PageLogEntry, Workflow, WorkflowPage, WorkflowState, WorkflowTask
from wagtail.test.utils.form_data import rich_text

from content.models import ArticlePage, GovDocumentPage
from proofreading.models import ProofreadingRule
from sites.models import SiteGroup
from tests.factories import ArticlePageFactory, GovDocumentPageFactory, UserFactory

pytestmark = pytest.mark.django_db

COMMENTS = {"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0"}
PUBLISH = {"action-publish": "1"}
SUBMIT = {"action-submit": "1"}
ACKNOWLEDGED = {"proofreading_acknowledged": "on"}


def article_form(title, slug, body="<p>正文</p>", **extra):
    return {"title": title, "slug": slug, "kind": "news", "body": rich_text(body), **COMMENTS, **extra}


def document_form(page, **extra):
    return {
        "title": page.title,
        "slug": page.slug,
        "issuer": page.issuer,
        "doc_number": page.doc_number,
        "written_date": f"{page.written_date:%Y-%m-%d}",
        "publish_date": f"{page.publish_date:%Y-%m-%d}",
        "topic": page.topic,
        "disclosure": page.disclosure,
        "validity": page.validity,
        "document_kind": page.document_kind,
        "body": rich_text("<p>文件正文。</p>"),
        **COMMENTS,
        **extra,
    }


def staff(sites, site_key, role="editor"):
    group = SiteGroup.objects.get(profile__site=sites[site_key], role=role).group
    return UserFactory(groups=[group])


@pytest.fixture
def jixian_editor(client, sites):
    user = staff(sites, "jixian")
    client.force_login(user)
    return user


@pytest.fixture
def draft(column):
    """A draft news item of 集贤县, not yet live."""
    page = ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤县新闻", live=False)
    page.first_published_at = page.last_published_at = None
    page.save()
    page.save_revision()
    return page


def edit(client, page, data):
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def form_errors(response):
    assert response.status_code == 200, response.get("Location")
    return response.context["form"].errors


def history(client, page):
    response = client.get(f"/admin/pages/{page.pk}/history/")
    assert response.status_code == 200
    return response.content.decode()


def test_publishing_or_submitting_a_new_item_with_a_space_in_its_title_is_refused_beside_the_title(
    client, jixian_editor, admin_user, column
):
    news = column("jixian", "news/local-news")
    for user, action in ((admin_user, PUBLISH), (jixian_editor, SUBMIT)):
        client.force_login(user)
        response = client.post(
            f"/admin/pages/add/content/articlepage/{news.pk}/", article_form("集贤县 春耕", "spring", **action)
        )
        errors = form_errors(response)
        assert list(errors) == ["title"] and "标题空格" in errors["title"][0] and "集贤县春耕" in errors["title"][0]
        assert "标题中不要有空格" in response.content.decode()
        assert not ArticlePage.objects.filter(slug="spring").exists()


def test_publishing_or_submitting_an_edit_with_a_blocking_finding_publishes_nothing(
    client, jixian_editor, admin_user, draft
):
    for user, action in ((admin_user, PUBLISH), (jixian_editor, SUBMIT)):
        client.force_login(user)
        response = edit(client, draft, article_form("集贤县新闻", draft.slug, "<p>全面布署秋收工作。</p>", **action))
        errors = form_errors(response)
        assert "“布署”应为“部署”" in errors["body"][0] and "全面布署秋收工作" in errors["body"][0]
    draft.refresh_from_db()
    assert not draft.live and draft.first_published_at is None
    assert not WorkflowState.objects.filter(object_id=str(draft.pk)).exists()
    assert draft.revisions.count() == 1
    blocked = PageLogEntry.objects.filter(page=draft, action="proofreading.blocked").order_by("pk")
    assert [entry.data["action"] for entry in blocked] == ["publish", "submit"]
    assert [entry.user for entry in blocked] == [admin_user, jixian_editor]
    assert blocked[0].data["findings"][0]["rule"] == "错别字"
    assert "智能校对拦截发布" in history(client, draft)


def test_a_blocking_finding_cannot_be_acknowledged_away(client, jixian_editor, draft):
    response = edit(client, draft, article_form("集贤县 新闻", draft.slug, **SUBMIT, **ACKNOWLEDGED))
    assert "title" in form_errors(response)
    draft.refresh_from_db()
    assert not draft.live


def test_saving_a_draft_is_never_refused_and_shows_the_findings(client, jixian_editor, draft):
    response = edit(client, draft, article_form("集贤县 新闻", draft.slug))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.get_latest_revision().as_object().title == "集贤县 新闻" and not draft.live
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("标题空格" in m for m in messages)
    assert not PageLogEntry.objects.filter(page=draft, action__startswith="proofreading.").exists()


def test_a_malformed_doc_number_is_refused_with_the_corrected_number(client, jixian_editor, column):
    documents = column("jixian", "disclosure/government-documents")
    page = GovDocumentPageFactory(parent=documents, title="关于做好春耕生产工作的通知")
    today = timezone.localdate()
    response = edit(client, page, document_form(page, doc_number=f"集政办发[{today.year}]3号", **SUBMIT))
    errors = form_errors(response)
    assert list(errors) == ["doc_number"] and f"集政办发〔{today.year}〕3号" in errors["doc_number"][0]
    later = f"{today + datetime.timedelta(days=3):%Y-%m-%d}"
    response = edit(client, page, document_form(page, written_date=later, publish_date=later))
    assert response.status_code == 302  # a draft may be saved
    response = edit(client, page, document_form(page, publish_date=later, **SUBMIT))
    assert "严禁伪造发稿日期" in form_errors(response)["publish_date"][0]
    assert GovDocumentPage.objects.get(pk=page.pk).publish_date == today
    assert not page.workflow_in_progress


def test_warnings_pass_and_publishing_over_them_is_in_the_history(client, admin_user, draft):
    client.force_login(admin_user)
    response = edit(client, draft, article_form("集贤县召开春耕生产会议。", draft.slug, **PUBLISH))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live and draft.title == "集贤县召开春耕生产会议。"
    assert any("标题末尾标点" in str(m) for m in response.wsgi_request._messages)
    entry = PageLogEntry.objects.get(page=draft, action="proofreading.override")
    assert entry.data["acknowledged"] is False and entry.data["action"] == "publish"

    body = '<p>详见<a href="https://www.example.com/spring">网站</a>。</p>'
    response = edit(client, draft, article_form("集贤县召开春耕生产会议", draft.slug, body, **PUBLISH, **ACKNOWLEDGED))
    assert response.status_code == 302
    entry = PageLogEntry.objects.filter(page=draft, action="proofreading.override").latest("pk")
    assert entry.data["acknowledged"] is True and entry.user == admin_user
    assert entry.data["findings"][0]["rule"] == "外部链接"
    page_history = history(client, draft)
    assert "带智能校对提示发布（已勾选“我已核对，坚持发布”）" in page_history
    assert "外部链接" in page_history


def test_the_acknowledgment_is_on_the_edit_form(client, jixian_editor, draft):
    response = client.get(f"/admin/pages/{draft.pk}/edit/")
    content = response.content.decode()
    assert 'name="proofreading_acknowledged"' in content and "我已核对，坚持发布" in content
    assert f"/admin/proofreading/{draft.pk}/" in content  # the 智能校对 entry of the page header


def test_the_proofreading_page_lists_the_latest_revisions_findings(client, jixian_editor, draft, sites):
    edit(client, draft, article_form("集贤县 新闻", draft.slug, "<p>为社区按装路灯。</p>"))
    response = client.get(f"/admin/proofreading/{draft.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "集贤县新闻" in content and "“按装”应为“安装”" in content and "阻止发布" in content
    client.force_login(staff(sites, "youyi"))
    assert client.get(f"/admin/proofreading/{draft.pk}/").status_code == 403


def test_a_rule_the_city_adds_in_the_admin_applies_at_once(client, admin_user, jixian_editor, draft, sites):
    portal_editor = staff(sites, "portal")
    client.force_login(portal_editor)
    response = client.post(
        "/admin/snippets/proofreading/proofreadingrule/add/",
        {"kind": "forbidden", "pattern": "内部资料", "correction": "", "severity": "block", "note": "", "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = ProofreadingRule.objects.get(pattern="内部资料")
    client.force_login(admin_user)
    response = edit(client, draft, article_form("集贤县新闻", draft.slug, "<p>本文为内部资料。</p>", **PUBLISH))
    assert "禁用词" in form_errors(response)["body"][0]
    rule.active = False
    rule.save()
    response = edit(client, draft, article_form("集贤县新闻", draft.slug, "<p>本文为内部资料。</p>", **PUBLISH))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live


def test_only_city_staff_manage_the_rules(client, sites, admin_client):
    rule = ProofreadingRule.objects.create(kind="forbidden", pattern="测试禁用词", severity="warn")
    index = "/admin/snippets/proofreading/proofreadingrule/"
    for user in (staff(sites, "jixian"), staff(sites, "jixian", "final_review"), staff(sites, "fuli")):
        client.force_login(user)
        assert client.get(index).status_code in (302, 403)
        response = client.post(f"{index}add/", {"kind": "forbidden", "pattern": "越权", "severity": "block"})
        assert response.status_code in (302, 403)
        response = client.post(f"{index}edit/{rule.pk}/", {"kind": "forbidden", "pattern": "改", "severity": "block"})
        assert response.status_code in (302, 403)
    assert not ProofreadingRule.objects.filter(pattern__in=["越权", "改"]).exists()
    for user in (staff(sites, "portal", "final_review"),):
        client.force_login(user)
        assert client.get(index).status_code == 200
        assert client.get(f"{index}edit/{rule.pk}/").status_code == 200
    assert admin_client.get(index).status_code == 200
    response = admin_client.post(
        f"{index}add/", {"kind": "miswriting", "pattern": "错字", "correction": "", "severity": "block"}
    )
    assert response.status_code == 200  # a miswriting needs its correction
    assert not ProofreadingRule.objects.filter(pattern="错字").exists()


def test_the_report_lists_overrides_and_blocks_of_the_sites_overseen_and_exports(client, admin_user, column, sites):
    jixian = ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤县新闻")
    youyi = ArticlePageFactory(parent=column("youyi", "news/local-news"), title="友谊县新闻")
    client.force_login(admin_user)
    for page in (jixian, youyi):
        edit(client, page, article_form(page.title + " 更新", page.slug, **PUBLISH))
        response = edit(client, page, article_form(page.title + "。", page.slug, **PUBLISH, **ACKNOWLEDGED))
        assert response.status_code == 302

    client.force_login(staff(sites, "portal", "final_review"))
    response = client.get("/admin/proofreading/records/")
    content = response.content.decode()
    assert response.status_code == 200 and "集贤县新闻" in content and "友谊县新闻" in content
    assert "拦截" in content and "带提示放行" in content
    response = client.get("/admin/proofreading/records/?export=csv")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "时间,记录类型,操作,页面,站点,操作人,已勾选核对确认,校对问题" in csv
    assert "标题空格" in csv and "标题末尾标点" in csv and "集贤县人民政府" in csv
    response = client.get("/admin/proofreading/records/?export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.get("/admin/proofreading/records/?action=proofreading.blocked")
    assert "带提示放行" not in response.content.decode().split("<tbody")[-1]

    client.force_login(staff(sites, "jixian", "final_review"))
    content = client.get("/admin/proofreading/records/").content.decode()
    assert "集贤县新闻" in content and "友谊县新闻" not in content
    client.force_login(UserFactory())
    assert client.get("/admin/proofreading/records/").status_code in (302, 403)


def test_a_final_approval_that_would_publish_is_refused_while_a_blocking_finding_stands(
    client, admin_user, jixian_editor, draft, sites
):
    workflow = Workflow.objects.create(name="单级审核（测试）")
    task = GroupApprovalTask.objects.create(name="终审（测试）")
    task.groups.set([SiteGroup.objects.get(profile__site=sites["jixian"], role="final_review").group])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=draft)
    response = edit(client, draft, article_form("集贤县新闻", draft.slug, **SUBMIT))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.workflow_in_progress

    client.force_login(admin_user)
    approve = {"action-workflow-action": "1", "workflow-action-name": "approve", "workflow-action-extra-data": "{}"}
    response = edit(client, draft, article_form("集贤县 新闻", draft.slug, **approve))
    assert "标题空格" in form_errors(response)["title"][0]
    draft.refresh_from_db()
    assert not draft.live and draft.workflow_in_progress
    assert PageLogEntry.objects.get(page=draft, action="proofreading.blocked").data["action"] == "approve"
    response = edit(client, draft, article_form("集贤县新闻", draft.slug, **approve))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live and not draft.workflow_in_progress


def test_an_editor_submitting_over_warnings_is_recorded(client, jixian_editor, draft):
    response = edit(client, draft, article_form("集贤县召开春耕生产会议！", draft.slug, **SUBMIT, **ACKNOWLEDGED))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.workflow_in_progress
    entry = PageLogEntry.objects.get(page=draft, action="proofreading.override")
    assert entry.data["action"] == "submit" and entry.data["acknowledged"] is True and entry.user == jixian_editor
