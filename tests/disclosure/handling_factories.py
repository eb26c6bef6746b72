"""Applications made directly on real dates, and the staff who handle them (for the handling,
clock, inbox and reminder tests)."""

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from disclosure.models import Application
from sites.models import SiteGroup, SiteProfile
from tests.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def at(day, hour=10):
    """A moment on a real date, Beijing time."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def profile_of(key):
    """ "portal", "jixian", "youyi", "jianshan", "fuli" -> its SiteProfile."""
    if key == "portal":
        return SiteProfile.objects.select_related("root_page").get(site__is_default_site=True)
    return SiteProfile.objects.select_related("root_page").get(site__hostname__startswith=f"{key}.")


def staff(key, role="editor", **fields):
    """A member of that site's group for `role`."""
    group = SiteGroup.objects.get(profile=profile_of(key), role=role).group
    return UserFactory(groups=[group], **fields)


def application(key="jixian", *, submitted=date(2026, 3, 2), received=None, state=None, save=True, **fields):
    """An application to the site's organ; received (a date) makes it RECEIVED unless a state is given."""
    profile = profile_of(key)
    number = f"YS{next(_numbers):08d}"
    if state is None:
        state = Application.State.RECEIVED if received else Application.State.SUBMITTED
    values = {
        "profile": profile,
        "handler": profile,
        "number": number,
        "query_code_hash": "0" * 64,
        "applicant_kind": "person",
        "name": "王小明",
        "id_type": "id_card",
        "id_number": "230521198001011234",
        "phone": "13900000000",
        "email": "wang@example.cn",
        "address": "集贤县福利镇幸福街1号",
        "description": "2025年集贤县农村道路建设项目的资金使用情况",
        "medium": "electronic",
        "delivery": "email",
        "state": state,
        "submitted_at": at(submitted, 9),
        "received_on": received,
        **fields,
    }
    built = Application(**values)
    if save:
        built.save()
    return built
