"""Helpers for driving 三审三校 through the real admin views."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import rich_text

from content.models import ArticlePage
from review.workflows import CITY_GROUP
from sites.models import SiteGroup
from tests.factories import UserFactory

COMMENTS = {"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0"}
ROLES = ["first_review", "second_review", "final_review"]


def article_form(title, slug, *, sensitive=False, **extra):
    data = {"title": title, "slug": slug, "kind": "news", "body": rich_text("<p>正文</p>"), **COMMENTS, **extra}
    if sensitive:
        data["sensitive"] = "on"
    return data


def refused(response):
    """Wagtail answers a refusal with 403 or a redirect away from the page (to the dashboard)."""
    return response.status_code in (302, 403) and "/admin/pages/" not in response.get("Location", "/admin/pages/")


def state_of(page):
    """The page's active (in progress or needs changes) workflow state, fresh from the database."""
    return WorkflowState.objects.active().for_instance(page).select_related("current_task_state__task").first()


def current_task(page):
    state = state_of(page)
    return state.current_task_state.task.specific if state and state.current_task_state else None


def action_url(page, action, name="workflow_action"):
    state = state_of(page)
    return reverse(f"wagtailadmin_pages:{name}", args=[page.pk, action, state.current_task_state_id])


def workflow_logs(page):
    return PageLogEntry.objects.filter(page=page, action__startswith="wagtail.workflow.")


@pytest.fixture
def member(sites):
    """member(site_key, role) -> a new user in that site's group of that role."""

    def make(key, role):
        return UserFactory(groups=[SiteGroup.objects.get(profile__site=sites[key], role=role).group])

    return make


@pytest.fixture
def city_reviewer():
    return UserFactory(groups=[Group.objects.get(name=CITY_GROUP)])


@pytest.fixture
def submit(client, member, column):
    """submit(site_key, column_key, slug, ...) -> the ArticlePage an editor of that site created and
    submitted for review in the admin (the add form's 提交审核 button)."""

    def go(key, column_key, slug, *, title="待审稿件", sensitive=False, editor=None):
        editor = editor or member(key, "editor")
        client.force_login(editor)
        parent = column(key, column_key)
        response = client.post(
            f"/admin/pages/add/content/articlepage/{parent.pk}/",
            article_form(title, slug, sensitive=sensitive, **{"action-submit": "1"}),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        page = ArticlePage.objects.get(slug=slug, path__startswith=parent.path)
        page.editor = editor
        return page

    return go


@pytest.fixture
def act(client):
    """act(user, page, "approve" | "reject", comment) -> the response of the workflow action URL."""

    def go(user, page, action="approve", comment=""):
        client.force_login(user)
        return client.post(action_url(page, action), {"comment": comment})

    return go
