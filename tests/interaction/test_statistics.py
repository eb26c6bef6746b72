"""群众来信统计 on real dates: 国庆 2025 (1–8 October off, Sunday 28 September and Saturday 11
October worked), letters created newest first, in a fixed number of queries."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from interaction.models import Letter
from interaction.statistics import WorkingDayCounter, letter_statistics, month_bounds
from sites.models import SiteProfile
from tests.interaction.factories import letter
from workdays.calendar import working_days_between

QUERIES = 4  # the figures, the answered letters' dates, the calendar's exceptions, the units' names


@pytest.fixture
def profiles(sites):
    return {key: site.profile for key, site in sites.items()}


@pytest.fixture
def autumn(profiles):
    """Letters of September and October 2025, created newest first."""
    jixian, fuli, portal = profiles["jixian"], profiles["fuli"], profiles["portal"]
    made = {}
    made["open"] = letter(
        jixian, received=date(2025, 10, 21), accepted=date(2025, 10, 22), reply_due=date(2025, 10, 29)
    )
    made["refused"] = letter(jixian, received=date(2025, 10, 20), state=Letter.State.REFUSED, kind="suggestion")
    made["october"] = letter(  # 00:30 on 1 October in Beijing is still 30 September in UTC
        jixian, received=timezone.make_aware(datetime(2025, 10, 1, 0, 30)), kind="help"
    )
    made["late"] = letter(
        jixian,
        received=date(2025, 9, 29),
        accepted=date(2025, 9, 30),
        replied=date(2025, 10, 13),
        reply_due=date(2025, 10, 10),
        kind="complaint",
        handler=fuli,
        rating=Letter.Rating.UNSATISFIED,
    )
    made["september"] = letter(  # 23:30 on 30 September in Beijing
        jixian, received=timezone.make_aware(datetime(2025, 9, 30, 23, 30)), kind="help"
    )
    made["in_time"] = letter(
        jixian,
        received=date(2025, 9, 25),
        accepted=date(2025, 9, 26),
        replied=date(2025, 10, 10),
        reply_due=date(2025, 10, 10),
        rating=Letter.Rating.SATISFIED,
    )
    made["portal"] = letter(
        portal,
        received=date(2025, 9, 1),
        accepted=date(2025, 9, 1),
        replied=date(2025, 9, 3),
        reply_due=date(2025, 9, 8),
        rating=Letter.Rating.BASICALLY,
    )
    return made


def test_working_days_across_national_day(db):
    counter = WorkingDayCounter(date(2025, 9, 20), date(2025, 10, 31))
    assert counter.between(date(2025, 9, 26), date(2025, 10, 10)) == 5  # 28, 29, 30 Sep; 9, 10 Oct
    assert counter.between(date(2025, 9, 30), date(2025, 10, 13)) == 4  # 9, 10, 11 (Sat), 13 Oct
    for start, end in [(date(2025, 9, 20), date(2025, 10, 31)), (date(2025, 10, 1), date(2025, 10, 8))]:
        assert counter.between(start, end) == working_days_between(start, end)
    assert counter.between(date(2025, 10, 13), date(2025, 10, 13)) == 0


def test_the_figures_of_a_site(profiles, autumn):
    stats = letter_statistics([profiles["jixian"]])
    total = stats.total
    assert (total.received, total.accepted, total.answered, total.in_time) == (6, 3, 2, 1)
    assert total.average_days == 4.5  # (5 + 4) / 2 working days, 国庆 not counted
    assert total.in_time_rate == 50.0
    assert (total.satisfied, total.basically, total.unsatisfied, total.satisfaction_rate) == (1, 0, 1, 50.0)

    assert [(r.label, r.received) for r in stats.by_site] == [("集贤县人民政府", 6)]
    months = {r.label: r for r in stats.by_month}
    assert list(months) == ["2025年9月", "2025年10月"]  # in order, though created newest first
    assert (months["2025年9月"].received, months["2025年10月"].received) == (3, 3)  # Beijing time decides
    assert months["2025年9月"].average_days == 4.5 and months["2025年10月"].average_days is None
    units = {r.label: r for r in stats.by_unit}
    assert units["集贤县福利镇人民政府"].answered == 1 and units["集贤县福利镇人民政府"].in_time == 0
    assert units["集贤县人民政府"].received == 5
    kinds = {r.label: r.received for r in stats.by_kind}
    assert kinds == {"咨询": 2, "投诉": 1, "建议": 1, "求助": 2}


def test_filters_narrow_the_letters(profiles, autumn):
    jixian, fuli = profiles["jixian"], profiles["fuli"]
    october = letter_statistics([jixian], *month_bounds((2025, 10), (2025, 10)))
    assert october.total.received == 3 and october.total.answered == 0
    assert letter_statistics([jixian], units=[fuli.pk]).total.received == 1
    assert letter_statistics([jixian], kind="help").total.received == 2
    # a site's statistics never count another site's letters, not even the township's own mailbox
    assert letter_statistics([fuli]).total.received == 0


def test_several_sites_each_with_their_row(profiles, autumn):
    stats = letter_statistics(SiteProfile.objects.order_by("root_page__path"))
    assert [(r.label, r.received) for r in stats.by_site] == [("双鸭山市人民政府", 1), ("集贤县人民政府", 6)]
    assert stats.total.received == 7 and stats.total.satisfaction_rate == pytest.approx(66.7)


def test_a_fixed_number_of_queries_for_one_site_and_for_many(profiles, autumn, django_assert_num_queries):
    one = [profiles["jixian"]]
    with django_assert_num_queries(QUERIES):
        letter_statistics(one)
    for profile in profiles.values():
        for n in range(3):
            letter(
                profile,
                received=date(2025, 3 + n, 2),
                accepted=date(2025, 3 + n, 3),
                replied=date(2025, 3 + n, 10),
                reply_due=date(2025, 3 + n, 10),
                kind=["consultation", "complaint", "help"][n],
            )
    everyone = list(SiteProfile.objects.all())
    with django_assert_num_queries(QUERIES):
        stats = letter_statistics(everyone)
    assert len(stats.by_site) == len(everyone) and len(stats.by_month) == 5


def test_no_letters_no_rows(profiles):
    stats = letter_statistics([profiles["youyi"]])
    assert stats.total.received == 0 and stats.by_month == [] and stats.total.average_days is None
