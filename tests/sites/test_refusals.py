"""The project's own page actions (审核表, 智能校对, 报送, 核查) refuse another site's page without
naming anything of it: no title, no breadcrumbs, no site name."""

import pytest

from tests.walls import LIVE, SECRETS, build_foreign, leaks, staff

pytestmark = pytest.mark.django_db

ACTIONS = {
    "审核表": "/admin/review/sheet/{pk}/",
    "智能校对": "/admin/proofreading/{pk}/",
    "报送": "/admin/submissions/submit/{pk}/",
    "核查": "/admin/assurance/column-checks/{pk}/",
}


@pytest.fixture
def foreign(sites, column):
    foreign = build_foreign(sites, column)
    foreign.column.title = "友谊县栏目改名草稿"
    foreign.column.save_revision()
    foreign.column.refresh_from_db()
    return foreign


@pytest.mark.parametrize("role", ["editor", "first_review", "final_review"])
@pytest.mark.parametrize("action", ACTIONS)
def test_a_refusal_names_nothing_of_the_other_site(client, sites, foreign, role, action):
    client.force_login(staff(sites, "jixian", role))
    for page in (foreign.draft, foreign.live, foreign.column):
        response = client.get(ACTIONS[action].format(pk=page.pk))
        if response.status_code != 403:
            continue  # an action that does not apply to this kind of page
        assert leaks(response, (*SECRETS, LIVE, "友谊县", "youyi")) == [], (action, page.title)
        assert page.title not in response.content.decode()


@pytest.mark.parametrize("action", ACTIONS)
def test_each_action_refuses_at_least_one_of_the_pages(client, sites, foreign, action):
    """The control for the test above: the refusals are really exercised."""
    client.force_login(staff(sites, "jixian"))
    statuses = {client.get(ACTIONS[action].format(pk=page.pk)).status_code for page in (foreign.live, foreign.column)}
    assert 403 in statuses
