"""来信统计 for residents: the site's letters month by month in a chosen year, as the national
rules ask a site to publish its acceptance and reply figures (互动回应). The portal's table covers
the portal's own mailboxes, a county's its own."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from ..models import Letter
from ..statistics import Figures, letter_statistics, month_bounds


def letter_statistics_page(request):
    site = Site.find_for_request(request)
    profile = getattr(site, "profile", None) if site else None
    if profile is None or not profile.is_open:
        raise Http404
    today = timezone.localdate()
    years = sorted(
        {today.year, *(d.year for d in Letter.objects.filter(profile=profile).dates("received_at", "year"))},
        reverse=True,
    )
    year, error = _year(request.GET.get("year"), years, today.year)
    last_month = today.month if year == today.year else 12
    stats = letter_statistics([profile], *month_bounds((year, 1), (year, last_month)))
    found = {row.key: row for row in stats.by_month}
    months = [(f"{month}月", found.get((year, month), Figures())) for month in range(1, last_month + 1)]
    return render(
        request,
        "interaction/statistics.html",
        {
            "profile": profile,
            "year": year,
            "years": years,
            "error": error,
            "months": months,
            "total": stats.total,
        },
    )


def _year(value, years, default):
    """The chosen year and, for a year we cannot show, what to tell the resident."""
    if not value:
        return default, ""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default, "请从列表中选择年份。"
    if year not in years:
        return default, f"没有 {year} 年的来信统计，已显示 {default} 年。"
    return year, ""
