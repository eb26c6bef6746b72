"""The audit's flag: a site on a hostname of its own without its previous year's report published
once 31 January has passed."""

from datetime import date, datetime, time

from django.utils import timezone

from .models import WebsiteReport, deadline


def missing_reports(profiles, today):
    """{profile id: reason} for the profiles (with their root_page loaded) that should have
    published last year's report by today and have not (one query). 专属网页 file none, nor a
    site that did not exist yet in that year."""
    year = today.year - 1
    due = deadline(year)
    end = timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time()))
    candidates = [
        p
        for p in profiles
        if p.site_id and (p.root_page.first_published_at is None or p.root_page.first_published_at < end)
    ]
    published = set(
        WebsiteReport.objects.filter(
            profile__in=[p.pk for p in candidates], year=year, state=WebsiteReport.State.PUBLISHED
        ).values_list("profile_id", flat=True)
    )
    if today <= due:
        return {}
    return {
        p.pk: f"{year}年度政府网站工作年度报表未发布（应于{due.year}年{due.month}月{due.day}日前在首页发布）"
        for p in candidates
        if p.pk not in published
    }
