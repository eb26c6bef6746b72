"""The demo's applications (sites/demo/applications.py) on the base cluster: every state and
every outcome group on the portal, 集贤县 and 友谊县, carried over from 2025 into 2026, built
through the handling steps, added once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from disclosure import clock
from disclosure.models import Application
from disclosure.outcomes import group_of
from sites.demo.applications import DemoApplications
from tests.disclosure.handling_factories import profile_of, staff

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 15, 9, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def built():
    with time_machine.travel(NOW, tick=False):
        created = DemoApplications(NOW).build()
        again = DemoApplications(NOW).build()
    return created, again


def test_every_state_and_outcome_group_on_three_sites(built):
    created, again = built
    assert created == Application.objects.count() > 0 and again == 0
    for key in ("portal", "jixian", "youyi"):
        mine = Application.objects.filter(profile=profile_of(key))
        assert set(mine.values_list("state", flat=True)) == set(Application.State.values), key
        closed = mine.filter(state=Application.State.CLOSED)
        assert {group_of(o) for o in closed.values_list("outcome", flat=True)} == {
            "disclose",
            "partial",
            "withhold",
            "unavailable",
            "not_handled",
            "other",
        }
        assert set(closed.filter(outcome__startswith="other.").values_list("outcome", flat=True)) == {
            "other.not_corrected",
            "other.fee_unpaid",
            "other.other",
        }
        carried = closed.filter(received_on__year=2025, closed_on__year=2026)
        assert carried.count() == 2, key
        assert mine.filter(received_on__year=2025, closed_on__year=2025).exists()
    assert Application.objects.filter(handler=profile_of("fuli"), profile=profile_of("jixian")).exists()


def test_the_demo_applications_hold_together(built):
    for a in Application.objects.exclude(state="submitted"):
        assert a.received_on and a.events.filter(action="received").exists(), a.number
        if a.state == "closed":
            assert a.outcome and a.closed_on >= a.received_on and "行政复议" in a.decision_letter
            assert a.files.filter(kind="letter").exists()
            day = timezone.localdate(a.decided_at)
            assert a.decision_letter.rstrip().endswith(f"{day.year}年{day.month}月{day.day}日"), a.number
        if a.outcome in ("disclose", "partial"):
            assert a.files.filter(kind="released").exists()
    partial = Application.objects.filter(outcome="partial", state="closed").first()
    assert "不予公开的内容，理由和依据如下" in partial.decision_letter
    extended = Application.objects.filter(received_on__year=2025, extension_days=20).first()
    assert clock.answer_due(extended) > clock.answer_due(Application(received_on=extended.received_on))


def test_the_office_inbox_shows_them(built, client):
    office = staff("jixian")
    client.force_login(office)
    with time_machine.travel(NOW, tick=False):
        text = client.get(reverse("disclosure_admin:index")).content.decode()
        assert "逾期" in text and "剩" in text and "计时暂停" in text
        overdue = client.get(reverse("disclosure_admin:index"), {"due": "overdue"}).content.decode()
    assert "申请编号" in overdue and "没有符合条件的申请" not in overdue
