"""A site's reviewers act on their own site's items only: every route is refused on another
county's items (and a county's reviewers cannot take over a township's stages)."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState

from .conftest import ROLES, article_form, current_task, refused, state_of, workflow_logs

pytestmark = pytest.mark.django_db

ROUTES = [
    ("get", "workflow_action", "approve"),
    ("post", "workflow_action", "approve"),
    ("get", "workflow_action", "reject"),
    ("post", "workflow_action", "reject"),
    ("get", "collect_workflow_action_data", "approve"),
    ("post", "collect_workflow_action_data", "reject"),
    ("get", "edit", None),
    ("post", "edit", "action-publish"),
    ("post", "edit", "action-submit"),
    ("post", "edit", "action-cancel-workflow"),
    ("post", "publish-bulk", None),
    ("get", "revisions", None),
]


def attempt(client, page, method, route, action):
    state = state_of(page)
    if route in ("workflow_action", "collect_workflow_action_data"):
        url = reverse(f"wagtailadmin_pages:{route}", args=[page.pk, action, state.current_task_state_id])
        data = {"comment": "越权审核"} if method == "post" else None
    elif route == "edit":
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        data = article_form("越权修改", page.slug, **{action: "1"}) if method == "post" else None
    elif route == "confirm_workflow_cancellation":
        url = reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[page.pk])
        data = None
    elif route == "publish-bulk":
        url = f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}"
        data = {}
    else:  # the revisions compare / revert screens
        revision = page.get_latest_revision()
        url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk])
        data = None
    return getattr(client, method)(url, data)


@pytest.fixture
def youyi_item(submit):
    """A 友谊县 item waiting for 初审."""
    return submit("youyi", "news/local-news", "youyi-item", title="友谊县待审稿件")


def _advance(page, member, stages):
    """Approve `stages` stages of the page as that site's own reviewers (model API, not under test here)."""
    site = {"友谊县待审稿件": "youyi", "福利镇待审稿件": "fuli"}[page.title]
    for role in ROLES[:stages]:
        state = state_of(page).current_task_state.specific
        state.task.specific.on_action(state, member(site, role), "approve")


@pytest.mark.parametrize("stage", [0, 1, 2])
@pytest.mark.parametrize("role", ["editor", *ROLES])
@pytest.mark.parametrize("method, route, action", ROUTES)
def test_every_attempt_on_another_countys_item_under_review_is_refused(
    client, member, youyi_item, stage, role, method, route, action
):
    _advance(youyi_item, member, stage)
    task_state = state_of(youyi_item).current_task_state
    revisions, logs = youyi_item.revisions.count(), PageLogEntry.objects.filter(page=youyi_item).count()
    client.force_login(member("jixian", role))
    response = attempt(client, youyi_item, method, route, action)
    assert refused(response), (response.status_code, response.get("Location"))
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert youyi_item.revisions.count() == revisions
    assert PageLogEntry.objects.filter(page=youyi_item).count() == logs
    youyi_item.refresh_from_db()
    assert not youyi_item.live and youyi_item.title == "友谊县待审稿件"


@pytest.mark.parametrize("role", ROLES)
def test_the_same_stage_of_the_right_site_is_accepted(act, member, youyi_item, role):
    """The control for the refusals above: 友谊县's own reviewer of each stage gets through."""
    stage = ROLES.index(role)
    _advance(youyi_item, member, stage)
    reviewer = member("youyi", role)
    assert act(reviewer, youyi_item).status_code == 302
    youyi_item.refresh_from_db()
    assert youyi_item.live == (role == "final_review")  # the city stage passes by itself: not sensitive
    assert workflow_logs(youyi_item).filter(action="wagtail.workflow.approve", user=reviewer).count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_a_countys_reviewers_do_not_take_over_their_townships_stages(client, member, submit, role):
    """Approving, editing or publishing a township's items is the township's own 三审三校; the
    county reads their 审核表 (test_sheet.py)."""
    item = submit("fuli", "news", "fuli-item", title="福利镇待审稿件")
    _advance(item, member, ROLES.index(role))
    before = current_task(item)
    revisions = item.revisions.count()
    client.force_login(member("jixian", role))
    for method, route, action in ROUTES:
        assert refused(attempt(client, item, method, route, action)), (method, route, action)
    assert current_task(item) == before and item.revisions.count() == revisions
    assert state_of(item).current_task_state.status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.parametrize("role", ROLES)
