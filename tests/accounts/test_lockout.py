from datetime import timedelta

import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from accounts.models import SecurityEvent
from tests.admin import refused

from .conftest import logged_in, login, verified_login


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, county_editor):
    for _ in range(30):
        login(client, county_editor.username, "wrong-password")
    response = login(client, county_editor.username)
    assert not logged_in(client)
    assert response.status_code == 429
    assert "已锁定" in response.content.decode()


def test_five_failures_lock_the_account_from_any_address(client, county_editor):
    for n in range(5):
        login(client, county_editor.username, "wrong", address=f"10.0.1.{n}")
    login(client, county_editor.username, address="10.9.9.9")
    assert not logged_in(client)


def test_four_failures_do_not_lock(client, county_editor):
    for _ in range(4):
        login(client, county_editor.username, "wrong")
    login(client, county_editor.username)
    assert logged_in(client)


def test_an_address_is_locked_whatever_username_it_tries(client, county_editor, member):
    for n in range(5):
        login(client, f"guess{n}", "wrong", address="10.0.2.2")
    other = member("youyi", "editor")
    login(client, other.username, address="10.0.2.2")
    assert not logged_in(client)
    # The same account from another address is not locked by that address.
    login(client, other.username, address="10.0.2.3")
    assert logged_in(client)


def test_the_login_page_says_the_account_is_locked_and_until_when(client, county_editor):
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        for _ in range(5):
            response = login(client, county_editor.username, "wrong")
    page = response.content.decode()
    until = timezone.localtime(moment + timedelta(minutes=30))
    assert response.status_code == 429
    assert "登录失败次数过多，账号已锁定至" in page
    assert f"{until:%Y-%m-%d %H:%M}" in page
    assert 'name="username"' in page  # still the login form


def test_the_lock_ends_after_thirty_minutes(client, county_editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            login(client, county_editor.username, "wrong")
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        login(client, county_editor.username)
        assert not logged_in(client)
    # The refused attempt above counts as a failure and restarts the 30 minutes.
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        login(client, county_editor.username)
        assert logged_in(client)


def test_lockout_is_logged(client, county_editor):
    for _ in range(5):
        login(client, county_editor.username, "wrong", address="10.0.3.3")
    failed = SecurityEvent.objects.filter(kind="login_failed", account=county_editor.username)
    assert failed.count() == 5
    assert set(failed.values_list("ip_address", flat=True)) == {"10.0.3.3"}
    assert SecurityEvent.objects.filter(kind="lockout", user=county_editor, ip_address="10.0.3.3").exists()
    for _ in range(3):
        login(client, county_editor.username, "wrong", address="10.0.3.3")
    assert SecurityEvent.objects.filter(kind="lockout").count() == 1
    assert failed.count() == 8


def test_an_administrator_unlocks_in_the_admin(client, county_editor, superuser):
    for _ in range(5):
        login(client, county_editor.username, "wrong", address="10.0.4.4")
    admin = client.__class__()
    verified_login(admin, superuser)
    listing = admin.get("/admin/security/locks/")
    assert county_editor.username in listing.content.decode()
    response = admin.post("/admin/security/locks/", {"kind": "username", "value": county_editor.username})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=county_editor.username).exists()
    login(client, county_editor.username, address="10.0.4.4")
    assert logged_in(client)
    unlock = SecurityEvent.objects.filter(kind="unlock").first()
    assert unlock.actor == superuser.username


def test_an_administrator_unlocks_an_address(client, county_editor, superuser):
    for n in range(5):
        login(client, f"guess{n}", "wrong", address="10.0.7.7")
    admin = client.__class__()
    verified_login(admin, superuser)
    assert "10.0.7.7" in admin.get("/admin/security/locks/").content.decode()
    login(client, county_editor.username, address="10.0.7.7")
    assert not logged_in(client)
    admin.post("/admin/security/locks/", {"kind": "ip_address", "value": "10.0.7.7"})
    login(client, county_editor.username, address="10.0.7.7")
    assert logged_in(client)


def test_county_staff_cannot_unlock(client, county_editor, member):
    for _ in range(5):
        login(client, county_editor.username, "wrong")
    colleague = member("jixian", "final_review")
    client.force_login(colleague)
    assert refused(client, "/admin/security/locks/")
    client.post("/admin/security/locks/", {"kind": "username", "value": county_editor.username})
    assert AccessAttempt.objects.filter(username=county_editor.username).exists()


def test_axes_reset_username_still_unlocks(client, county_editor):
    for _ in range(5):
        login(client, county_editor.username, "wrong", address="10.0.5.5")
    call_command("axes_reset_username", county_editor.username)
    login(client, county_editor.username, address="10.0.6.6")
    assert logged_in(client)


def test_an_ajax_login_attempt_gets_the_lock_as_json(client, county_editor):
    for _ in range(5):
        login(client, county_editor.username, "wrong")
    response = login(client, county_editor.username, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 429
    assert "已锁定" in response.json()["error"]
