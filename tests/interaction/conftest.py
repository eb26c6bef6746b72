from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from interaction.models import MailboxPage
from sites.routing import own_pages_q
from tests.factories import LetterFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour=10):
    """A moment on a real date, Beijing time."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def mailbox(sites):
    """mailbox(site_key, column_key="interaction/mailbox") -> the site's MailboxPage."""

    def get(site_key, key="interaction/mailbox"):
        return MailboxPage.objects.filter(own_pages_q(sites[site_key])).get(column_key=key)

    return get


@pytest.fixture
def letter(mailbox):
    """letter(site_key="jixian", **fields) -> a letter in that site's 县长信箱."""

    def make(site_key="jixian", **fields):
        return LetterFactory(mailbox=mailbox(site_key), **fields)

    return make
