"""Two city departments with 专属网页 under 公开目录 › 单位分类: 市统计局 keeps four portal columns
(统计公报 among them), 市商务局 three (招商引资 and its sub-column 英文版、俄文版)."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, TaskState

from content.models import ArticlePage
from review.workflows import CITY_GROUP
from sites.models import SiteGroup, SiteProfile
from sites.provisioning import provision_site
from tests.factories import UserFactory
from tests.review.conftest import act, article_form, current_task, refused, state_of  # noqa: F401

BY_ORGANISATION = "homepage/disclosure-catalogue/by-organisation"
STATS_COLUMN = "city-profile/statistical-communiques"  # 统计公报, kept by 市统计局
TRADE_COLUMN = "investment/investment-promotion"  # 招商引资, kept by 市商务局
TRADE_SUBCOLUMN = "investment/investment-promotion/english-russian"
PORTAL_ONLY = "homepage/current-affairs"  # nobody else keeps it


def provision(slug, name):
    return provision_site(parent="localhost", level="department", name=name, path=f"{BY_ORGANISATION}/{slug}").profile


@pytest.fixture
def tongji(db):
    return provision("tongji", "市统计局")


@pytest.fixture
def shangwu(db):
    return provision("shangwu", "市商务局")


@pytest.fixture
def staff():
    """staff(profile, role) -> a new user in that unit's group of that role."""

    def make(profile, role="editor"):
        return UserFactory(groups=[SiteGroup.objects.get(profile=profile, role=role).group])

    return make


@pytest.fixture
def portal(sites):
    return sites["portal"].profile


@pytest.fixture
def city_reviewer():
    return UserFactory(groups=[Group.objects.get(name=CITY_GROUP)])


@pytest.fixture
def add_item(client):
    """add_item(user, column, slug, **form) -> the response of the add form's 提交审核."""

    def go(user, parent, slug, title="保障单位稿件", **extra):
        client.force_login(user)
        return client.post(
            f"/admin/pages/add/content/articlepage/{parent.pk}/",
            article_form(title, slug, **{"action-submit": "1", **extra}),
        )

    return go


def item(parent, slug):
    return ArticlePage.objects.get(path__startswith=parent.path, slug=slug)


def reviewable(user):
    return set(TaskState.objects.reviewable_by(user).values_list("workflow_state__object_id", flat=True))


def page(pk):
    return Page.objects.get(pk=pk).specific


def profile(name):
    return SiteProfile.objects.get(name=name)
