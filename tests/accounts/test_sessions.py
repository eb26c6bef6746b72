from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import SecurityEvent

from .conftest import PASSWORD, logged_in, login


def test_an_idle_session_ends_after_thirty_minutes(client, county_editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, county_editor.username)
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get("/admin/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert not logged_in(client)
    assert SecurityEvent.objects.filter(kind="session_timeout", user=county_editor).exists()


def test_a_session_idle_for_hours_is_gone(client, county_editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, county_editor.username)
    with time_machine.travel(start + timedelta(hours=5), tick=False):
        assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_an_open_edit_page_pinging_is_not_activity(client, county_editor, sites):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, county_editor.username)
        client.get("/admin/")
    home = sites["jixian"].root_page
    for minute in range(5, 35, 5):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            client.post(f"/admin/editing-sessions/ping/wagtailcore/page/{home.pk}/0/")
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_changing_the_password_ends_the_other_sessions(client, county_editor):
    other = Client()
    login(other, county_editor.username, address="10.1.1.1")
    login(client, county_editor.username, address="10.1.1.2")
    assert other.get("/admin/").status_code == 200
    response = client.post(
        "/admin/security/password/",
        {"old_password": PASSWORD, "new_password1": "Fresh-Secret-31", "new_password2": "Fresh-Secret-31"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200  # this session goes on
    assert other.get("/admin/").status_code == 302  # the other one is over
    assert not logged_in(other)


def test_an_administrator_setting_a_password_ends_the_accounts_sessions(client, county_editor):
    login(client, county_editor.username)
    county_editor.set_password("Admin-Given-41")
    county_editor.save()
    assert client.get("/admin/").status_code == 302


def test_logging_in_again_on_a_stale_session_starts_afresh(client, county_editor):
    """A login is activity: the same browser signing in after a long pause is not thrown out by the
    pause before it."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login(client, county_editor.username)
        client.get("/admin/")
    with time_machine.travel(start + timedelta(minutes=45), tick=False):
        client.force_login(county_editor)
        assert client.get("/admin/").status_code == 200
        assert logged_in(client)
