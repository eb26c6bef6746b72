"""Records of a year on a site, made directly with the dates the figures read."""

import itertools
from datetime import date, datetime, time

from django.utils import timezone

from disclosure.models import Application
from interaction.models import LetterPage

_numbers = itertools.count(1)


def at(day, hour=10):
    """An aware datetime (Beijing time) on a date."""
    if isinstance(day, datetime):
        return timezone.make_aware(day) if timezone.is_naive(day) else day
    return timezone.make_aware(datetime.combine(day, time(hour)))


def add(parent, page, published, live=True):
    """Adds `page` under `parent`, first published at `published` (a date or datetime)."""
    moment = at(published)
    page.live = live
    page.first_published_at = moment
    page.last_published_at = moment
    page.slug = page.slug or f"p{next(_numbers)}"
    parent.add_child(instance=page)
    return page


def letter_page(mailbox, published):
    n = next(_numbers)
    page = LetterPage(
        title=f"答复{n}",
        slug=f"reply-{n}",
        letter_kind="consultation",
        question="问题",
        reply="答复",
        received_on=date(published.year, 1, 2),
        replied_on=published,
        reply_unit="办公室",
    )
    return add(mailbox, page, published)


def application(profile, received_on=None, closed_on=None, state=Application.State.RECEIVED):
    n = next(_numbers)
    return Application.objects.create(
        profile=profile,
        handler=profile,
        number=f"YSQ{n:08d}",
        query_code_hash="0" * 64,
        applicant_kind="person",
        name="李四",
        id_type="id_card",
        id_number="230521199001011234",
        phone="13900000000",
        description="某文件",
        medium="electronic",
        delivery="email",
        state=state,
        submitted_at=at(received_on or date(2025, 1, 1)),
        received_on=received_on,
        closed_on=closed_on,
    )
