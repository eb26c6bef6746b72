"""The residents' 来信统计 page at /letters/statistics/ on each hostname: the site's own letters
month by month."""

from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from interaction.models import Letter
from tests.interaction.factories import letter

URL = "/letters/statistics/"


@pytest.fixture
def frozen():
    with time_machine.travel(timezone.make_aware(datetime(2025, 11, 20, 10)), tick=False):
        yield


@pytest.fixture
def letters(sites, frozen):
    portal, jixian = sites["portal"].profile, sites["jixian"].profile
    letter(jixian, received=date(2025, 10, 20), accepted=date(2025, 10, 21))
    letter(
        jixian,
        received=date(2025, 9, 29),
        accepted=date(2025, 9, 30),
        replied=date(2025, 10, 13),
        reply_due=date(2025, 10, 10),
        rating=Letter.Rating.SATISFIED,
    )
    letter(
        jixian,
        received=date(2025, 9, 25),
        accepted=date(2025, 9, 26),
        replied=date(2025, 10, 10),
        reply_due=date(2025, 10, 10),
    )
    letter(
        portal,
        received=date(2025, 9, 1),
        accepted=date(2025, 9, 1),
        replied=date(2025, 9, 3),
        reply_due=date(2025, 9, 8),
    )
    letter(jixian, received=date(2024, 5, 6), state=Letter.State.REFUSED)


def months(response):
    return {label: row for label, row in response.context["months"]}


def test_a_county_publishes_its_own_months(client, letters):
    response = client.get(URL, HTTP_HOST="jixian.localhost")
    assert response.status_code == 200
    assert "集贤县人民政府2025年群众来信统计" in response.text
    table = months(response)
    assert list(table) == [f"{m}月" for m in range(1, 12)]  # up to this month
    assert (table["9月"].received, table["9月"].answered, table["9月"].in_time) == (2, 2, 1)
    assert table["9月"].average_days == 4.5 and table["10月"].received == 1 and table["1月"].received == 0
    assert response.context["total"].satisfaction_rate == 100.0
    assert '<th scope="col">平均办理工作日</th>' in response.text and "50.0%" in response.text


def test_the_portal_counts_its_own_mailboxes_only(client, letters):
    response = client.get(URL)
    assert response.context["total"].received == 1 and months(response)["9月"].received == 1


def test_an_earlier_year_and_a_year_without_letters(client, letters):
    earlier = client.get(URL, {"year": "2024"}, HTTP_HOST="jixian.localhost")
    assert earlier.context["year"] == 2024 and len(earlier.context["months"]) == 12
    assert earlier.context["total"].received == 1 and earlier.context["total"].accepted == 0
    for bad in ("1999", "二〇二五", "2025' OR 1=1", "9" * 400):
        response = client.get(URL, {"year": bad}, HTTP_HOST="jixian.localhost")
        assert response.status_code == 200 and response.context["year"] == 2025
        assert 'role="alert"' in response.text and response.context["error"]


def test_a_site_without_letters_shows_dashes_not_errors(client, letters):
    response = client.get(URL, HTTP_HOST="youyi.localhost")
    assert response.status_code == 200 and response.context["total"].received == 0
    assert "—" in response.text
