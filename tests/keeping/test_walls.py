"""A unit's staff act on their own section and their own columns only: another unit's kept
column, item and 专属网页 in every form and URL, each refusal changing nothing."""

import pytest
from wagtail.models import Page

from columns.models import ColumnPage
from content.models import ArticlePage
from tests.review.conftest import article_form

from .conftest import PORTAL_ONLY, STATS_COLUMN, TRADE_COLUMN, item, refused

COMMENTS = {"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0"}


@pytest.fixture
def scene(tongji, shangwu, staff, column, add_item):
    """统计局's item in review in 统计公报 (made first), then 商务局's own item in 招商引资."""
    stats, trade = column("portal", STATS_COLUMN), column("portal", TRADE_COLUMN)
    assert add_item(staff(tongji), stats, "tongji-item", title="统计局稿件").status_code == 302
    assert add_item(staff(shangwu), trade, "shangwu-item", title="商务局稿件").status_code == 302
    return {
        "stats": stats,
        "trade": trade,
        "theirs": item(stats, "tongji-item"),
        "ours": item(trade, "shangwu-item"),
        "their_home_column": ColumnPage.objects.filter(path__startswith=tongji.root_page.path).first(),
        "outsider": staff(shangwu),
    }


def form_refuses(response):
    """A form shown again with an error: the parent chosen is out of reach."""
    form = getattr(response, "context_data", {}).get("form")
    return response.status_code == 200 and form is not None and form.errors


def fingerprint(page):
    page = Page.objects.get(pk=page.pk)
    return (page.title, page.draft_title, page.path, page.live, page.locked, page.latest_revision_id, page.numchild)


def test_another_units_column_and_item_refuse_every_form(scene, client):
    client.force_login(scene["outsider"])
    theirs, stats, home_column = scene["theirs"], scene["stats"], scene["their_home_column"]
    before = {p.pk: fingerprint(p) for p in (theirs, stats, home_column)}
    attempts = [
        ("get", f"/admin/pages/add/content/articlepage/{stats.pk}/", None),
        ("post", f"/admin/pages/add/content/articlepage/{stats.pk}/", article_form("闯入", "intruder")),
        ("post", f"/admin/pages/add/content/articlepage/{home_column.pk}/", article_form("闯入", "intruder")),
        ("get", f"/admin/pages/{stats.pk}/add_subpage/", None),
        ("get", f"/admin/pages/{theirs.pk}/edit/", None),
        ("post", f"/admin/pages/{theirs.pk}/edit/", article_form("改写", "tongji-item", **{"action-submit": "1"})),
        ("post", f"/admin/pages/{stats.pk}/edit/", {"title": "改写", "slug": stats.slug, **COMMENTS}),
        ("post", f"/admin/pages/{theirs.pk}/lock/", {}),
        ("post", f"/admin/pages/{theirs.pk}/unlock/", {}),
        ("post", f"/admin/pages/{theirs.pk}/delete/", {}),
        ("post", f"/admin/pages/{theirs.pk}/move/{scene['trade'].pk}/confirm/", {}),
        ("post", f"/admin/pages/{scene['ours'].pk}/move/{stats.pk}/confirm/", {}),
        (
            "post",
            f"/admin/pages/{theirs.pk}/copy/",
            {"new_title": "复制", "new_slug": "copied", "new_parent_page": scene["trade"].pk},
        ),
        (
            "post",
            f"/admin/pages/{scene['ours'].pk}/copy/",
            {"new_title": "复制", "new_slug": "copied", "new_parent_page": stats.pk},
        ),
        ("post", f"/admin/pages/{theirs.pk}/revisions/{theirs.latest_revision_id}/revert/", {}),
    ]
    for method, url, data in attempts:
        response = client.get(url) if method == "get" else client.post(url, data or {})
        assert refused(response) or response.status_code == 404 or form_refuses(response), f"{method} {url}"
    assert {p.pk: fingerprint(p) for p in (theirs, stats, home_column)} == before
    assert not ArticlePage.objects.filter(slug__in=["intruder", "copied"]).exists()
    assert ArticlePage.objects.get(pk=scene["ours"].pk).get_parent().pk == scene["trade"].pk


def test_a_keeper_adds_in_its_kept_columns_only_and_never_publishes(tongji, staff, column, add_item):
    editor = staff(tongji)
    current = column("portal", PORTAL_ONLY)
    assert refused(add_item(editor, current, "elsewhere"))
    assert not ArticlePage.objects.filter(slug="elsewhere").exists()
    stats = column("portal", STATS_COLUMN)
    response = add_item(editor, stats, "published-at-once", **{"action-publish": "action-publish"})
    assert response.status_code in (302, 403)
    assert not ArticlePage.objects.filter(slug="published-at-once", live=True).exists()


def test_a_keepers_reviewer_does_not_add_in_the_column(tongji, staff, column, add_item):
    head = staff(tongji, "first_review")
    assert refused(add_item(head, column("portal", STATS_COLUMN), "by-reviewer"))
    assert not ArticlePage.objects.filter(slug="by-reviewer").exists()
