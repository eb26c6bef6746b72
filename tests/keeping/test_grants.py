"""Rights from duties: derived when a unit is provisioned and when a column's stored duties
change, taken back exactly, never a hand-granted permission."""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale, Page, WorkflowPage
from wagtail.test.utils.form_data import rich_text

from columns.models import ColumnPage
from keeping.models import KeeperGrant, KeepingWorkflow, UnitReviewTask
from keeping.workflows import workflow_name
from review.workflows import CITY_TASK
from sites.models import SiteGroup, Unit

from .conftest import BY_ORGANISATION, PORTAL_ONLY, STATS_COLUMN, TRADE_COLUMN, TRADE_SUBCOLUMN, provision

STATS_COLUMNS = [
    "city-profile/population",
    "city-profile/economy/growth-investment-consumption-trade",
    STATS_COLUMN,
    "gov-disclosure/statistics",
]


def rights(profile, page):
    """{(role, codename)} the unit's groups hold on this very page."""
    return set(
        GroupPagePermission.objects.filter(page=page, group__site_role__profile=profile).values_list(
            "group__site_role__role", "permission__codename"
        )
    )


KEEPER_RIGHTS = {
    ("editor", "add_page"),
    ("editor", "change_page"),
    ("editor", "lock_page"),
    ("editor", "unlock_page"),
    ("first_review", "change_page"),
    ("second_review", "change_page"),
}


def workflow_of(page):
    link = WorkflowPage.objects.filter(page=page).select_related("workflow").first()
    return link.workflow if link else None


def new_column(parent, slug, units, *, live=True):
    now = timezone.now()
    page = ColumnPage(title=f"新栏目{slug}", slug=slug, live=live, first_published_at=now, last_published_at=now)
    page.responsible_units = units
    parent.add_child(instance=page)
    return page


def test_a_provisioned_department_keeps_the_portal_columns_its_duties_name(tongji, portal, column):
    for key in STATS_COLUMNS:
        assert rights(tongji, column("portal", key)) == KEEPER_RIGHTS, key
    assert rights(tongji, column("portal", PORTAL_ONLY)) == set()
    assert rights(tongji, column("portal", TRADE_COLUMN)) == set()
    # Its own columns are its own: nothing is derived there (its groups hold its home).
    own = ColumnPage.objects.filter(path__startswith=tongji.root_page.path)
    assert own.count() == 6
    assert not KeeperGrant.objects.filter(column__in=own).exists()
    assert KeeperGrant.objects.filter(profile=tongji).count() == 4 * len(KEEPER_RIGHTS)
    # 终审 is the portal's: the department's 终审 group gets nothing on the portal.
    final = SiteGroup.objects.get(profile=tongji, role="final_review").group
    assert not GroupPagePermission.objects.filter(group=final).exclude(page=tongji.root_page).exists()


def test_the_kept_columns_take_the_hosts_keeping_workflow(tongji, portal, column):
    workflow = KeepingWorkflow.objects.get(host=portal).workflow
    assert workflow.name == workflow_name(portal) == "双鸭山市人民政府·部门保障栏目审核"
    for key in STATS_COLUMNS:
        assert workflow_of(column("portal", key)) == workflow
    assert workflow_of(column("portal", PORTAL_ONLY)) is None
    tasks = [task.specific for task in workflow.tasks]
    assert [getattr(task, "stage", None) for task in tasks[:2]] == ["first_review", "second_review"]
    final_group = SiteGroup.objects.get(profile=portal, role="final_review").group
    assert list(tasks[2].groups.all()) == [final_group]
    assert tasks[3].name == CITY_TASK
    # A second department shares the workflow and the two unit stages.
    provision("shangwu", "市商务局")
    assert workflow_of(column("portal", TRADE_COLUMN)) == workflow
    assert UnitReviewTask.objects.count() == 2
    assert KeepingWorkflow.objects.count() == 1


def test_a_column_created_after_the_unit_is_kept_at_once(tongji, column):
    """Newest first: the unit exists before the column that names it."""
    stats_unit = Unit.objects.get(name="市统计局")
    channel = column("portal", STATS_COLUMN).get_parent()
    fresh = new_column(channel, "late-statistics", [stats_unit])
    assert rights(tongji, fresh) == KEEPER_RIGHTS
    assert workflow_of(fresh) is not None


