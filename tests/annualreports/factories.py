"""Applications made directly in the table, on any dates and with any outcome, for the report's
tests; documents of a unit's 规范性文件 or 政府文件 column."""

import itertools
from datetime import datetime, time

from django.utils import timezone

from columns.models import ColumnPage
from disclosure.models import Application
from sites.units import unit_pages_q
from tests.factories import GovDocumentPageFactory

_numbers = itertools.count(1)


def application(profile, *, received, closed=None, outcome="", kind="person", handler=None, save=True, **extra):
    """An application to `profile`, handled by `handler` (default the profile): received on
    `received` (a date, or None: not yet received), closed on `closed` with `outcome`."""
    number = f"Y{next(_numbers):09d}"
    submitted = received or timezone.localdate()
    built = Application(
        profile=profile,
        handler=handler or profile,
        number=number,
        query_code_hash="0" * 64,
        applicant_kind=kind,
        name="申请人",
        id_type="id_card" if kind == "person" else "credit_code",
        id_number="230503199001010011",
        phone="13900000000",
        description="请公开2025年城区供热价格核定文件。",
        medium="electronic",
        delivery="email",
        state=(
            Application.State.CLOSED
            if closed
            else Application.State.RECEIVED
            if received
            else Application.State.SUBMITTED
        ),
        submitted_at=timezone.make_aware(datetime.combine(submitted, time(9))),
        received_on=received,
        outcome=outcome,
        closed_on=closed,
        **extra,
    )
    if save:
        built.save()
    return built


def column_of(profile, key):
    return ColumnPage.objects.filter(unit_pages_q(profile)).filter(column_key__endswith=key).order_by("path").first()


def document(column, *, published, kind="normative", validity="valid", changed=None, **extra):
    return GovDocumentPageFactory(
        parent=column,
        written_date=published,
        publish_date=published,
        document_kind=kind,
        validity=validity,
        validity_changed_on=changed,
        **extra,
    )
