from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from captcha.models import CaptchaStore

from sites.models import SiteGroup, Unit
from solicitation.drafts import publish_draft
from tests.factories import UserFactory

LOCAL = ZoneInfo("Asia/Shanghai")
ARTICLES = [
    ("第一条", "为规范本市住宅小区物业管理活动，维护业主和物业服务企业的合法权益，制定本办法。"),
    ("第二条", "物业服务企业应当在小区显著位置公示收费项目、收费标准和服务内容。"),
    ("第三条", "业主应当按时交纳物业服务费用。"),
]


def at(year, month, day, hour=10, minute=0):
    """A moment in China's local time."""
    return datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def travel(moment):
    return time_machine.travel(moment, tick=False)


def address(page):
    parts = urlsplit(page.full_url)
    return parts.hostname, parts.path


def captcha():
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def comment_data(content="建议明确物业公示的具体位置和期限。", article=None, **extra):
    article = "" if article is None else article.pk
    return {"content": content, "article": article, "name": "", "phone": "", **captcha(), **extra}


def post_comment(client, page, data, remote_addr="203.0.113.7"):
    host, path = address(page)
    return client.post(path, data, HTTP_HOST=host, REMOTE_ADDR=remote_addr)


def site_user(sites, site_key, role="editor", **kwargs):
    group = SiteGroup.objects.get(profile__site=sites[site_key], role=role).group
    return UserFactory(groups=[group], **kwargs)


@pytest.fixture
def portal_draft(column):
    """民意征集平台: 市住建局's draft, open 2025-09-20 to 2025-10-08 (across 国庆)."""
    unit, _ = Unit.objects.get_or_create(name="双鸭山市住房和城乡建设局", defaults={"kind": Unit.Kind.CITY_DEPARTMENT})
    with travel(at(2025, 9, 19)):
        return publish_draft(
            column("portal", "interaction/public-opinion"),
            "关于公开征求《双鸭山市住宅小区物业管理办法（征求意见稿）》意见的公告",
            "为提高物业管理水平，现向社会公开征求意见。",
            unit,
            date(2025, 9, 20),
            date(2025, 10, 8),
            ARTICLES,
            slug="wuye-guanli",
        )


@pytest.fixture
def jixian_draft(column, sites):
    with travel(at(2025, 9, 1)):
        return publish_draft(
            column("jixian", "interaction/opinion-solicitation"),
            "关于征求《集贤县农村人居环境整治实施方案（征求意见稿）》意见的公告",
            "现公开征求意见。",
            sites["jixian"].profile.unit,
            date(2025, 9, 1),
            date(2025, 9, 30),
            [("第一条", "各乡镇负责本辖区农村人居环境整治工作。"), ("第二条", "县财政安排专项资金。")],
            slug="renju-huanjing",
        )


@pytest.fixture
def portal_staff(sites):
    return site_user(sites, "portal", "editor", username="city_liu")


@pytest.fixture
def jixian_staff(sites):
    return site_user(sites, "jixian", "editor", username="jixian_li")