def test_the_portals_reviewers_do_not_approve_county_items(client, member, youyi_item, role):
    _advance(youyi_item, member, ROLES.index(role))
    client.force_login(member("portal", role))
    for method, route, action in ROUTES:
        assert refused(attempt(client, youyi_item, method, route, action)), (method, route, action)
    assert state_of(youyi_item).current_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_the_city_group_cannot_act_on_the_three_county_stages(client, city_reviewer, member, youyi_item):
    for stage in range(3):
        client.force_login(city_reviewer)
        for method, route, action in ROUTES[:8]:
            assert refused(attempt(client, youyi_item, method, route, action)), (stage, method, route, action)
        _advance_one(youyi_item, member, stage)


def test_wagtails_publish_confirmation_modal_is_refused(client, member, youyi_item):
    """Wagtail's confirm_workflow_cancellation modal checks no permission of its own: it would tell
    another county which stage an item is at. It is refused and changes nothing."""
    client.force_login(member("jixian", "final_review"))
    logs = PageLogEntry.objects.filter(page=youyi_item).count()
    response = client.get(reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[youyi_item.pk]))
    assert refused(response)
    assert "友谊县" not in response.content.decode()
    assert PageLogEntry.objects.filter(page=youyi_item).count() == logs
    assert state_of(youyi_item).current_task_state.status == TaskState.STATUS_IN_PROGRESS


def _advance_one(page, member, stage):
    state = state_of(page).current_task_state.specific
    state.task.specific.on_action(state, member("youyi", ROLES[stage]), "approve")


def test_a_county_final_reviewer_cannot_unpublish_another_countys_item(client, member, youyi_item):
    for stage in range(3):
        _advance_one(youyi_item, member, stage)
    youyi_item.refresh_from_db()
    assert youyi_item.live
    client.force_login(member("jixian", "final_review"))
    for method in ("get", "post"):
        assert refused(getattr(client, method)(reverse("wagtailadmin_pages:unpublish", args=[youyi_item.pk])))
    youyi_item.refresh_from_db()
    assert youyi_item.live


@pytest.mark.parametrize("route", ["workflow_action", "collect_workflow_action_data"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_task_state_is_acted_on_only_under_its_own_page(client, member, submit, youyi_item, route, method):
    """Wagtail checks the reviewer's actions on the page in the URL and then acts on the task
    state the id names, whoever's it is: another county's, or one of the page's own finished ones."""
    sent_back = submit("jixian", "news/local-news", "jixian-sent-back", title="集贤县退回稿件")
    stale = state_of(sent_back).current_task_state
    stale.task.specific.on_action(stale.specific, member("jixian", "first_review"), "reject")
    own = submit("jixian", "news/local-news", "jixian-item", title="集贤县待审稿件")
    reviewer = member("jixian", "first_review")
    client.force_login(reviewer)
    foreign = state_of(youyi_item).current_task_state
    stale.refresh_from_db()
    for other in (foreign, stale):
        status, logs = other.status, PageLogEntry.objects.count()
        url = reverse(f"wagtailadmin_pages:{route}", args=[own.pk, "approve", other.pk])
        response = getattr(client, method)(url, {"comment": "借道审核"} if method == "post" else None)
        assert response.status_code == 404, (other, response.status_code)
        other.refresh_from_db()
        assert other.status == status and PageLogEntry.objects.count() == logs
        assert "友谊县" not in response.content.decode()
    # The control: the page's own task state in progress.
    url = reverse("wagtailadmin_pages:workflow_action", args=[own.pk, "approve", state_of(own).current_task_state_id])
    assert client.post(url, {"comment": "同意"}).status_code == 302
    assert current_task(own).name == "复审·集贤县人民政府"
