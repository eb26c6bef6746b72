import csv
import io
from datetime import timedelta

import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from accounts.addresses import client_ip
from accounts.models import SecurityEvent
from tests.admin import refused
from tests.factories import UserFactory
from translations.groups import ensure_translator_groups

from .conftest import PASSWORD, login, verified_login


def kinds(user):
    return list(SecurityEvent.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def test_login_logout_and_failure_are_logged_with_address(client, county_editor):
    login(client, county_editor.username, "wrong", address="10.2.0.1")
    login(client, county_editor.username, address="10.2.0.2")
    client.post("/admin/logout/", REMOTE_ADDR="10.2.0.3")
    events = SecurityEvent.objects.filter(user=county_editor).order_by("pk")
    rows = [(e.kind, e.ip_address, e.account) for e in events if e.kind != "account_created"]
    account = county_editor.username
    assert rows[-3:] == [
        ("login_failed", "10.2.0.1", account),
        ("login", "10.2.0.2", account),
        ("logout", "10.2.0.3", account),
    ]


def test_a_failure_for_an_unknown_account_is_logged(client, db):
    login(client, "no-such-user", "x", address="10.2.0.9")
    event = SecurityEvent.objects.get(kind="login_failed", account="no-such-user")
    assert event.user is None and event.ip_address == "10.2.0.9"


def test_password_changes_are_logged(client, county_editor):
    client.force_login(county_editor)
    client.post(
        "/admin/security/password/",
        {"old_password": PASSWORD, "new_password1": "Changed-Pass-51", "new_password2": "Changed-Pass-51"},
    )
    event = SecurityEvent.objects.filter(kind="password_changed", user=county_editor).first()
    assert event.actor == county_editor.username


def test_group_membership_changes_are_logged_both_ways(county_editor, sites):
    reviewers = Group.objects.get(site_role__profile__site=sites["jixian"], site_role__role="first_review")
    county_editor.groups.add(reviewers)
    reviewers.user_set.remove(county_editor)
    county_editor.groups.clear()
    details = list(
        SecurityEvent.objects.filter(user=county_editor, kind="group_membership")
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details[-3:] == [
        f"加入用户组：{reviewers.name}",
        f"移出用户组：{reviewers.name}",
        f"清空用户组：{Group.objects.get(site_role__profile__site=sites['jixian'], site_role__role='editor').name}",
    ]


def test_permission_and_flag_changes_are_logged(county_editor, sites):
    permission = Permission.objects.get(codename="change_user")
    county_editor.user_permissions.add(permission)
    county_editor.is_superuser = True
    county_editor.save()
    group = Group.objects.create(name="临时组")
    group.permissions.add(permission)
    GroupPagePermission.objects.create(group=group, page=sites["jixian"].root_page, permission_type="change")
    collection_permission = GroupCollectionPermission.objects.create(
        group=group,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_image"),
    )
    collection_permission.delete()
    user_events = SecurityEvent.objects.filter(user=county_editor)
    assert user_events.filter(kind="permissions", detail="加入权限：auth.change_user").exists()
    assert user_events.filter(kind="account_flags", detail="超级管理员：否 → 是").exists()
    group_events = list(
        SecurityEvent.objects.filter(account="用户组 临时组").order_by("pk").values_list("detail", flat=True)
    )
    assert group_events[0] == "加入权限：auth.change_user"
    assert group_events[1].startswith("授予页面“")
    assert group_events[2].startswith("授予集合“")
    assert group_events[3].startswith("撤销集合“") and group_events[3].endswith("wagtailimages.add_image")


def test_changes_made_in_the_admin_name_the_administrator(client, superuser, county_editor):
    verified_login(client, superuser)
    response = client.post(
        f"/admin/users/edit/{county_editor.pk}/",
        {
            "username": county_editor.username,
            "email": "e@example.com",
            "first_name": "县",
            "last_name": "编辑",
            "groups": [],
        },
    )
    assert response.status_code == 302
    membership = SecurityEvent.objects.filter(user=county_editor, kind="group_membership").first()
    assert membership.actor == superuser.username
    flags = SecurityEvent.objects.filter(user=county_editor, kind="account_flags").first()
    assert flags.detail == "启用：是 → 否"


def test_forwarded_addresses_count_only_from_a_trusted_proxy(settings):
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_ip(spoofed) == "203.0.113.5"
    settings.ACCOUNTS_TRUSTED_PROXIES = ["172.16.0.0/12"]
    proxied = factory.get("/", REMOTE_ADDR="172.18.0.4", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")
    assert client_ip(proxied) == "198.51.100.7"  # the hop nginx saw; the left one the client wrote
    assert client_ip(factory.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="10.9.9.9")) == "203.0.113.5"
    garbage = factory.get("/", REMOTE_ADDR="172.18.0.4", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(garbage) == "172.18.0.4"


def test_lockout_counts_the_forwarded_client_behind_the_proxy(client, settings, county_editor):
    settings.ACCOUNTS_TRUSTED_PROXIES = ["172.16.0.0/12"]
    for n in range(5):
        login(client, f"guess{n}", "wrong", address="172.18.0.4", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # Another client behind the same proxy is not locked by that one's failures.
    login(client, county_editor.username, address="172.18.0.4", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert "_auth_user_id" in client.session
    assert SecurityEvent.objects.filter(kind="login", ip_address="198.51.100.8").exists()


def test_purge_keeps_six_months(settings, county_editor):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=200)):
        old = SecurityEvent.objects.create(kind="login", account="old")
    with time_machine.travel(now - timedelta(days=182)):
        kept = SecurityEvent.objects.create(kind="login", account="kept")
    settings.ACCOUNTS_LOG_RETENTION_DAYS = 30  # never fewer than six months
    call_command("purge_security_log")
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=kept.pk).exists()
    settings.ACCOUNTS_LOG_RETENTION_DAYS = 365
    with time_machine.travel(now - timedelta(days=300)):
        older = SecurityEvent.objects.create(kind="login", account="older")
    call_command("purge_security_log")
    assert SecurityEvent.objects.filter(pk=older.pk).exists()


def test_the_purge_is_scheduled_daily(db):
    schedule = Schedule.objects.get(func="accounts.jobs.purge_security_log")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1


def test_city_staff_list_and_export_the_log(client, city_editor, county_editor):
    login(client, county_editor.username, "wrong", address="10.3.0.1")
    verified_login(client, city_editor)
    page = client.get("/admin/security/log/?kind=login_failed").content.decode()
    assert county_editor.username in page and "登录失败" in page
    response = client.get("/admin/security/log/?export=csv&kind=login_failed")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["时间", "事件", "账号", "操作人", "地址", "详情"]
    assert [county_editor.username, "10.3.0.1"] == [rows[1][2], rows[1][4]]
    assert rows[1][1] == "登录失败"
    xlsx = client.get("/admin/security/log/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_county_staff_and_translators_are_refused(client, county_editor, sites):
    client.force_login(county_editor)
    assert refused(client, "/admin/security/log/")
    assert refused(client, "/admin/security/log/?export=csv")
    assert "安全审计" not in client.get("/admin/").content.decode()
    ensure_translator_groups()
    translator = UserFactory(groups=[Group.objects.get(name="英文翻译")])
    client.force_login(translator)
    assert refused(client, "/admin/security/log/")
