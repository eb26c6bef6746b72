"""The demo's 政府信息公开工作年度报告 of last year, published for the portal and two counties.

Tables 二 and 三 come from whatever documents and applications the demo holds when this runs
(after the applications are made; with none, table 三 is all zeros); the unit's own figures and
texts are written here. A report already published is left as it is: building again adds nothing.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from annualreports import publishing
from annualreports.models import DisclosureReport
from annualreports.tables import invariant_errors
from sites.models import SiteProfile

HOSTNAMES = ("localhost", "jixian.localhost", "youyi.localhost")
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


class DemoAnnualReports:
    def __init__(self, now, log):
        self.year = timezone.localtime(now).year - 1
        self.log = log

    def build(self):
        admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        profiles = SiteProfile.objects.select_related("site", "root_page").filter(site__hostname__in=HOSTNAMES)
        published = 0
        for profile in sorted(profiles, key=lambda p: HOSTNAMES.index(p.site.hostname)):
            hostname = profile.site.hostname
            report, _created = DisclosureReport.objects.get_or_create(
                profile=profile, year=self.year, defaults={**FIGURES[hostname], "appeals": APPEALS[hostname]}
            )
            if report.state == DisclosureReport.State.PUBLISHED:
                continue
            figures = publishing.computed_tables(report)
            if errors := invariant_errors(figures["applications"]):
                self.log(f"  信息公开年报：{profile.name}未发布（{errors[0]}）")
                continue
            report.overview = report.overview or publishing.offered_overview(report, figures)
            report.problems = report.problems or PROBLEMS
            report.other_matters = report.other_matters or OTHER_MATTERS
            report.updated_by = admin
            report.save()
            page = publishing.publish(report, admin)
            published += 1
            self.log(f"  信息公开年报：{page.title}")
        return published
