"""Every site's 三审三校: 初审 → 复审 → 终审 bound to the site's own groups, the city's sensitive stage
after them, editors submit but never publish, 终审 approval publishes."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, PageLogEntry, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from content.models import ArticlePage
from review.models import AUTO_APPROVAL_COMMENT, CityReviewTask
from review.workflows import CITY_GROUP, ensure_site_workflow
from sites.models import SiteGroup, SiteProfile
from sites.provisioning import provision_site
from tests.factories import ArticlePageFactory

from .conftest import ROLES, article_form, current_task, refused, state_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("key", ["portal", "jixian", "youyi", "jianshan", "fuli"])
def test_every_site_has_its_own_workflow_with_stages_bound_to_its_own_groups(sites, key):
    site = sites[key]
    workflow = WorkflowPage.objects.get(page=site.root_page).workflow
    assert workflow.name == f"{site.site_name}三审三校" and workflow.active
    tasks = [task.specific for task in workflow.tasks]
    assert [type(task) for task in tasks] == [GroupApprovalTask] * 3 + [CityReviewTask]
    assert [task.name for task in tasks[:3]] == [f"{stage}·{site.site_name}" for stage in ("初审", "复审", "终审")]
    for task, role in zip(tasks, ROLES, strict=False):
        own = SiteGroup.objects.get(profile=site.profile, role=role).group
        assert list(task.groups.all()) == [own]
    assert list(tasks[3].groups.values_list("name", flat=True)) == [CITY_GROUP]


def test_a_township_has_its_own_workflow_below_its_countys(column, sites):
    township_item = ArticlePageFactory(parent=column("fuli", "news"))
    county_item = ArticlePageFactory(parent=column("jixian", "news/local-news"))
    assert township_item.get_workflow().name == "集贤县福利镇人民政府三审三校"
    assert county_item.get_workflow().name == "集贤县人民政府三审三校"
    assert sites["jixian"].root_page.specific.get_workflow().name == "集贤县人民政府三审三校"


def test_every_site_shares_the_one_city_task():
    assert CityReviewTask.objects.count() == 1
    assert WorkflowTask.objects.filter(task__in=CityReviewTask.objects.all()).count() == SiteProfile.objects.count()


def test_ensuring_and_provisioning_again_change_nothing(sites):
    def snapshot():
        return (
            Workflow.objects.count(),
            GroupApprovalTask.objects.count(),
            list(WorkflowTask.objects.order_by("workflow", "sort_order").values_list("workflow", "task", "sort_order")),
            Group.objects.count(),
        )

    before = snapshot()
    ensure_site_workflow(sites["jixian"].profile)
    ensure_site_workflow(sites["jixian"].profile)
    provision_site(
        parent="jixian.localhost", level="township", name="集贤县福利镇人民政府", hostname="fuli.jixian.localhost"
    )
    assert snapshot() == before


def test_a_missing_stage_is_put_back_in_its_place_and_other_tasks_stay(sites):
    workflow = WorkflowPage.objects.get(page=sites["youyi"].root_page).workflow
    proofreading = GroupApprovalTask.objects.create(name="智能校对（其他应用）")
    WorkflowTask.objects.create(workflow=workflow, task=proofreading, sort_order=99)
    second = workflow.tasks[1]
    WorkflowTask.objects.filter(workflow=workflow, task=second).delete()
    ensure_site_workflow(sites["youyi"].profile)
    names = [task.name for task in workflow.tasks]
    assert names[:4] == ["初审·友谊县人民政府", "复审·友谊县人民政府", "终审·友谊县人民政府", "市级审核（敏感信息）"]
    assert names[4] == "智能校对（其他应用）"


def test_a_new_site_gets_its_workflow_and_its_editors_cannot_publish(sites):
    provision_site(
        parent="jixian.localhost", level="township", name="集贤县兴安乡人民政府", hostname="xingan.jixian.localhost"
    )
    profile = SiteProfile.objects.get(site__hostname="xingan.jixian.localhost")
    home = profile.site.root_page
    assert home.specific.get_workflow().name == "集贤县兴安乡人民政府三审三校"
    editors = SiteGroup.objects.get(profile=profile, role="editor").group
    codenames = set(editors.page_permissions.filter(page=home).values_list("permission__codename", flat=True))
    assert codenames == {"add_page", "change_page", "lock_page", "unlock_page"}


def test_editors_of_every_site_have_lost_publish(sites):
    editors = SiteGroup.objects.filter(role="editor")
    assert editors.count() == len(sites)
    assert not editors.filter(group__page_permissions__permission__codename="publish_page").exists()


def test_an_editors_publish_button_only_saves_a_draft(client, member, column):
    editor = member("jixian", "editor")
    client.force_login(editor)
    parent = column("jixian", "news/local-news")
    response = client.post(
        f"/admin/pages/add/content/articlepage/{parent.pk}/", article_form("抢发", "rush", **{"action-publish": "1"})
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="rush")
    assert not page.live and state_of(page) is None
    assert not page.permissions_for_user(editor).can_publish()


def test_stages_run_in_order_and_only_final_approval_publishes(client, submit, act, member, sites):
    page = submit("jixian", "news/local-news", "ordered", title="三审稿件")
    first, second, final = (member("jixian", role) for role in ROLES)
    assert current_task(page).name == "初审·集贤县人民政府"

    # Later stages cannot jump the queue, the editor cannot approve their own item.
    for user in (second, final, page.editor):
        assert refused(act(user, page)), user
    assert current_task(page).name == "初审·集贤县人民政府"

    assert act(first, page, comment="初审初校：无误").status_code == 302
    assert current_task(page).name == "复审·集贤县人民政府"
    for user in (first, final, page.editor):
        assert refused(act(user, page))
    page.refresh_from_db()
    assert not page.live

    assert act(second, page, comment="复审复校：同意").status_code == 302
    assert current_task(page).name == "终审·集贤县人民政府"
    for user in (first, second, page.editor):
        assert refused(act(user, page))
    page.refresh_from_db()
    assert not page.live

    assert act(final, page, comment="终审终校：同意发布").status_code == 302
    page.refresh_from_db()
    assert page.live and state_of(page) is None
    finished = WorkflowState.objects.for_instance(page).get()
    assert finished.status == WorkflowState.STATUS_APPROVED
    decided = [(s.task.name, s.finished_by) for s in finished.task_states.order_by("finished_at", "pk")]
    assert decided == [
        ("初审·集贤县人民政府", first),
        ("复审·集贤县人民政府", second),
        ("终审·集贤县人民政府", final),
        ("市级审核（敏感信息）", None),  # not sensitive: passed by itself
    ]
    assert finished.task_states.get(task__name="市级审核（敏感信息）").comment == AUTO_APPROVAL_COMMENT
    publish = PageLogEntry.objects.get(page=page, action="wagtail.publish")
    assert publish.timestamp >= finished.task_states.get(task__name="终审·集贤县人民政府").finished_at


def test_rejection_returns_the_item_to_its_editor_who_resubmits(client, submit, act, member):
    page = submit("jixian", "news/local-news", "sent-back", title="退回稿件")
    first, second = member("jixian", "first_review"), member("jixian", "second_review")
    act(first, page)
    assert act(second, page, "reject", comment="数据需核实").status_code == 302
    state = state_of(page)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    page.refresh_from_db()
    assert not page.live

    client.force_login(page.editor)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    response = client.post(
        f"/admin/pages/{page.pk}/edit/", article_form("退回稿件（已核实）", page.slug, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    assert state_of(page).status == WorkflowState.STATUS_IN_PROGRESS
    assert current_task(page).name == "复审·集贤县人民政府"  # Wagtail resumes at the stage that sent it back
    reject = PageLogEntry.objects.get(page=page, action="wagtail.workflow.reject")
    assert reject.user == second and reject.data["comment"] == "数据需核实"


def test_decisions_are_in_the_pages_history(admin_client, submit, act, member):
    page = submit("youyi", "news/local-news", "history", title="留痕稿件")
    act(member("youyi", "first_review"), page, comment="初审意见：可以")
    act(member("youyi", "second_review"), page, "reject", comment="复审意见：标题不规范")
    actions = list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk").values_list("action", flat=True))
    assert actions[-3:] == ["wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.workflow.reject"]
    html = admin_client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    assert "初审意见：可以" in html and "复审意见：标题不规范" in html
    assert "初审·友谊县人民政府" in html and "复审·友谊县人民政府" in html
    workflow_history = admin_client.get(f"/admin/pages/{page.pk}/workflow_history/")
    assert workflow_history.status_code == 200 and "友谊县人民政府三审三校" in workflow_history.content.decode()


def test_the_last_approval_does_not_publish_a_revision_with_a_blocking_proofreading_error(submit, member, act):
    page = submit("jixian", "news/local-news", "late-typo", title="集贤县推进秋收工作")
    draft = page.get_latest_revision().as_object()
    draft.title = "集贤县 推进秋收工作"  # a reviewer's plain draft save is not proofread
    draft.save_revision()
    for role in ("first_review", "second_review", "final_review"):
        assert act(member("jixian", role), page).status_code == 302
    page.refresh_from_db()
    assert not page.live
    blocked = PageLogEntry.objects.get(page=page, action="proofreading.blocked")
    assert blocked.data["findings"][0]["field"] == "title"
