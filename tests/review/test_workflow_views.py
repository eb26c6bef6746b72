"""Wagtail's workflow modals and previews tell nobody outside a site where its items stand in
review (stage, workflow, draft title in a message), and only workflow managers list the tasks."""

import pytest
from django.urls import reverse
from wagtail.models import Task, TaskState

from tests.admin import XHR
from tests.walls import LIVE, SECRETS, build_foreign, leaks, staff, translator

from .conftest import ROLES, refused, state_of
from .test_sensitive import through_site_stages

pytestmark = pytest.mark.django_db

SHOWN = (*SECRETS, LIVE)


@pytest.fixture
def foreign(sites, column):
    return build_foreign(sites, column)


@pytest.fixture(params=["editor", "first_review", "final_review", "translator"])
def outsider(request, sites, client):
    user = translator() if request.param == "translator" else staff(sites, "jixian", request.param)
    client.force_login(user)
    return user


def urls(foreign):
    draft, live = foreign.draft, foreign.live
    task_state = state_of(draft).current_task_state
    other_task = Task.objects.exclude(pk=task_state.task_id).filter(name__contains="友谊县").first()
    yield reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[draft.pk])
    yield reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[live.pk])
    yield reverse("wagtailadmin_pages:workflow_history", args=[draft.pk])
    yield reverse("wagtailadmin_pages:workflow_history_detail", args=[draft.pk, state_of(draft).pk])
    yield reverse("wagtailadmin_pages:workflow_preview", args=[draft.pk, task_state.task_id])
    yield reverse("wagtailadmin_pages:workflow_preview", args=[live.pk, other_task.pk])  # not at that stage
    for action in ("approve", "reject"):
        for name in ("workflow_action", "collect_workflow_action_data"):
            yield reverse(f"wagtailadmin_pages:{name}", args=[draft.pk, action, task_state.pk])


def test_no_workflow_view_tells_another_site_where_its_items_stand(client, outsider, foreign):
    for url in urls(foreign):
        for headers in ({}, XHR):
            response = client.get(url, **headers)
            assert leaks(response, SHOWN) == [], url
            assert response.status_code in (302, 403, 404), (url, response.status_code)
            # Wagtail reports "not awaiting moderation" in a message naming the page's draft title.
            assert leaks(client.get("/admin/"), SHOWN) == [], url
    assert state_of(foreign.draft).current_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_confirm_cancellation_is_refused_the_admin_way(client, outsider, foreign):
    assert refused(client.get(reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[foreign.draft.pk])))


def test_the_sites_own_reviewers_still_follow_the_review(client, sites, foreign):
    """The control: 友谊县's reviewer of the current stage previews it and sees the confirmation."""
    client.force_login(staff(sites, "youyi", "first_review"))
    task_state = state_of(foreign.draft).current_task_state
    url = reverse("wagtailadmin_pages:workflow_preview", args=[foreign.draft.pk, task_state.task_id])
    assert client.get(url).status_code == 200
    response = client.get(reverse("wagtailadmin_pages:confirm_workflow_cancellation", args=[foreign.draft.pk]), **XHR)
    assert response.status_code == 200 and "初审·友谊县人民政府" in response.json()["html"]


def test_the_city_reviewer_previews_the_sensitive_items_waiting_for_them(client, act, submit, member, city_reviewer):
    page = submit("youyi", "news/local-news", "sensitive-preview", title="敏感稿件", sensitive=True)
    through_site_stages(act, member, "youyi", page)
    client.force_login(city_reviewer)
    task_state = state_of(page).current_task_state
    url = reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id])
    assert client.get(url).status_code == 200
    other = submit("youyi", "news/local-news", "waiting-first", title="初审中稿件")
    client.force_login(city_reviewer)
    first = state_of(other).current_task_state
    assert refused(client.get(reverse("wagtailadmin_pages:workflow_preview", args=[other.pk, first.task_id])))


TASK_CHOOSER = ["task_chooser", "task_chooser_results", "task_chooser_create"]


@pytest.mark.parametrize("role", ["editor", *ROLES])
def test_only_workflow_managers_list_the_tasks(client, sites, foreign, role):
    client.force_login(staff(sites, "jixian", role))
    task = Task.objects.filter(name__contains="友谊县").first()
    for url in [
        *(reverse(f"wagtailadmin_workflows:{name}") for name in TASK_CHOOSER),
        f"/admin/workflows/task_chooser/{task.pk}/",
    ]:
        for query in ({}, {"q": "友谊县"}):
            response = client.get(url, query, **XHR)
            assert response.status_code == 403, url
            assert leaks(response, ("友谊县",)) == []
    assert refused(client.get(reverse("wagtailadmin_workflows:task_chooser")))


def test_a_workflow_manager_still_chooses_tasks(admin_client, foreign):
    response = admin_client.get(reverse("wagtailadmin_workflows:task_chooser"), **XHR)
    assert response.status_code == 200 and "初审·友谊县人民政府" in response.json()["html"]


REPORTS = ["workflow", "workflow_results", "workflow_tasks", "workflow_tasks_results"]


def test_the_workflow_reports_offer_no_other_sites_workflow_stage_or_requester(client, outsider, foreign):
    for name in REPORTS:
        response = client.get(reverse(f"wagtailadmin_reports:{name}"))
        assert response.status_code in (200, 302, 403), name
        assert leaks(response, (*SHOWN, "友谊县", foreign.editor.username)) == [], name


def test_the_workflow_reports_offer_a_county_its_own_workflows(client, sites, foreign, submit):
    submit("jixian", "news/local-news", "jixian-in-review", title="集贤县待审稿件")
    client.force_login(staff(sites, "jixian", "first_review"))
    response = client.get(reverse("wagtailadmin_reports:workflow_tasks"))
    assert "集贤县人民政府三审三校" in response.content.decode() and "初审·集贤县人民政府" in response.content.decode()
    assert "集贤县待审稿件" in client.get(reverse("wagtailadmin_reports:workflow")).content.decode()
