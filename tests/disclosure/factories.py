"""Applications made directly, in any state and on any dates, for the handling, clock, report and
lookup tests. `application(profile, …)` saves one; give `code` to open it in the lookup."""

import itertools
from datetime import datetime, time

from django.core.files.base import ContentFile
from django.utils import timezone

from disclosure.models import Application, ApplicationFile
from interaction.receipts import code_hash

_numbers = itertools.count(1)


def moment(value, hour=10):
    """An aware datetime (Beijing time) from a date or a datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time(hour)))


def application(
    profile,
    *,
    state=None,
    submitted=None,
    received=None,
    channel="online",
    handler=None,
    applicant_kind="person",
    code=None,
    save=True,
    **extra,
):
    """An application to `profile` (a SiteProfile). Its state follows its dates unless given:
    closed_on → CLOSED, received → RECEIVED, else SUBMITTED. `submitted` defaults to `received`
    or today; `code` (clear text) sets the query code's hash."""
    if state is None:
        state = (
            Application.State.CLOSED
            if extra.get("closed_on")
            else Application.State.RECEIVED
            if received
            else Application.State.SUBMITTED
        )
    number = extra.pop("number", None) or f"T{next(_numbers):09d}"
    organisation = applicant_kind != "person"
    built = Application(
        profile=profile,
        handler=handler or profile,
        number=number,
        query_code_hash=code_hash(number, code) if code else "0" * 64,
        channel=channel,
        applicant_kind=applicant_kind,
        name=extra.pop("name", "集贤县丰收农业有限公司" if organisation else "王建国"),
        id_type=extra.pop("id_type", "credit_code" if organisation else "id_card"),
        id_number=extra.pop("id_number", "91110000802100433B" if organisation else "11010519491231002X"),
        legal_representative=extra.pop("legal_representative", "李明" if organisation else ""),
        contact_name=extra.pop("contact_name", "赵丽" if organisation else ""),
        phone=extra.pop("phone", "13912345678"),
        description=extra.pop("description", "2025年福利镇中心街道路改造工程的立项批复。"),
        medium=extra.pop("medium", "electronic"),
        delivery=extra.pop("delivery", "online"),
        state=state,
        submitted_at=moment(submitted or received or timezone.localdate()),
        received_on=received,
        **extra,
    )
    if save:
        built.save()
    return built


def attach(application, kind=ApplicationFile.Kind.RELEASED, name="批复.pdf", content=b"%PDF-1.4 released"):
    """A file of the application (released, 告知书 or the applicant's own), in private storage."""
    record = ApplicationFile(application=application, kind=kind, name=name, content_type="application/pdf")
    record.size = len(content)
    record.file.save(f"{kind}-{application.number}.pdf", ContentFile(content), save=False)
    record.save()
    return record
