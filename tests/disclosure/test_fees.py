"""信息处理费 (国办函〔2020〕109号) at the edges of its bands, and the fee notice that stops the clock."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from disclosure import clock, fees, handling
from disclosure.models import Application

from .handling_factories import application, at, staff


@pytest.mark.parametrize(
    ("nth", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400), (100, 800)],
)
def test_by_the_piece(nth, fee):
    assert fees.per_piece(nth) == Decimal(fee)


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 700 + 2000),
        (201, 2700 + 40),
        (250, 2700 + 50 * 40),
    ],
)
def test_by_volume_each_band_charges_its_own_pages(pages, fee):
    assert fees.per_volume(pages) == Decimal(fee)


def test_nonsense_counts_are_refused():
    with pytest.raises(ValueError):
        fees.per_piece(0)
    with pytest.raises(ValueError):
        fees.per_volume(-1)


@pytest.mark.django_db
def test_a_unit_charges_only_when_configured():
    jixian = application().handler
    assert not fees.charges(jixian)
    with override_settings(DISCLOSURE_FEES_CHARGED={"jixian.localhost": True}):
        assert fees.charges(jixian)
        assert not fees.charges(application("youyi").handler)


@pytest.mark.django_db
def test_the_month_counts_the_applicants_applications_to_the_organ():
    """The 11th application of a natural month is the first charged; another month, another
    applicant or another organ starts again."""
    for day in range(1, 11):
        application(received=date(2026, 3, day + 1 if day < 6 else day + 3))
    eleventh = application(received=date(2026, 3, 20))
    assert fees.month_position(eleventh) == 11
    assert fees.assess(eleventh, fees.PIECE)[0] == Decimal(100)
    assert fees.month_position(application(received=date(2026, 4, 1))) == 1
    assert fees.month_position(application(received=date(2026, 3, 20), id_number="230521199001010000")) == 1
    assert fees.month_position(application("youyi", received=date(2026, 3, 20))) == 1


@pytest.mark.django_db
@override_settings(DISCLOSURE_FEES_CHARGED={"jixian.localhost": True})
def test_fee_notice_pauses_the_clock_until_paid():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    with time_machine.travel(at(date(2026, 3, 4)), tick=False):
        with pytest.raises(handling.HandlingError, match="不收费"):
            handling.fee_notice(applied, office, {"method": fees.VOLUME, "pages": 30})
        with pytest.raises(handling.HandlingError, match="页数"):
            handling.fee_notice(applied, office, {"method": fees.VOLUME})
        with pytest.raises(handling.HandlingError, match="计费方式"):
            handling.fee_notice(applied, office, {"method": "both"})
        assert not applied.events.exists() and Application.objects.get(pk=applied.pk).fee_amount is None
        handling.fee_notice(applied, office, {"method": fees.VOLUME, "pages": 101})
    assert applied.state == Application.State.FEE_PENDING and applied.fee_amount == Decimal(720)
    assert applied.fee_due == clock.fee_due(date(2026, 3, 4)) == date(2026, 4, 1)
    assert "720" in mail.outbox[0].body and mail.outbox[0].to == ["wang@example.cn"]
    with time_machine.travel(at(date(2026, 3, 11)), tick=False):
        handling.fee_paid(applied, office)
    assert applied.state == Application.State.RECEIVED and applied.paused_days == 5
    assert clock.answer_due(applied) == date(2026, 4, 7)  # 3月30日 + 5 working days, 清明 4月6日 off


@pytest.mark.django_db
def test_a_unit_that_does_not_charge_sends_no_notice():
    applied = application(received=date(2026, 3, 2))
    with pytest.raises(handling.HandlingError, match="不收取信息处理费"):
        handling.fee_notice(applied, staff("jixian"), {"method": fees.VOLUME, "pages": 500})
