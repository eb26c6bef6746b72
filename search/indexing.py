"""Keeping the index true: changes are queued in the database and applied by django-q2.

A change queues its pages in the outbox (PendingIndexUpdate) within the transaction that made it;
once that commits, a task applies the queue to each engine. An engine that cannot take its updates
leaves them queued, and the minutely schedule tries again, so no update is lost.
"""

import logging
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import Page

from .engines import active_engines
from .engines.base import EngineUnavailable
from .entries import build_entries, searchable_pages
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)
BATCH = 500


def queue(page_ids):
    page_ids = set(page_ids)
    if not page_ids:
        return
    now = timezone.now()
    engines = [engine.name for engine in active_engines()]
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(page_id=pk, engine=name, queued_at=now) for pk in page_ids for name in engines],
        update_conflicts=True,
        unique_fields=["page_id", "engine"],
        update_fields=["queued_at"],
    )
    from .tasks import apply_pending_updates

    transaction.on_commit(apply_pending_updates.enqueue)


def queue_subtree(page):
    queue(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def apply_pending():
    """Apply every queued update to every engine; returns how many updates are still waiting."""
    waiting = 0
    for engine in active_engines():
        while True:
            rows = list(PendingIndexUpdate.objects.filter(engine=engine.name).order_by("queued_at")[:BATCH])
            if not rows:
                break
            if not _apply(engine, rows):
                waiting += PendingIndexUpdate.objects.filter(engine=engine.name).count()
                break
    return waiting


def _apply(engine, rows):
    page_ids = {row.page_id for row in rows}
    entries = list(build_entries(searchable_pages().filter(pk__in=page_ids).specific()))
    gone = page_ids - {e["page_id"] for e in entries}
    try:
        if entries:
            engine.upsert(entries)
        if gone:
            engine.delete(gone)
    except EngineUnavailable as error:
        logger.warning("search: %s engine unavailable, %d index updates wait: %s", engine.name, len(rows), error)
        PendingIndexUpdate.objects.filter(pk__in=[r.pk for r in rows]).update(
            attempts=F("attempts") + 1, last_error=str(error)[:1000]
        )
        return False
    # A row queued again while we worked (a newer queued_at) stays for the next round.
    taken = reduce(or_, (Q(pk=row.pk, queued_at=row.queued_at) for row in rows))
    PendingIndexUpdate.objects.filter(taken).delete()
    return True
