"""The link check: extract every link, resolve the internal ones, fetch the external ones, then
record what is broken and what got fixed, all in one transaction at the end, so an interrupted run
leaves nothing behind. Run weekly by django-q2 (linkcheck migration 0002) and by `check_links`."""

from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .external import Options, check_urls
from .extract import collect, open_site_profile
from .internal import Resolver, SiteMap
from .models import BrokenLink, LinkCheckRun, LinkKind

RECORD_FIELDS = ["profile", "unit", "kind", "field", "status_code", "error", "confirmed", "last_seen"]


def check_links(site=None, progress=None, options=None):
    """Check every open site, or the one at hostname `site` (UnknownSite when there is none).

    progress: a tqdm-like bar; its total is set to the number of links once they are known, and it
    advances as each link's verdict is. Returns the LinkCheckRun."""
    started = timezone.now()
    sitemap = SiteMap()
    profile = open_site_profile(site) if site else None
    found = collect(sitemap, profile)
    internal = [link for link in found.links.values() if link.kind == LinkKind.INTERNAL]
    external = Counter(link.url for link in found.links.values() if link.kind == LinkKind.EXTERNAL)
    if progress is not None:
        progress.total = len(found.links)
        progress.refresh()

    verdicts = Resolver(sitemap).resolve({link.url for link in internal})
    if progress is not None:
        progress.update(len(internal))
    on_result = (lambda outcome: progress.update(external[outcome.url])) if progress is not None else None
    verdicts.update(check_urls(external, options or Options.from_settings(), on_result))

    broken = {key: (link, verdicts[link.url]) for key, link in found.links.items() if not verdicts[link.url].ok}
    with transaction.atomic():
        fixed = record(found, broken, profile, started)
        return LinkCheckRun.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            site=profile.site.hostname if profile else "",
            pages=len(found.pages),
            links=len(found.links),
            external_urls=len(external),
            broken=len(broken),
            confirmed=sum(verdict.confirmed for _link, verdict in broken.values()),
            fixed=fixed,
        )


def record(found, broken, profile, seen):
    """Update the open records of the run's scope: still broken → last seen now; new → a new
    record; no longer found on the page, or working again → fixed. Returns the number fixed.

    The scope is the whole cluster, or for one site its records and its pages' records (so a
    `--site` run never marks another site's links fixed)."""
    scope = Q(fixed_at__isnull=True)
    if profile is not None:
        scope &= Q(profile=profile) | Q(page_id__in=list(found.pages))
    still_open = {(r.page_id, r.url): r for r in BrokenLink.objects.filter(scope).select_for_update()}
    updated, created = [], []
    for key, (link, verdict) in broken.items():
        page = found.pages[link.page_id]
        values = {
            "profile": page.profile,
            "unit_id": page.unit_id,
            "kind": link.kind,
            "field": link.field[:200],
            "status_code": verdict.status,
            "error": verdict.error[:500],
            "confirmed": verdict.confirmed,
            "last_seen": seen,
        }
        existing = still_open.pop(key, None)
        if existing is None:
            created.append(BrokenLink(page_id=link.page_id, url=link.url, first_seen=seen, **values))
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            updated.append(existing)
    BrokenLink.objects.bulk_update(updated, RECORD_FIELDS, batch_size=500)
    BrokenLink.objects.bulk_create(created, batch_size=500, ignore_conflicts=True)
    return BrokenLink.objects.filter(pk__in=[r.pk for r in still_open.values()]).update(fixed_at=seen)
