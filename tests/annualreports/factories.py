"""Applications made directly in the table, on any dates and with any outcome, for the report's
tests; documents of a unit's 规范性文件 or 政府文件 column."""

from django.utils import timezone

from columns.models import ColumnPage
from sites.units import unit_pages_q
from tests.disclosure import factories
from tests.disclosure.factories import moment
from tests.factories import GovDocumentPageFactory


def application(profile, *, received, closed=None, outcome="", kind="person", handler=None, save=True, **extra):
    """An application to `profile`, handled by `handler` (default the profile): received on
    `received` (a date, or None: not yet received), closed on `closed` with `outcome`."""
    return factories.application(
        profile,
        received=received,
        submitted=moment(received or timezone.localdate(), hour=9),
        handler=handler,
        applicant_kind=kind,
        closed_on=closed,
        outcome=outcome,
        delivery="email",
        save=save,
        **extra,
    )


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
