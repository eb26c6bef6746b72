"""Every update requirement of the 分解表 and every national rule, judged on fixed dates."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from assurance.models import ColumnStatus
from assurance.rules import accepts_checks, judge, national_rule

TODAY = date(2026, 11, 22)


def at(day, hour=10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def verdict(frequency, last, title="专栏", **kwargs):
    kwargs.setdefault("checked", None)
    kwargs.setdefault("edited", None)
    return judge(
        frequency=frequency,
        title=title,
        today=TODAY,
        newest_item=at(last) if last else None,
        has_content=True,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("frequency", "last", "status", "due", "days"),
    [
        ("daily", date(2026, 11, 22), ColumnStatus.OK, date(2026, 11, 23), 0),
        ("daily", date(2026, 11, 21), ColumnStatus.DUE_SOON, date(2026, 11, 22), 0),
        ("daily", date(2026, 11, 19), ColumnStatus.OVERDUE, date(2026, 11, 20), 2),
        ("weekly", date(2026, 11, 18), ColumnStatus.OK, date(2026, 11, 25), 0),
        ("weekly", date(2026, 11, 15), ColumnStatus.DUE_SOON, date(2026, 11, 22), 0),
        ("weekly", date(2026, 11, 1), ColumnStatus.OVERDUE, date(2026, 11, 8), 14),
        ("semimonthly", date(2026, 11, 12), ColumnStatus.OK, date(2026, 11, 27), 0),
        ("semimonthly", date(2026, 11, 5), ColumnStatus.OVERDUE, date(2026, 11, 20), 2),
        ("monthly", date(2026, 11, 1), ColumnStatus.OK, date(2026, 12, 2), 0),
        ("monthly", date(2026, 10, 25), ColumnStatus.DUE_SOON, date(2026, 11, 25), 0),
        ("monthly", date(2026, 10, 1), ColumnStatus.OVERDUE, date(2026, 11, 1), 21),
        ("quarterly", date(2026, 10, 1), ColumnStatus.OK, date(2027, 1, 1), 0),
        ("quarterly", date(2026, 8, 25), ColumnStatus.DUE_SOON, date(2026, 11, 25), 0),
        ("quarterly", date(2026, 8, 1), ColumnStatus.OVERDUE, date(2026, 11, 1), 21),
        ("semiannual", date(2026, 7, 1), ColumnStatus.OK, date(2026, 12, 31), 0),
        ("semiannual", date(2026, 5, 1), ColumnStatus.OVERDUE, date(2026, 10, 31), 22),
        ("yearly", date(2026, 1, 5), ColumnStatus.OK, date(2027, 1, 6), 0),
        ("yearly", date(2025, 11, 30), ColumnStatus.DUE_SOON, date(2026, 12, 1), 0),
        ("yearly", date(2025, 11, 1), ColumnStatus.OVERDUE, date(2026, 11, 2), 20),
        ("five-yearly", date(2022, 1, 1), ColumnStatus.OK, date(2027, 1, 1), 0),
        ("five-yearly", date(2021, 11, 1), ColumnStatus.OVERDUE, date(2026, 11, 1), 21),
        # 每年3月底前: last year's data must be checked by the end of March
        ("yearly-by-march", date(2026, 3, 20), ColumnStatus.OK, date(2027, 3, 31), 0),
        ("yearly-by-march", date(2025, 12, 1), ColumnStatus.OVERDUE, date(2026, 3, 31), 236),
    ],
)
def test_each_update_requirement(frequency, last, status, due, days):
    v = verdict(frequency, last)
    assert (v.status, v.due, v.days_overdue) == (status, due, days)


def test_yearly_by_march_is_due_soon_in_march():
    v = judge(
        frequency="yearly-by-march",
        title="统计公报",
        today=date(2027, 3, 25),
        newest_item=at(date(2026, 3, 10)),
        edited=None,
        checked=None,
        has_content=True,
    )
    assert (v.status, v.due) == (ColumnStatus.DUE_SOON, date(2027, 3, 31))


@pytest.mark.parametrize("frequency", ["anytime", "on-change", "within-15-days", ""])
def test_columns_without_a_period_are_not_applicable(frequency):
    assert verdict(frequency, date(2020, 1, 1)).status == ColumnStatus.NOT_APPLICABLE


def test_link_columns_and_containers_are_not_applicable_even_when_empty():
    for kwargs in ({"is_link": True}, {"is_container": True}):
        v = judge(
            frequency="daily",
            title="x",
            today=TODAY,
            newest_item=None,
            edited=None,
            checked=None,
            has_content=False,
            **kwargs,
        )
        assert v.status == ColumnStatus.NOT_APPLICABLE


def test_a_column_without_content_is_empty_whatever_its_requirement():
    for frequency in ("anytime", "daily", "yearly-by-march"):
        v = judge(
            frequency=frequency,
            title="政策解读",
            today=TODAY,
            newest_item=None,
            edited=None,
            checked=None,
            has_content=False,
        )
        assert v.status == ColumnStatus.EMPTY
        assert v.national == "notices"


@pytest.mark.parametrize(
    ("title", "code", "last", "status", "days"),
    [
        ("工作动态", "news", date(2026, 11, 15), ColumnStatus.OK, 0),
        ("本地要闻", "news", date(2026, 11, 1), ColumnStatus.OVERDUE, 7),
        ("图片新闻", "news", date(2026, 11, 8), ColumnStatus.DUE_SOON, 0),
        ("通知公告", "notices", date(2026, 7, 1), ColumnStatus.OK, 0),
        ("政策文件", "notices", date(2026, 5, 1), ColumnStatus.OVERDUE, 22),
        ("人事信息", "plans", date(2025, 11, 1), ColumnStatus.OVERDUE, 20),
        ("规划计划", "plans", date(2026, 1, 1), ColumnStatus.OK, 0),
    ],
)
def test_national_rules_apply_to_columns_that_may_be_updated_any_time(title, code, last, status, days):
    v = verdict("anytime", last, title=title)
    assert (v.national, v.status, v.days_overdue, v.national_overdue) == (code, status, days, status == "overdue")


def test_the_stricter_of_requirement_and_national_rule_wins():
    v = verdict("quarterly", date(2026, 11, 1), title="部门动态")
    assert v.due == date(2026, 11, 15) and v.status == ColumnStatus.OVERDUE


def test_a_check_keeps_a_fixed_column_current_but_never_a_dynamic_one():
    checked = at(date(2026, 3, 20))
    fixed = verdict("yearly-by-march", date(2025, 3, 1), title="地理地貌", checked=checked)
    assert (fixed.status, fixed.last_update, fixed.last_update_kind) == (ColumnStatus.OK, checked, "check")
    dynamic = verdict("weekly", date(2026, 11, 1), checked=at(TODAY))
    assert dynamic.status == ColumnStatus.OVERDUE and dynamic.last_update_kind == "item"
    news = verdict("yearly", date(2026, 1, 1), title="工作动态", checked=at(TODAY))
    assert news.status == ColumnStatus.OVERDUE


def test_editing_counts_for_fixed_columns_only():
    edited = at(date(2026, 11, 1))
    assert verdict("yearly", date(2025, 1, 1), edited=edited).status == ColumnStatus.OK
    assert verdict("weekly", date(2026, 10, 1), edited=edited).status == ColumnStatus.OVERDUE


def test_national_rule_keywords_and_which_columns_accept_checks():
    assert national_rule("县长信箱") is None
    assert national_rule("公示公告").code == "notices"
    assert accepts_checks("yearly-by-march", "地理地貌")
    assert accepts_checks("anytime", "政府领导")
    assert not accepts_checks("daily", "本地要闻")
    assert not accepts_checks("anytime", "乡镇动态")
