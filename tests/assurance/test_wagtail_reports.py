"""Wagtail's locked-pages, aging-pages and workflow reports show a county's staff their own site
only: no other site's pages, workflows, tasks or people, not even in the filters. Its townships'
workflows and people may be offered as filter choices (a county reads its townships), but their
items are not the county's to act on and are not listed."""

import pytest
from wagtail.models import Page

from sites.models import SiteGroup
from tests.factories import ArticlePageFactory, UserFactory

pytestmark = pytest.mark.django_db

REPORTS = [
    "/admin/reports/locked/",
    "/admin/reports/locked/results/",
    "/admin/reports/aging-pages/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow/results/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/workflow_tasks/results/",
]
NEWS = {"portal": "homepage/department-news", "fuli": "news", "jixian": "news/local-news", "youyi": "news/local-news"}
OTHERS = ("portal", "youyi", "fuli")


def member(sites, key, role="editor", **fields):
    return UserFactory(groups=[SiteGroup.objects.get(profile__site=sites[key], role=role).group], **fields)


@pytest.fixture
def activity(sites, column):
    """On each site, newest first: an item locked by that site's editor and one submitted for review."""
    for key in (*OTHERS, "jixian"):
        editor = member(sites, key, username=f"{key}-person")
        locked = ArticlePageFactory(parent=column(key, NEWS[key]), title=f"{key}-locked-item")
        Page.objects.filter(pk=locked.pk).update(locked=True, locked_by=editor)
        item = ArticlePageFactory(parent=column(key, NEWS[key]), title=f"{key}-reviewed-item", live=False)
        item.save_revision(user=editor)
        item.get_workflow().start(item, editor)


@pytest.mark.parametrize("role", ["editor", "first_review", "final_review"])
@pytest.mark.parametrize("url", REPORTS)
def test_a_countys_staff_see_nothing_of_other_sites(client, sites, activity, role, url):
    client.force_login(member(sites, "jixian", role))
    response = client.get(url)
    assert response.status_code in (200, 302), response.status_code
    html = response.content.decode()
    for key in OTHERS:
        assert f"{key}-locked-item" not in html and f"{key}-reviewed-item" not in html
        if key != "fuli":
            assert f"{key}-person" not in html
            assert sites[key].site_name not in html, (key, sites[key].site_name)


def test_the_reports_still_show_the_countys_own_work(client, sites, activity):
    client.force_login(member(sites, "jixian", "first_review"))
    html = client.get("/admin/reports/workflow/").content.decode()
    assert "jixian-reviewed-item" in html and "集贤县人民政府三审三校" in html and "jixian-person" in html
    client.force_login(member(sites, "jixian"))
    assert "jixian-locked-item" in client.get("/admin/reports/locked/").content.decode()
