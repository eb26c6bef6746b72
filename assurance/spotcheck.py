"""季度抽查 (seed 001): a reproducible random 15% of the open sites each quarter, with the check
sheet's single-veto items computed from the cluster audit. The draw is seeded by the quarter, so
drawing it again from the same sites gives the same sample; a quarter is drawn once and kept."""

import math
import random

from django.db import transaction
from django.utils import timezone

from sites.models import SiteProfile

from .audit import MANUAL_CHECKS, audit_cluster
from .circulars import quarter_of
from .models import SpotCheck

SAMPLE_SHARE = 0.15
SHEET_ITEMS = [
    ("availability", "站点无法访问"),
    ("home", "首页不更新"),
    ("columns", "栏目不更新"),
    ("empty", "空白栏目"),
    ("services", "服务不实用"),
    *((code, label) for code, label, _detail in MANUAL_CHECKS),
    ("interaction", "互动回应差"),
]
PASS, FAIL, MANUAL = "合格", "不合格", "人工检查"


def sample(profiles, year, quarter):
    """The drawn sites: ceil(15%) of `profiles`, chosen by a generator seeded with the quarter."""
    ordered = sorted(profiles, key=lambda p: p.site_code)
    size = math.ceil(len(ordered) * SAMPLE_SHARE)
    return sorted(
        random.Random(f"zhanqun-spot-check-{year}-Q{quarter}").sample(ordered, size), key=lambda p: p.site_code
    )


def sheet_for(audit):
    vetoes = {v.code: v for v in audit.vetoes}
    manual = {code: detail for code, _label, detail in MANUAL_CHECKS}
    items = []
    for code, label in SHEET_ITEMS:
        if code in manual:
            result, detail = MANUAL, manual[code]
        elif code in vetoes:
            result, detail = FAIL, vetoes[code].detail
        elif code == "availability" and not (audit.probes and audit.probes.enough):
            probes = audit.probes.probes if audit.probes else 0
            result, detail = MANUAL, f"近7天探测 {probes} 次，未达到每天20次，需人工复核"
        else:
            result, detail = PASS, ""
        items.append({"code": code, "label": label, "result": result, "detail": detail})
    counts = audit.counts
    return {
        "site": audit.profile.web_address,
        "name": str(audit.profile),
        "site_code": audit.profile.site_code,
        "level": audit.profile.get_level_display(),
        "qualified": not audit.vetoes,
        "columns": {status: counts[status] for status in ("ok", "due_soon", "overdue", "empty", "not_applicable")},
        "items": items,
    }


@transaction.atomic
def draw(year, quarter, today=None):
    """The quarter's spot check, drawn and filled now if it has not been drawn yet."""
    existing = SpotCheck.objects.filter(year=year, quarter=quarter).first()
    if existing:
        return existing
    # The 15% are drawn among the websites; a 专属网页 is inspected as part of its parent's site.
    candidates = SiteProfile.objects.filter(status=SiteProfile.Status.OPEN, site__isnull=False).exclude(
        level=SiteProfile.Level.CITY
    )
    drawn = sample(candidates.select_related("site"), year, quarter)
    audits = {a.profile.pk: a for a in audit_cluster(today)}
    return SpotCheck.objects.create(
        year=year,
        quarter=quarter,
        seed=f"zhanqun-spot-check-{year}-Q{quarter}",
        sheet=[sheet_for(audits[p.pk]) for p in drawn if p.pk in audits],
    )


def draw_current_quarter():
    """What the quarterly schedule runs."""
    period = quarter_of(timezone.localdate())
    check = draw(period.start.year, (period.start.month - 1) // 3 + 1)
    return [row["site"] for row in check.sheet]
