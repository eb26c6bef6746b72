"""What the django-q2 schedules of assurance migration 0002 run."""

from .audit import record_audit
from .digests import send_unit_digests
from .tamper import check_tampering


def daily_audit():
    """Audit the cluster, keep the day's snapshot, then mail each unit its overdue and empty columns."""
    audits = record_audit()
    return {"sites": len(audits), "failing": sum(1 for a in audits if a.vetoes), "digests": len(send_unit_digests())}


def nightly_tamper_check():
    """Check every live item page of every open site for tampering."""
    return check_tampering().line()
