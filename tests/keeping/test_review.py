"""An item a unit's editor submits in a kept column: the unit's 初审 (科室负责人), its 复审 (主要领导),
then the portal's 终审 and the city's review of sensitive items; the last approval publishes.
Another unit's reviewers never act on it."""

from wagtail.models import TaskState

from content.models import ArticlePage
from keeping.models import UnitReviewTask
from review.sheet import review_sheet

from .conftest import STATS_COLUMN, TRADE_COLUMN, current_task, item, refused, reviewable


def stage(page):
    task = current_task(page)
    return getattr(task, "stage", None) or (task.name if task else None)


def test_a_departments_item_passes_its_own_review_then_the_portals(
    tongji, shangwu, portal, staff, column, add_item, act, city_reviewer
):
    stats = column("portal", STATS_COLUMN)
    editor = staff(tongji)
    response = add_item(editor, stats, "tongji-item", title="2025年统计公报")
    assert response.status_code == 302, response.content.decode()[:1500]
    page = item(stats, "tongji-item")
    assert not page.live
    assert stage(page) == "first_review"
    # Nobody but 统计局's 初审 acts now: not 商务局's, not the portal's, not 统计局's 复审.
    for outsider in (staff(shangwu, "first_review"), staff(portal, "first_review"), staff(tongji, "second_review")):
        assert current_task(page).get_actions(page, outsider) == []
        assert str(page.pk) not in reviewable(outsider)
        assert refused(act(outsider, page)), outsider
        assert stage(page) == "first_review"
    head = staff(tongji, "first_review")
    assert str(page.pk) in reviewable(head)
    assert act(head, page).status_code == 302
    assert stage(page) == "second_review"
    assert refused(act(staff(shangwu, "second_review"), page))
    assert refused(act(staff(portal, "second_review"), page))
    assert act(staff(tongji, "second_review"), page).status_code == 302
    assert current_task(page).name == "终审·双鸭山市人民政府"
    # 统计局's own 终审 has no say on the portal.
    assert refused(act(staff(tongji, "final_review"), page))
    assert act(staff(portal, "final_review"), page).status_code == 302
    page.refresh_from_db()
    assert page.live  # not sensitive: the city's stage passed at once, and the last approval published
    rows = [(row.stage, row.duty, row.decision) for row in review_sheet(page).rows]
    assert rows == [
        ("初审初校", "保障单位科室负责人", "同意"),
        ("复审复校", "保障单位主要领导", "同意"),
        ("终审终校", "主要领导", "同意"),
        ("市级审核", "市级敏感信息审核", "自动通过"),
    ]


def test_a_sensitive_item_goes_on_to_the_city(tongji, portal, staff, column, add_item, act, city_reviewer):
    stats = column("portal", STATS_COLUMN)
    add_item(staff(tongji), stats, "tongji-sensitive", sensitive="on")
    page = item(stats, "tongji-sensitive")
    for role in ("first_review", "second_review"):
        assert act(staff(tongji, role), page).status_code == 302
    assert act(staff(portal, "final_review"), page).status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert act(city_reviewer, page).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_the_portals_own_staff_pass_the_portals_own_reviewers(tongji, portal, staff, column, add_item, act):
    stats = column("portal", STATS_COLUMN)
    assert add_item(staff(portal), stats, "portal-item").status_code == 302
    page = item(stats, "portal-item")
    assert refused(act(staff(tongji, "first_review"), page))
    assert act(staff(portal, "first_review"), page).status_code == 302
    assert refused(act(staff(tongji, "second_review"), page))
    assert act(staff(portal, "second_review"), page).status_code == 302
    assert act(staff(portal, "final_review"), page).status_code == 302
    page.refresh_from_db()
    assert page.live


def test_two_units_keeping_one_column_review_their_own_items_only(tongji, shangwu, staff, column, add_item, act):
    stats = column("portal", STATS_COLUMN)
    stats.responsible_units.add(shangwu.unit)
    stats.save()
    add_item(staff(shangwu), stats, "shangwu-item")
    add_item(staff(tongji), stats, "tongji-item")
    theirs, ours = item(stats, "shangwu-item"), item(stats, "tongji-item")
    tongji_head, shangwu_head = staff(tongji, "first_review"), staff(shangwu, "first_review")
    assert reviewable(tongji_head) == {str(ours.pk)}
    assert reviewable(shangwu_head) == {str(theirs.pk)}
    assert refused(act(tongji_head, theirs))
    assert refused(act(shangwu_head, ours))
    # While it stands at 商务局's 初审, 统计局's reviewers (who read the column) cannot edit it.
    assert current_task(theirs).locked_for_user(theirs, tongji_head)
    assert act(shangwu_head, theirs).status_code == 302
    assert stage(theirs) == "second_review"


def test_a_unit_taken_off_the_duties_mid_review_leaves_the_item_to_the_portal(
    tongji, portal, staff, column, add_item, act
):
    stats = column("portal", STATS_COLUMN)
    add_item(staff(tongji), stats, "tongji-item")
    page = item(stats, "tongji-item")
    stats.responsible_units.remove(tongji.unit)
    stats.save()
    head = staff(tongji, "first_review")
    assert refused(act(head, page))
    assert act(staff(portal, "first_review"), page).status_code == 302


def test_the_unit_stages_query_count_does_not_grow_with_the_items(
    tongji, shangwu, staff, column, add_item, django_assert_max_num_queries
):
    stats = column("portal", STATS_COLUMN)
    editor = staff(tongji)
    for n in range(6):
        add_item(editor, stats, f"tongji-item-{n}")
    head = staff(tongji, "first_review")
    task = UnitReviewTask.objects.get(stage="first_review")
    with django_assert_max_num_queries(9):
        assert len(task.get_task_states_user_can_moderate(head)) == 6
    assert TaskState.objects.filter(task=task, status="in_progress").count() == 6
    assert ArticlePage.objects.filter(path__startswith=column("portal", TRADE_COLUMN).path).count() == 0
