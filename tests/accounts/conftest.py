"""Staff identity tests run with every rule on, as production has them."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sites.models import SiteGroup
from tests.factories import UserFactory

PASSWORD = "Zhanqun-2026!"
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def strict(settings):
    settings.ACCOUNTS_REQUIRE_2FA = True
    settings.ACCOUNTS_ENFORCE_PASSWORD_CHANGE = True
    settings.ACCOUNTS_PASSWORD_MAX_AGE_DAYS = 90
    settings.ACCOUNTS_IDLE_TIMEOUT = 30 * 60
    return settings


@pytest.fixture
def member(sites):
    """member(site_key, role, **fields) -> a new user in that site's group of that role, PASSWORD."""

    def make(key, role, **fields):
        group = SiteGroup.objects.get(profile__site=sites[key], role=role).group
        return UserFactory(groups=[group], password=PASSWORD, **fields)

    return make


@pytest.fixture
def county_editor(member):
    return member("jixian", "editor")


@pytest.fixture
def city_editor(member):
    return member("portal", "editor")


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True, password=PASSWORD)


def login(client, username, password=PASSWORD, address="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def logged_in(client):
    return "_auth_user_id" in client.session


def enroll(user):
    return TOTPDevice.objects.create(user=user, name="验证器", confirmed=True)


def token(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def verified_login(client, user):
    """force_login, then the session a successful TOTP verification leaves."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or enroll(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
