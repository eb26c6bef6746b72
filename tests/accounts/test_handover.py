import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageLogEntry, WorkflowState

from accounts.models import SecurityEvent
from tests.admin import refused
from tests.factories import ArticlePageFactory

from .conftest import verified_login


@pytest.fixture
def desk(member, column):
    """A county editor leaving with: a draft, a live page with unpublished changes, a live page
    without changes, a page locked, an item in review; a colleague of the same site."""
    leaver = member("jixian", "editor")
    successor = member("jixian", "editor")
    news = column("jixian", "news/local-news")
    # Created newest-first, so nothing depends on creation order.
    in_review = ArticlePageFactory(parent=news, title="审核中", owner=leaver, live=False)
    in_review.save_revision(user=leaver)
    workflow_state = in_review.get_workflow().start(in_review, leaver)
    locked = ArticlePageFactory(parent=news, title="锁定的", owner=successor)
    Page.objects.filter(pk=locked.pk).update(locked=True, locked_by=leaver)
    published = ArticlePageFactory(parent=news, title="已发布", owner=leaver)
    changed = ArticlePageFactory(parent=news, title="有未发布修改", owner=leaver)
    changed.title = "有未发布修改（新）"
    changed.save_revision(user=leaver)
    draft = ArticlePageFactory(parent=news, title="草稿", owner=leaver, live=False)
    return {
        "leaver": leaver,
        "successor": successor,
        "draft": draft,
        "changed": changed,
        "published": published,
        "locked": locked,
        "in_review": in_review,
        "workflow_state": workflow_state,
    }


def fresh(page):
    return Page.objects.get(pk=page.pk)


def assert_moved(desk):
    leaver, successor = desk["leaver"], desk["successor"]
    assert fresh(desk["draft"]).owner == successor
    assert fresh(desk["changed"]).owner == successor
    assert fresh(desk["in_review"]).owner == successor
    assert fresh(desk["published"]).owner == leaver
    locked = fresh(desk["locked"])
    assert locked.locked and locked.locked_by == successor
    assert WorkflowState.objects.get(pk=desk["workflow_state"].pk).requested_by == successor
    leaver.refresh_from_db()
    assert not leaver.is_active
    for key in ("draft", "changed", "locked", "in_review"):
        entry = PageLogEntry.objects.get(page=desk[key], action="accounts.hand_over")
        assert entry.data["to"] == successor.username
    assert not PageLogEntry.objects.filter(page=desk["published"], action="accounts.hand_over").exists()
    event = SecurityEvent.objects.get(kind="hand_over", user=leaver)
    assert "草稿 3 篇，锁定 1 篇，审核中的提交 1 项" in event.detail


def test_the_command_hands_over(desk):
    call_command("hand_over", desk["leaver"].username, "--to", desk["successor"].username)
    assert_moved(desk)


def test_the_admin_hands_over_and_logs_the_administrator(client, superuser, desk):
    verified_login(client, superuser)
    url = f"/admin/security/users/{desk['leaver'].pk}/hand-over/"
    assert "草稿 3 篇" in client.get(url).content.decode()
    response = client.post(url, {"successor": desk["successor"].username})
    assert response.status_code == 302
    assert_moved(desk)
    assert SecurityEvent.objects.get(kind="hand_over").actor == superuser.username
    assert PageLogEntry.objects.filter(action="accounts.hand_over", user=superuser).count() == 4


def unchanged(desk):
    leaver = desk["leaver"]
    leaver.refresh_from_db()
    assert leaver.is_active
    assert fresh(desk["draft"]).owner == leaver
    assert fresh(desk["locked"]).locked_by == leaver
    assert WorkflowState.objects.get(pk=desk["workflow_state"].pk).requested_by == leaver
    assert not PageLogEntry.objects.filter(action="accounts.hand_over").exists()
    assert not SecurityEvent.objects.filter(kind="hand_over").exists()


@pytest.mark.parametrize(
    "target, message",
    [
        ("nobody", "没有用户名为“nobody”的接手人账号。"),
        ("self", "接手人不能是移交人本人。"),
        ("inactive", "的账号已停用，不能接手。"),
        ("other_site", "不在移交人所属的站点或用户组中"),
        ("township", "不在移交人所属的站点或用户组中"),
    ],
)
def test_bad_successors_change_nothing(desk, member, target, message):
    if target == "self":
        name = desk["leaver"].username
    elif target == "inactive":
        name = member("jixian", "editor", is_active=False).username
    elif target == "other_site":
        name = member("youyi", "editor").username
    elif target == "township":
        name = member("fuli", "editor").username
    else:
        name = target
    with pytest.raises(CommandError, match=message):
        call_command("hand_over", desk["leaver"].username, "--to", name)
    unchanged(desk)


def test_an_unknown_leaver_is_refused(db):
    with pytest.raises(CommandError, match="没有用户名为“ghost”的账号。"):
        call_command("hand_over", "ghost", "--to", "nobody")


def test_the_admin_form_shows_the_refusal_and_changes_nothing(client, superuser, desk, member):
    verified_login(client, superuser)
    stranger = member("youyi", "editor")
    response = client.post(f"/admin/security/users/{desk['leaver'].pk}/hand-over/", {"successor": stranger.username})
    assert response.status_code == 400
    assert "不在移交人所属的站点或用户组中" in response.content.decode()
    unchanged(desk)


def test_a_failure_midway_rolls_everything_back(desk, monkeypatch):
    import accounts.handover as handover

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(handover, "record", broken)
    with pytest.raises(RuntimeError):
        handover.hand_over(desk["leaver"], desk["successor"])
    unchanged(desk)


def test_county_staff_cannot_hand_over(client, desk):
    client.force_login(desk["successor"])
    url = f"/admin/security/users/{desk['leaver'].pk}/hand-over/"
    assert refused(client, url)
    client.post(url, {"successor": desk["successor"].username})
    unchanged(desk)


def test_the_user_listing_offers_the_actions_to_administrators(client, superuser, desk):
    verified_login(client, superuser)
    page = client.get("/admin/users/").content.decode()
    assert f"/admin/security/users/{desk['leaver'].pk}/hand-over/" in page
    assert f"/admin/security/users/{desk['leaver'].pk}/reset-two-factor/" in page


def test_an_administrator_cannot_hand_over_their_own_account(client, superuser):
    verified_login(client, superuser)
    assert refused(client, f"/admin/security/users/{superuser.pk}/hand-over/")
    superuser.refresh_from_db()
    assert superuser.is_active


def test_only_a_superuser_acts_on_a_superusers_account(client, superuser, city_editor):
    from django.contrib.auth.models import Permission

    city_editor.user_permissions.add(Permission.objects.get(codename="change_user"))
    verified_login(client, city_editor)
    assert refused(client, f"/admin/security/users/{superuser.pk}/hand-over/")
    assert refused(client, f"/admin/security/users/{superuser.pk}/reset-two-factor/")
    client.post(f"/admin/security/users/{superuser.pk}/hand-over/", {"successor": city_editor.username})
    superuser.refresh_from_db()
    assert superuser.is_active
