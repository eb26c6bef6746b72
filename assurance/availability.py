"""Availability, the first single-veto item: every open site's home page is probed on schedule
(django-q2, every 15 minutes) and each answer is kept as a Probe.

National rule (国办秘函〔2019〕19号): over one week, at least 20 probes a day; a probe fails when the
page has not opened within 15 s or answers an error status; failures of 5% or more of the probes
make the site unqualified. A week with fewer probes is reported as insufficient monitoring.
"""

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone

from sites.models import SiteProfile

from .models import Probe
from .probing import failure_text, probe_client, probe_target, probe_timeout, status_text
from .rules import PROBE_FAILURE_SHARE, PROBE_WINDOW_DAYS, PROBES_PER_DAY

DEFAULT_CONCURRENCY = 20
ERROR_LENGTH = Probe._meta.get_field("error").max_length


class UnknownSite(LookupError):
    pass


def open_profiles(hostname=None):
    """Open sites on hostnames of their own: a 专属网页 is up when its parent's site is."""
    profiles = SiteProfile.objects.filter(status=SiteProfile.Status.OPEN, site__isnull=False).select_related("site")
    if hostname:
        profiles = profiles.filter(site__hostname=hostname)
    return profiles.order_by("root_page__path")


def probe_sites(hostname=None):
    """Probe the home page of every open site (or of the one on `hostname`) at once and record one
    Probe per site; returns the Probes, in tree order."""
    profiles = list(open_profiles(hostname))
    if hostname and not profiles:
        raise UnknownSite(hostname)
    timeout = probe_timeout()
    concurrency = int(getattr(settings, "ASSURANCE_PROBE_CONCURRENCY", DEFAULT_CONCURRENCY))
    targets = [probe_target(profile.site) for profile in profiles]
    results = asyncio.run(_probe_all(targets, timeout, concurrency))
    return Probe.objects.bulk_create(
        Probe(profile=profile, **result) for profile, result in zip(profiles, results, strict=True)
    )


async def _probe_all(targets, timeout, concurrency):
    limit = asyncio.Semaphore(concurrency)
    async with probe_client(timeout) as client:
        return await asyncio.gather(*(_probe_one(client, limit, url, headers, timeout) for url, headers in targets))


async def _probe_one(client, limit, url, headers, timeout):
    """One GET of a home page; the whole answer, body included, must arrive within `timeout`."""
    async with limit:
        probed_at = timezone.now()
        started = time.monotonic()
        status_code, error = None, ""
        try:
            async with asyncio.timeout(timeout):
                response = await client.get(url, headers=headers)
            status_code = response.status_code
            if response.is_error:
                error = status_text(response)
        except (TimeoutError, httpx.HTTPError) as exc:
            error = failure_text(exc, timeout)
        elapsed_ms = round((time.monotonic() - started) * 1000)
    return {
        "probed_at": probed_at,
        "ok": not error,
        "status_code": status_code,
        "elapsed_ms": elapsed_ms,
        "error": error[:ERROR_LENGTH],
    }


@dataclass(frozen=True)
class ProbeSummary:
    """A site's probes over the last PROBE_WINDOW_DAYS days, judged by the national rule."""

    probes: int = 0
    failures: int = 0
    days_with_enough_probes: int = 0
    last_failure: datetime | None = None

    @property
    def failure_share(self):
        return self.failures / self.probes if self.probes else 0.0

    @property
    def veto(self):
        return self.probes > 0 and self.failure_share >= PROBE_FAILURE_SHARE

    @property
    def enough(self):
        return self.days_with_enough_probes >= PROBE_WINDOW_DAYS

    @property
    def status(self):
        return "veto" if self.veto else "ok" if self.enough else "insufficient"

    @property
    def label(self):
        return {"veto": "否决", "ok": "正常", "insufficient": "监测不足"}[self.status]


class ProbeSummaries(dict):
    """{profile id: ProbeSummary}; a site never probed in the window has an empty summary."""

    def __missing__(self, key):
        return ProbeSummary()


def probe_summary(now=None, profile_ids=None):
    """Every site's ProbeSummary over the window ending `now`, in one query.

    The window is cut into PROBE_WINDOW_DAYS periods of 24 hours back from `now`, so a week of
    probes is judged the same at any hour; each period needs PROBES_PER_DAY probes."""
    now = now or timezone.now()
    day = timedelta(days=1)
    probes = Probe.objects.filter(probed_at__gt=now - PROBE_WINDOW_DAYS * day, probed_at__lte=now)
    summaries = ProbeSummaries()
    if profile_ids is not None:
        profile_ids = list(profile_ids)
        probes = probes.filter(profile_id__in=profile_ids)
        summaries.update((pk, ProbeSummary()) for pk in profile_ids)
    per_day = {
        f"day_{n}": Count("pk", filter=Q(probed_at__gt=now - (n + 1) * day, probed_at__lte=now - n * day))
        for n in range(PROBE_WINDOW_DAYS)
    }
    failed = Q(ok=False)
    rows = (
        probes.order_by()
        .values("profile_id")
        .annotate(
            probes=Count("pk"),
            failures=Count("pk", filter=failed),
            last_failure=Max("probed_at", filter=failed),
            **per_day,
        )
    )
    for row in rows:
        summaries[row["profile_id"]] = ProbeSummary(
            probes=row["probes"],
            failures=row["failures"],
            days_with_enough_probes=sum(row[name] >= PROBES_PER_DAY for name in per_day),
            last_failure=row["last_failure"],
        )
    return summaries
