import re
from base64 import b32decode
from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from tests.admin import XHR

from .conftest import enroll, logged_in, login, token, verified_login

VERIFY = "/admin/security/verify/"
SETUP = "/admin/security/two-factor/"


def test_a_superuser_cannot_reach_the_admin_without_a_second_factor(client, superuser):
    login(client, superuser.username)
    assert logged_in(client)
    for url in ["/admin/", "/admin/pages/", "/admin/users/", "/admin/security/log/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)
    assert client.get("/admin/api/main/pages/", **XHR).status_code == 403


def test_city_staff_must_enrol(client, city_editor):
    login(client, city_editor.username)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_county_editor_is_not_asked(client, county_editor):
    login(client, county_editor.username)
    assert client.get("/admin/").status_code == 200


def test_enrolment_with_the_shown_key_and_a_real_token(client, city_editor):
    login(client, city_editor.username)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page
    key = re.search(r'id="manual-key">([A-Z2-7]+)<', page).group(1)
    code = f"{totp(b32decode(key)):06d}"
    wrong = client.post(SETUP, {"token": f"{(int(code) + 1) % 1000000:06d}"})
    assert wrong.status_code == 200
    assert "不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.get(user=city_editor).confirmed
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        code = f"{totp(b32decode(key)):06d}"
        response = client.post(SETUP, {"token": code, "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert TOTPDevice.objects.get(user=city_editor).confirmed
    assert client.get("/admin/").status_code == 200
    assert SecurityEvent.objects.filter(kind="two_factor_enrolled", user=city_editor).exists()


def test_verification_after_the_password(client, superuser):
    device = enroll(superuser)
    login(client, superuser.username)
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    # An enrolled account cannot enrol a second device to get around its first one.
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"token": "12345x"})
    assert response.status_code == 200
    assert "6 位数字" in response.content.decode()
    wrong = f"{(int(token(device)) + 1) % 1000000:06d}"
    assert "不正确" in client.post(VERIFY, {"token": wrong}).content.decode()
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        assert client.post(VERIFY, {"token": token(device)})["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
    kinds = list(SecurityEvent.objects.filter(user=superuser).values_list("kind", flat=True))
    assert "two_factor" in kinds and "two_factor_failed" in kinds


def test_an_optional_enrolment_is_then_required(client, county_editor):
    enroll(county_editor)
    login(client, county_editor.username)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_the_setting_turns_the_requirement_off(client, settings, superuser):
    settings.ACCOUNTS_REQUIRE_2FA = False
    login(client, superuser.username)
    assert client.get("/admin/").status_code == 200


def test_the_account_page_offers_enrolment(client, county_editor):
    client.force_login(county_editor)
    assert SETUP in client.get("/admin/account/").content.decode()


def test_an_administrator_resets_two_factors_in_the_admin(client, superuser, city_editor):
    enroll(city_editor)
    verified_login(client, superuser)
    assert "重置两步验证" in client.get(f"/admin/security/users/{city_editor.pk}/reset-two-factor/").content.decode()
    response = client.post(f"/admin/security/users/{city_editor.pk}/reset-two-factor/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=city_editor).exists()
    event = SecurityEvent.objects.get(kind="two_factor_reset", user=city_editor)
    assert event.actor == superuser.username


def test_county_staff_cannot_reset_two_factors(client, county_editor, city_editor):
    from tests.admin import refused

    enroll(city_editor)
    client.force_login(county_editor)
    assert refused(client, f"/admin/security/users/{city_editor.pk}/reset-two-factor/")
    client.post(f"/admin/security/users/{city_editor.pk}/reset-two-factor/")
    assert TOTPDevice.objects.filter(user=city_editor).exists()


def test_reset_two_factor_command(city_editor):
    enroll(city_editor)
    call_command("reset_two_factor", city_editor.username)
    assert not TOTPDevice.objects.filter(user=city_editor).exists()


def test_reset_two_factor_command_refuses_an_unknown_user(db):
    import pytest
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="没有用户名为“nobody”的账号"):
        call_command("reset_two_factor", "nobody")
