"""Letters made directly, in any state and on any dates, for the statistics and oversight tests."""

import itertools
from datetime import datetime, time

from django.utils import timezone

from interaction.models import Letter, MailboxPage

_numbers = itertools.count(1)


def moment(value, hour=10):
    """An aware datetime (Beijing time) from a date or a datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time(hour)))


def mailbox_of(profile, kind="mailbox"):
    """The profile's mailbox of that kind; a unit without one (a township) borrows the first there is."""
    own = MailboxPage.objects.filter(path__startswith=profile.root_page.path, mailbox_kind=kind).first()
    return own or MailboxPage.objects.order_by("path").first()


def letter(
    profile,
    *,
    received,
    accepted=None,
    replied=None,
    reply_due=None,
    state=None,
    kind="consultation",
    handler=None,
    reply_unit=None,
    rating="",
    mailbox=None,
    save=True,
    **extra,
):
    """A letter to `profile`'s mailbox; its state follows its dates unless given."""
    if state is None:
        state = Letter.State.ANSWERED if replied else Letter.State.ACCEPTED if accepted else Letter.State.RECEIVED
    number = f"T{next(_numbers):09d}"
    received_at = moment(received)
    built = Letter(
        mailbox=mailbox or mailbox_of(profile),
        profile=profile,
        handler=handler or profile,
        number=number,
        query_code_hash="0" * 64,
        kind=kind,
        title=f"来信{number}",
        content="请问办理流程。",
        name="张三",
        phone="13800000000",
        state=state,
        received_at=received_at,
        accept_due=extra.pop("accept_due", received_at.date()),
        accepted_at=moment(accepted, 11),
        reply_due=reply_due,
        replied_at=moment(replied, 16),
        reply_unit=reply_unit or (handler or profile if replied else None),
        reply="答复如下。" if replied else "",
        rating=rating,
        **extra,
    )
    if save:
        built.save()
    return built