def test_a_unit_provisioned_after_its_unit_was_named_keeps_the_column(column, db):
    """The other way round: a unit named in duties long before it gets its pages."""
    unit = Unit.objects.create(name="市审计局", kind=Unit.Kind.CITY_DEPARTMENT)
    fresh = new_column(column("portal", PORTAL_ONLY).get_parent(), "audit-results", [unit])
    assert not KeeperGrant.objects.filter(column=fresh).exists()
    audit = provision("shenji", "市审计局")
    assert rights(audit, fresh) == KEEPER_RIGHTS
    # Provisioning again changes nothing.
    before = set(KeeperGrant.objects.values_list("pk", flat=True))
    provision("shenji", "市审计局")
    assert set(KeeperGrant.objects.values_list("pk", flat=True)) == before


def test_duties_follow_publishing_not_drafts(tongji, column, admin_user):
    stats = column("portal", STATS_COLUMN)
    stats.responsible_units = []
    stats.save_revision(user=admin_user)
    assert rights(tongji, stats) == KEEPER_RIGHTS  # a draft's duties change nothing yet
    stats.get_latest_revision().publish(user=admin_user)
    assert rights(tongji, stats) == set()
    assert not KeeperGrant.objects.filter(column=stats).exists()
    assert workflow_of(stats) is None  # back to the portal's 三审三校, inherited from its home
    assert Page.objects.get(pk=stats.pk).specific.get_workflow().name == "双鸭山市人民政府三审三校"
    # And back again.
    stats.responsible_units = [tongji.unit]
    stats.save_revision(user=admin_user).publish(user=admin_user)
    assert rights(tongji, stats) == KEEPER_RIGHTS
    assert workflow_of(stats) is not None


