import pytest
from wagtail.models import Page, WorkflowState

from sites.models import SiteGroup
from tests.factories import ArticlePageFactory, UserFactory


def site_user(sites, site_key, role, **kwargs):
    group = SiteGroup.objects.get(profile__site=sites[site_key], role=role).group
    return UserFactory(groups=[group], **kwargs)


@pytest.fixture
def jixian_editor(sites):
    return site_user(sites, "jixian", "editor", username="jixian_wang", email="wang@jixian.example.cn")


@pytest.fixture
def city_editor(sites):
    return site_user(sites, "portal", "editor", username="city_zhao", email="zhao@city.example.cn")


@pytest.fixture
def news_item(column):
    """A published news item of 集贤县, unit left to its site (集贤县人民政府)."""
    return ArticlePageFactory(
        parent=column("jixian", "news/local-news"),
        title="集贤县召开春耕生产工作会议",
        slug="spring-ploughing",
        summary="部署全县春耕生产。",
        body="<p>4月8日，集贤县召开春耕生产工作会议。</p>",
    )


@pytest.fixture
def current_affairs(column):
    return column("portal", "homepage/current-affairs")


def pass_portal_review(page, reviewer):
    """Approve every task of the page's workflow (the portal's own review), or do nothing when the
    adoption published the copy directly."""
    for _ in range(10):
        state = WorkflowState.objects.filter(
            base_content_type_id=page.get_base_content_type().pk,
            object_id=str(page.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).first()
        if state is None or state.current_task_state is None:
            break
        task_state = state.current_task_state.specific
        task_state.task.specific.on_action(task_state, reviewer, "approve")
    return Page.objects.get(pk=page.pk).specific
