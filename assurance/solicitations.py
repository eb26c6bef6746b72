"""意见征集未反馈: closed solicitations (past their end date) whose feedback (意见采纳情况) is not
published, as seed 004 asks for every 规范性文件 draft."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from sites.models import SiteProfile
from sites.units import UnitIndex, link_parents
from solicitation.models import SolicitationPage


@dataclass
class PendingFeedback:
    page_id: int
    site: SiteProfile
    unit: str
    title: str
    ends_on: date
    days: int  # since the solicitation closed
    comments: int


def pending_feedback(profiles, today):
    """[PendingFeedback] of these SiteProfiles' own solicitations, longest waiting first (two
    queries: the sites, the solicitations with their units and comment counts)."""
    index = UnitIndex.of(link_parents(SiteProfile.objects.select_related("site", "root_page", "unit", "parent__site")))
    wanted = {p.pk for p in profiles}
    tops = Q(pk__in=[])
    for path in {p.root_page.path for p in profiles}:
        tops |= Q(path__startswith=path)
    pages = (
        SolicitationPage.objects.live()
        .filter(tops, ends_on__lt=today, feedback_published_at__isnull=True)
        .select_related("unit")
        .annotate(comment_count=Count("comments"))
        .order_by("ends_on", "pk")
    )
    found = []
    for page in pages:
        site = index(page.path)
        if site is None or site.pk not in wanted:
            continue
        found.append(
            PendingFeedback(
                page_id=page.pk,
                site=site,
                unit=page.unit.name if page.unit else (site.unit.name if site.unit else site.name),
                title=page.title,
                ends_on=page.ends_on,
                days=(today - page.ends_on).days,
                comments=page.comment_count,
            )
        )
    return found