def test_duties_changed_in_the_admin_move_the_rights(tongji, shangwu, column, admin_client):
    stats = column("portal", STATS_COLUMN)
    response = admin_client.post(
        f"/admin/pages/{stats.pk}/edit/",
        {
            "title": stats.title,
            "slug": stats.slug,
            "intro": rich_text(""),
            "column_key": stats.column_key,
            "scope": "",
            "keeping_method": "backend",
            "update_frequency": "",
            "responsible_units": [shangwu.unit_id],
            "duty_note": "市商务局",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert rights(tongji, stats) == set()
    assert rights(shangwu, stats) == KEEPER_RIGHTS


def test_a_hand_granted_permission_survives(tongji, column):
    stats, current = column("portal", STATS_COLUMN), column("portal", PORTAL_ONLY)
    editor = SiteGroup.objects.get(profile=tongji, role="editor").group
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    by_hand = GroupPagePermission.objects.create(group=editor, page=current, permission=change)
    stats.responsible_units = []
    stats.save()
    assert rights(tongji, stats) == set()
    assert GroupPagePermission.objects.filter(pk=by_hand.pk).exists()
    call_command("sync_column_keepers", stdout=StringIO())
    assert GroupPagePermission.objects.filter(pk=by_hand.pk).exists()


def test_a_permission_granted_by_hand_before_the_duties_stays_after_them(column, db):
    """The same right, granted by hand first: the duties reuse it and taking them away leaves it."""
    unit = Unit.objects.get(name="市统计局")
    tongji = provision("tongji", "市统计局")
    population = column("portal", "city-profile/population")
    grant = GroupPagePermission.objects.get(
        page=population,
        group__site_role__profile=tongji,
        group__site_role__role="editor",
        permission__codename="add_page",
    )
    KeeperGrant.objects.filter(permission=grant).delete()  # as if someone had granted it by hand
    population.responsible_units = [u for u in population.responsible_units.all() if u != unit]
    population.save()
    assert rights(tongji, population) == {("editor", "add_page")}


def test_the_fence_keeps_a_kept_column_out_of_the_units_nested_in_it(tongji, shangwu, staff, column):
    """商务局 keeping 公开目录 reaches its columns, not 统计局's 专属网页 below 单位分类."""
    catalogue = column("portal", "homepage/disclosure-catalogue")
    catalogue.responsible_units = [shangwu.unit]
    catalogue.save()
    editor = staff(shangwu)
    by_organisation = Page.objects.get(path=tongji.root_page.path[: -Page.steplen])
    assert catalogue.permissions_for_user(editor).can_edit()
    assert by_organisation.specific.permissions_for_user(editor).can_edit()
    for page in Page.objects.filter(path__startswith=tongji.root_page.path):
        tester = page.specific.permissions_for_user(editor)
        assert not tester.can_edit() and not tester.can_add_subpage(), page.title
    # And 统计局's editors do not act on the 商务局's column (nor on 单位分类) from their own pages.
    mine = staff(tongji)
    assert not catalogue.permissions_for_user(mine).can_edit()
    assert not by_organisation.specific.permissions_for_user(mine).can_add_subpage()


def test_a_grant_reaches_the_sub_columns_of_a_kept_column(shangwu, staff, column):
    editor = staff(shangwu)
    sub = column("portal", TRADE_SUBCOLUMN)
    assert sub.permissions_for_user(editor).can_add_subpage()
    assert not column("portal", PORTAL_ONLY).permissions_for_user(editor).can_add_subpage()


def test_a_column_moved_into_the_units_own_pages_is_its_own(tongji, column):
    stats = column("portal", STATS_COLUMN)
    stats.move(tongji.root_page, pos="last-child")
    assert not KeeperGrant.objects.filter(column=stats).exists()
    assert workflow_of(stats) is None
    stats.refresh_from_db()
    stats.move(column("portal", "city-profile/population").get_parent(), pos="last-child")
    assert rights(tongji, stats) == KEEPER_RIGHTS


def test_a_profile_naming_another_unit_moves_its_columns(tongji, column):
    tongji.unit = Unit.objects.get(name="市商务局")
    tongji.save()
    assert rights(tongji, column("portal", STATS_COLUMN)) == set()
    assert rights(tongji, column("portal", TRADE_COLUMN)) == KEEPER_RIGHTS


def test_translations_of_a_kept_column_are_not_kept(tongji, column):
    stats = column("portal", STATS_COLUMN)
    english = Locale.objects.get(language_code="en")
    page = stats
    chain = []
    while page.depth > 2:
        chain.append(page)
        page = page.get_parent().specific
    for ancestor in [page, *reversed(chain)]:
        if not ancestor.has_translation(english):
            ancestor.copy_for_translation(english)
    translated = stats.get_translation(english)
    assert translated.specific.responsible_units.filter(name="市统计局").exists()
    assert not KeeperGrant.objects.filter(column=translated).exists()


def test_the_command_restores_what_an_existing_install_lacks(tongji, column):
    # An install from before this app: no records, no permissions, no workflow on the columns.
    KeeperGrant.objects.all().delete()
    GroupPagePermission.objects.filter(group__site_role__profile=tongji).exclude(page=tongji.root_page).delete()
    WorkflowPage.objects.filter(page__in=[column("portal", key) for key in STATS_COLUMNS]).delete()
    out = StringIO()
    call_command("sync_column_keepers", stdout=out)
    summary = "由其他单位保障的栏目 4 个（1 个单位的栏目）；新授予权限 24 条，收回 0 条；指派审核流程 4 个栏目"
    assert summary in out.getvalue()
    for key in STATS_COLUMNS:
        assert rights(tongji, column("portal", key)) == KEEPER_RIGHTS
        assert workflow_of(column("portal", key)) is not None
    again = StringIO()
    call_command("sync_column_keepers", stdout=again)
    assert "新授予权限 0 条，收回 0 条；指派审核流程 0 个栏目，撤销 0 个" in again.getvalue()


@pytest.mark.parametrize("slug", ["tongji"])
def test_the_unit_is_matched_by_name(slug, column, db):
    """The 分解表 names 市统计局; a department provisioned under that name is that unit."""
    profile = provision(slug, "市统计局")
    assert profile.unit.name == "市统计局"
    assert column("portal", STATS_COLUMN).responsible_units.filter(pk=profile.unit_id).exists()
    assert BY_ORGANISATION in profile.web_address


def test_a_deleted_unit_takes_its_rights_with_it(tongji, column):
    stats = column("portal", STATS_COLUMN)
    Unit.objects.get(name="市统计局").delete()
    assert rights(tongji, stats) == set()
    assert workflow_of(stats) is None
