"""The audit's flag: a site on a hostname of its own without its previous year's report published
once 31 January has passed."""

from datetime import date, datetime, time

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from wagtail.models import Page

from sites.models import SiteProfile

from .models import WebsiteReport, deadline


def missing_reports(profiles, today):
    """{profile id: reason} for the profiles that should have published last year's report by
    today and have not (one query). 专属网页 file none (their host site's report covers them), nor
    does a site that did not exist yet in that year (its first channels or columns came later)."""
    year = today.year - 1
    due = deadline(year)
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time()))
    ids = [p.pk for p in profiles if p.site_id]
    opened = (
        Page.objects.filter(
            path__startswith=OuterRef("root_page__path"),
            depth=OuterRef("root_page__depth") + 1,
            first_published_at__isnull=False,
        )
        .order_by("first_published_at")
        .values("first_published_at")[:1]
    )
    published = WebsiteReport.objects.filter(profile=OuterRef("pk"), year=year, state=WebsiteReport.State.PUBLISHED)
    rows = (
        SiteProfile.objects.filter(pk__in=ids)
        .annotate(reported=Exists(published), opened=Subquery(opened))
        .values_list("pk", "reported", "opened")
    )
    rows = list(rows)
    if today <= due:
        return {}
    reason = f"{year}年度政府网站工作年度报表未发布（应于{due.year}年{due.month}月{due.day}日前在首页发布）"
    return {pk: reason for pk, reported, since in rows if not reported and since is not None and since < end}
