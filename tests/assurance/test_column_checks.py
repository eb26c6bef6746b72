"""已核查，内容仍有效: a unit marks its fixed column as still current; the check is shown as a check,
counts as an update of the column and never changes an item's date (seed 003)."""

import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageLogEntry

from assurance.models import ColumnCheck
from sites.models import SiteGroup
from tests.factories import NoticePageFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHECK_DAY = datetime.datetime(2026, 3, 20, 10, 0, tzinfo=SHANGHAI)
PLAN_PUBLISHED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI)
NOTE = "已与县发改局核对，规划仍在实施期内"


@pytest.fixture
def editor(sites):
    group = SiteGroup.objects.get(profile__site=sites["jixian"], role="editor").group
    return UserFactory(username="jixian_li", groups=[group])


@contextmanager
def working_at(client, user, when):
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        yield


@pytest.fixture
def plans(column):
    """集贤县 规划计划: updated yearly, a fixed column, with this year's plan in it."""
    plans = column("jixian", "disclosure/plans")
    NoticePageFactory(parent=plans, title="集贤县2026年政府工作计划", first_published_at=PLAN_PUBLISHED)
    return plans


def check_url(column):
    return f"/admin/assurance/column-checks/{column.pk}/"


def public(client, page):
    response = client.get(page.url, HTTP_HOST="jixian.localhost")
    assert response.status_code == 200
    return response.content.decode()


def test_a_county_editor_checks_a_fixed_column_and_residents_see_the_check(client, editor, plans):
    with working_at(client, editor, CHECK_DAY):
        form = client.get(check_url(plans)).content.decode()
        assert "更新要求" in form and "每年" in form and 'name="note"' in form
        response = client.post(check_url(plans), {"note": NOTE})
        assert response.status_code == 302
        history = client.get(f"/admin/pages/{plans.pk}/history/").content.decode()
        after = client.get(check_url(plans)).content.decode()

    check = ColumnCheck.objects.get(column=plans)
    assert (check.checked_by, check.note, check.checked_at) == (editor, NOTE, CHECK_DAY)
    entry = PageLogEntry.objects.get(page=plans, action="assurance.column_checked")
    assert entry.user == editor and entry.data["note"] == NOTE
    assert f"核查栏目：内容仍有效。核查说明：{NOTE}" in history and "jixian_li" in history
    assert "2026-03-20 10:00" in after and NOTE in after

    html = public(client, plans)
    assert "本栏目内容已于2026年3月20日核查，仍然有效" in html
    [plan] = plans.get_children().specific()
    assert (plan.first_published_at, plan.last_published_at) == (PLAN_PUBLISHED, PLAN_PUBLISHED)
    assert not plan.revisions.exists()
    assert "2026-01-05" in html  # the item keeps its own date in the list


def test_the_check_costs_the_column_page_one_query_and_dynamic_columns_none(client, plans, column):
    ColumnCheck.objects.create(column=plans, checked_at=CHECK_DAY)
    for page, expected in [(plans, 1), (column("jixian", "news/local-news"), 0)]:
        with CaptureQueriesContext(connection) as queries:
            public(client, page)
        assert sum("assurance_columncheck" in q["sql"] for q in queries.captured_queries) == expected


def test_a_column_without_a_check_says_nothing_about_checks(client, plans):
    assert "核查" not in public(client, plans)


def test_the_header_button_is_offered_on_fixed_columns_only(client, editor, plans, column):
    client.force_login(editor)
    assert check_url(plans) in client.get(f"/admin/pages/{plans.pk}/edit/").content.decode()
    local_news = column("jixian", "news/local-news")
    assert check_url(local_news) not in client.get(f"/admin/pages/{local_news.pk}/edit/").content.decode()


def test_another_countys_column_cannot_be_checked(client, editor, column):
    youyi_plans = column("youyi", "disclosure/plans")
    client.force_login(editor)
    response = client.get(check_url(youyi_plans))
    assert response.status_code == 403 and "您没有编辑本栏目的权限" in response.content.decode()
    assert client.post(check_url(youyi_plans), {"note": "越权"}).status_code == 403
    assert not ColumnCheck.objects.filter(column=youyi_plans).exists()
    assert not PageLogEntry.objects.filter(page=youyi_plans, action="assurance.column_checked").exists()


@pytest.mark.parametrize("key", ["news/local-news", "disclosure/statistics"])
def test_a_dynamic_column_is_kept_current_by_new_items_only(client, editor, column, key):
    dynamic = column("jixian", key)
    client.force_login(editor)
    page = client.get(check_url(dynamic)).content.decode()
    assert "动态栏目须发布新信息" in page and 'name="note"' not in page
    response = client.post(check_url(dynamic), {"note": "内容仍有效"})
    assert response.status_code == 403
    assert "动态栏目须发布新信息" in response.content.decode()
    assert not ColumnCheck.objects.filter(column=dynamic).exists()
    assert not PageLogEntry.objects.filter(page=dynamic, action="assurance.column_checked").exists()
