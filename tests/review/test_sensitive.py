"""敏感信息 needs one more stage after 终审: the city's 市级敏感信息审核 group, for every site's items;
ordinary items pass that stage by themselves."""

import pytest
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from review.models import AUTO_APPROVAL_COMMENT, CityReviewTask

from .conftest import ROLES, article_form, current_task, refused, state_of

pytestmark = pytest.mark.django_db


def through_site_stages(act, member, key, page):
    for role in ROLES:
        assert act(member(key, role), page).status_code == 302


@pytest.mark.parametrize(
    "key, column_key", [("jixian", "news/local-news"), ("fuli", "news"), ("portal", "homepage/current-affairs")]
)
def test_a_sensitive_item_waits_for_the_city_after_final_review(act, submit, member, city_reviewer, key, column_key):
    page = submit(key, column_key, f"sensitive-{key}", title="敏感稿件", sensitive=True)
    through_site_stages(act, member, key, page)
    page.refresh_from_db()
    assert not page.live
    assert isinstance(current_task(page), CityReviewTask)
    assert act(city_reviewer, page, comment="市级审核：同意").status_code == 302
    page.refresh_from_db()
    assert page.live and page.sensitive
    city_state = WorkflowState.objects.for_instance(page).get().task_states.get(task__name="市级审核（敏感信息）")
    assert city_state.finished_by == city_reviewer and city_state.comment == "市级审核：同意"


def test_only_the_city_group_or_a_superuser_acts_on_the_city_stage(client, act, submit, member, admin_user):
    page = submit("youyi", "news/local-news", "sensitive-only-city", title="敏感稿件", sensitive=True)
    through_site_stages(act, member, "youyi", page)
    task_state = state_of(page).current_task_state
    others = [member("youyi", role) for role in ["editor", *ROLES]] + [member("portal", role) for role in ROLES]
    others += [member("jixian", "final_review")]
    for user in others:
        assert refused(act(user, page)), user
        assert refused(act(user, page, "reject")), user
        client.force_login(user)
        response = client.post(
            f"/admin/pages/{page.pk}/edit/", article_form("改标题", page.slug, **{"action-publish": "1"})
        )
        assert response.status_code in (200, 302, 403)
        page.refresh_from_db()
        assert not page.live and page.title == "敏感稿件"
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert act(admin_user, page).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_an_ordinary_item_skips_the_city_stage(act, submit, member):
    page = submit("jianshan", "news/local-news", "ordinary", title="普通稿件")
    through_site_stages(act, member, "jianshan", page)
    page.refresh_from_db()
    assert page.live
    city_state = WorkflowState.objects.for_instance(page).get().task_states.get(task__name="市级审核（敏感信息）")
    assert city_state.status == TaskState.STATUS_APPROVED and city_state.finished_by is None
    entry = PageLogEntry.objects.get(
        page=page, action="wagtail.workflow.approve", data__workflow__task__id=city_state.task_id
    )
    assert entry.user is None and entry.data["comment"] == AUTO_APPROVAL_COMMENT  # the system's, in the history


def test_the_city_sending_it_back_cannot_be_escaped_by_unticking_sensitive(client, act, submit, member, city_reviewer):
    page = submit("jixian", "news/local-news", "escape", title="敏感稿件", sensitive=True)
    through_site_stages(act, member, "jixian", page)
    assert act(city_reviewer, page, "reject", comment="涉及敏感表述").status_code == 302
    assert state_of(page).status == WorkflowState.STATUS_NEEDS_CHANGES
    client.force_login(page.editor)
    response = client.post(
        f"/admin/pages/{page.pk}/edit/", article_form("敏感稿件", page.slug, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.get_latest_revision_as_object().sensitive
    assert isinstance(current_task(page), CityReviewTask)
    page.refresh_from_db()
    assert not page.live


def test_marking_sensitive_during_review_is_what_counts(client, act, submit, member, city_reviewer):
    """The 终审 leader may tick 敏感信息 while reviewing; the city stage then applies."""
    page = submit("jixian", "news/local-news", "late-flag", title="待定稿件")
    act(member("jixian", "first_review"), page)
    act(member("jixian", "second_review"), page)
    final = member("jixian", "final_review")
    client.force_login(final)
    response = client.post(f"/admin/pages/{page.pk}/edit/", article_form("待定稿件", page.slug, sensitive=True))
    assert response.status_code == 302
    assert act(final, page).status_code == 302
    page.refresh_from_db()
    assert not page.live and isinstance(current_task(page), CityReviewTask)
