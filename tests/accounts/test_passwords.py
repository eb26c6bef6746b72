from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import PasswordState, SecurityEvent
from tests.admin import XHR
from tests.factories import UserFactory

from .conftest import PASSWORD, logged_in, login

CHANGE = "/admin/security/password/"


def change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


@pytest.mark.parametrize(
    "password",
    ["Sh0rt!a", "abcdefghij", "ABCDEFGH12", "abcdefgh!!", "12345678!@", "Aa1!", "密码密码密码密码"],
)
def test_weak_passwords_are_refused_in_chinese(db, password):
    user = UserFactory()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    messages = caught.value.messages
    assert all(any("\u4e00" <= c <= "\u9fff" for c in message) for message in messages), messages
    if len(password) >= 8:
        assert "大写字母、小写字母、数字、符号中的至少 3 种" in " ".join(messages)


@pytest.mark.parametrize("password", ["Hzq20x7k", "hzq20x7k!", "HZQ20X7K!", "Hzqxwvkt!", "Xy7#Xy7#"])
def test_three_kinds_of_eight_characters_pass(db, password):
    validate_password(password, UserFactory())


def test_the_last_five_passwords_cannot_come_back(client, county_editor):
    client.force_login(county_editor)
    passwords = [PASSWORD] + [f"Zhanqun-{n}a!" for n in range(1, 6)]
    for old, new in zip(passwords, passwords[1:], strict=False):
        response = change(client, old, new)
        assert response.status_code == 302, response.content.decode()
    current = passwords[-1]
    for reused in passwords[-5:]:
        response = change(client, current, reused)
        assert response.status_code == 200
        assert "最近 5 次使用过的密码" in response.content.decode()
    # The sixth newest is allowed again.
    assert change(client, current, passwords[0]).status_code == 302


def test_an_expired_password_leads_to_the_change_form_and_nowhere_else(client, county_editor):
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        login(client, county_editor.username)
        assert logged_in(client)
        response = client.get("/admin/pages/")
        assert response.status_code == 302
        assert response["Location"].startswith(CHANGE)
        assert client.get("/admin/api/main/pages/", **XHR).status_code == 403
        assert client.get("/admin/pages/search/?q=a", **XHR).status_code == 403
        assert client.post("/admin/pages/", {}).status_code == 403
        page = client.get(CHANGE).content.decode()
        assert "90 天未修改" in page
        assert change(client, PASSWORD, "Neues-Passwort-9").status_code == 302
        assert client.get("/admin/").status_code == 200
        assert logged_in(client)


def test_the_password_is_not_expired_on_day_89(client, county_editor):
    with time_machine.travel(timezone.now() + timedelta(days=89)):
        login(client, county_editor.username)
        assert client.get("/admin/").status_code == 200


def test_a_new_account_made_by_an_administrator_changes_its_password_first(client, superuser, sites):
    from sites.models import SiteGroup

    from .conftest import verified_login

    editors = SiteGroup.objects.get(profile__site=sites["jixian"], role="editor").group
    verified_login(client, superuser)
    response = client.post(
        "/admin/users/new/",
        {
            "username": "new_staff",
            "email": "new@example.com",
            "first_name": "新",
            "last_name": "员工",
            "password1": "Initial-Pass1",
            "password2": "Initial-Pass1",
            "is_active": "on",
            "groups": [editors.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PasswordState.objects.get(user__username="new_staff").must_change
    other = client.__class__()
    login(other, "new_staff", "Initial-Pass1")
    assert logged_in(other)
    assert other.get("/admin/")["Location"].startswith(CHANGE)
    response = change(other, "Initial-Pass1", "Own-Secret-22")
    assert response.status_code == 302, response["Location"]
    assert response["Location"] == "/admin/", response["Location"]
    assert not PasswordState.objects.get(user__username="new_staff").must_change
    assert other.get("/admin/").status_code == 200


def test_a_password_an_administrator_sets_must_be_changed(client, superuser, county_editor):
    from .conftest import verified_login

    verified_login(client, superuser)
    response = client.post(
        f"/admin/users/edit/{county_editor.pk}/",
        {
            "username": county_editor.username,
            "email": "editor@example.com",
            "first_name": "县",
            "last_name": "编辑",
            "password1": "Admin-Set-77",
            "password2": "Admin-Set-77",
            "is_active": "on",
            "groups": [g.pk for g in county_editor.groups.all()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PasswordState.objects.get(user=county_editor).must_change
    assert SecurityEvent.objects.filter(kind="password_set", user=county_editor, actor=superuser.username).exists()
    editor = client.__class__()
    login(editor, county_editor.username, "Admin-Set-77")
    assert editor.get("/admin/")["Location"].startswith(CHANGE)


def test_saving_a_user_without_a_new_password_forces_nothing(client, superuser, county_editor):
    from .conftest import verified_login

    verified_login(client, superuser)
    client.post(
        f"/admin/users/edit/{county_editor.pk}/",
        {
            "username": county_editor.username,
            "email": "editor@example.com",
            "first_name": "县",
            "last_name": "编辑",
            "is_active": "on",
            "groups": [g.pk for g in county_editor.groups.all()],
        },
    )
    assert not PasswordState.objects.get(user=county_editor).must_change


def test_the_demo_settings_force_no_change(client, settings, county_editor):
    settings.ACCOUNTS_ENFORCE_PASSWORD_CHANGE = False
    settings.ACCOUNTS_PASSWORD_MAX_AGE_DAYS = None
    PasswordState.objects.filter(user=county_editor).update(must_change=True)
    with time_machine.travel(timezone.now() + timedelta(days=400)):
        login(client, county_editor.username)
        assert client.get("/admin/").status_code == 200
