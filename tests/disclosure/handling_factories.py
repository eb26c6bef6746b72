"""Applications made directly on real dates, and the staff who handle them (for the handling,
clock, inbox and reminder tests)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sites.models import SiteGroup, SiteProfile
from tests.factories import UserFactory

from . import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


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
    """An application to the site's organ, with an e-mail and a postal address; received (a date)
    makes it RECEIVED unless a state is given."""
    values = {
        "name": "王小明",
        "id_number": "230521198001011234",
        "phone": "13900000000",
        "email": "wang@example.cn",
        "address": "集贤县福利镇幸福街1号",
        "description": "2025年集贤县农村道路建设项目的资金使用情况",
        "delivery": "email",
        **fields,
    }
    return factories.application(
        profile_of(key), submitted=at(submitted, 9), received=received, state=state, save=save, **values
    )
