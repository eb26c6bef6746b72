"""The demo's 政府信息公开工作年度报告 of last year, published in every unit's 信息公开年报 column.

The filler publishes each unit's report once its columns are filled (table 二 counts the documents
it made); the portal and two counties carry the figures and texts written here, and once the
demo's applications exist DemoAnnualReports publishes their correction, so that table 三 counts
them. A report whose tables have not changed is left as it is: building again adds nothing.
"""

import hashlib
from datetime import datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from annualreports import publishing
from annualreports.deadlines import deadline
from annualreports.models import DisclosureReport
from annualreports.tables import invariant_errors
from sites.models import SiteProfile

FEATURED = ("localhost", "jixian.localhost", "youyi.localhost")
FIGURES = {
    "localhost": {"licences": 1386, "penalties": 412, "coercions": 37, "fees": Decimal("2356.42")},
    "jixian.localhost": {"licences": 5127, "penalties": 268, "coercions": 15, "fees": Decimal("618.3")},
    "youyi.localhost": {"licences": 3362, "penalties": 191, "coercions": 9, "fees": Decimal("402.75")},
}
APPEALS = {
    "localhost": {"review_upheld": 3, "review_corrected": 1, "direct_upheld": 1, "after_review_pending": 1},
    "jixian.localhost": {"review_upheld": 1},
    "youyi.localhost": {},
}

PROBLEMS = (
    "一是政策解读的形式还不够丰富，图解、视频等解读偏少；二是部分单位依申请公开办理人员业务能力有待提高，"
    "告知书的理由和依据表述不够规范。\n"
    "下一步，将丰富政策解读形式，对重要政策文件同步制发图解；组织依申请公开业务培训，规范答复文书，"
    "提升办理质量。"
)
OTHER_MATTERS = (
    "本机关依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况：本年度未收取信息处理费。\n"
    "本年度政务公开工作要点落实情况、人大代表建议和政协提案办理结果公开情况等已在政府网站专栏公开。"
)


def _own_figures(profile):
    """The unit's entered figures: the featured ones' above, others' steady numbers of their own."""
    hostname = profile.site.hostname if profile.site_id else ""
    if hostname in FIGURES:
        return {**FIGURES[hostname], "appeals": APPEALS[hostname]}
    seed = int(hashlib.sha256(profile.name.encode()).hexdigest(), 16)
    scale = 1 if profile.level == SiteProfile.Level.TOWNSHIP else 10
    return {
        "licences": scale * (40 + seed % 300),
        "penalties": scale * (seed // 300 % 40),
        "coercions": seed // 12000 % 4,
        "fees": Decimal(0),
        "appeals": {},
    }


def _admin():
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _publish(report, now, user):
    """Texts from the figures as they stand, published, dated before the deadline when it has passed."""
    figures = publishing.computed_tables(report)
    if errors := invariant_errors(figures["applications"]):
        return None, errors[0]
    report.overview = publishing.offered_overview(report, figures)
    report.problems = report.problems or PROBLEMS
    report.other_matters = report.other_matters or OTHER_MATTERS
    report.updated_by = user
    report.save()
    page = publishing.publish(report, user)
    due = deadline(report.profile.level, report.year)
    if timezone.localdate(now) > due:
        moment = timezone.make_aware(datetime.combine(due.replace(day=max(due.day - 5, 1)), time(10)))
        Page.objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
        DisclosureReport.objects.filter(pk=report.pk).update(published_at=moment)
    return page, None


def publish_last_year(profile, now):
    """Publish the unit's report of the year before `now` unless it is published; the page, or None."""
    year = timezone.localtime(now).year - 1
    report, _created = DisclosureReport.objects.select_related("profile__site").get_or_create(
        profile=profile, year=year, defaults=_own_figures(profile)
    )
    if report.state == DisclosureReport.State.PUBLISHED:
        return None
    page, _error = _publish(report, now, _admin())
    return page


class DemoAnnualReports:
    """The featured units' reports, corrected once the demo's applications exist."""

    def __init__(self, now, log):
        self.now = now
        self.year = timezone.localtime(now).year - 1
        self.log = log

    def build(self):
        admin = _admin()
        profiles = SiteProfile.objects.select_related("site", "root_page").filter(site__hostname__in=FEATURED)
        published = 0
        for profile in sorted(profiles, key=lambda p: FEATURED.index(p.site.hostname)):
            report, _created = DisclosureReport.objects.get_or_create(
                profile=profile, year=self.year, defaults=_own_figures(profile)
            )
            if report.state == DisclosureReport.State.PUBLISHED and report.tables == publishing.computed_tables(report):
                continue
            page, error = _publish(report, self.now, admin)
            if error:
                self.log(f"  信息公开年报：{profile.name}未发布（{error}）")
                continue
            published += 1
            self.log(f"  信息公开年报：{page.title}")
        return published
