"""The demo's 政府网站工作年度报表: the 2025 reports of the portal, 集贤县 and 宝清县 published on
their home pages, the figures from the platform's records and the items no platform knows
(visits, registered users, cases, new media, the people responsible) entered as a unit would.
A report already published is left as it is."""

from django.contrib.auth import get_user_model

from websitereports import publishing
from websitereports.models import WebsiteReport

YEAR = 2025
COMMON = {
    "reading_products": 4,
    "media_commentaries": 2,
    "responses": 6,
    "smart_qa": False,
    "monitoring": True,
    "drills": True,
    "security_officer": True,
    "new_media": True,
    "accessibility": True,
    "personalised": False,
    "filled_on": "2026-01-20",
}
ENTERED = {
    "portal": {
        "unique_visitors": 1_268_400,
        "visits": 9_754_300,
        "registered_users": 18.6,
        "service_items": 1_862,
        "online_service_items": 1_517,
        "cases_natural": 42.3,
        "cases_legal": 11.8,
        "interviews": 12,
        "interview_messages": 486,
        "interview_answers": 471,
        "weibo_name": "双鸭山发布",
        "weibo_posts": 3_420,
        "weibo_followers": 215_000,
        "wechat_name": "双鸭山发布",
        "wechat_posts": 2_180,
        "wechat_subscribers": 386_000,
        "innovation_other": "政务服务“好差评”",
        "head": "刘建国",
        "reviewer": "陈晓梅",
        "filler": "王丽",
        "phone": "0469-6105123",
    },
    "jixian": {
        "unique_visitors": 186_500,
        "visits": 1_320_800,
        "registered_users": 2.4,
        "service_items": 936,
        "online_service_items": 702,
        "cases_natural": 6.1,
        "cases_legal": 1.7,
        "interviews": 4,
        "interview_messages": 93,
        "interview_answers": 90,
        "weibo_name": "集贤发布",
        "weibo_posts": 860,
        "weibo_followers": 21_400,
        "wechat_name": "集贤发布",
        "wechat_posts": 1_045,
        "wechat_subscribers": 48_300,
        "head": "张志强",
        "reviewer": "李红",
        "filler": "赵磊",
        "phone": "0469-5212345",
    },
    "baoqing": {
        "unique_visitors": 152_300,
        "visits": 1_046_200,
        "registered_users": 1.9,
        "service_items": 884,
        "online_service_items": 655,
        "cases_natural": 5.2,
        "cases_legal": 1.3,
        "interviews": 3,
        "interview_messages": 61,
        "interview_answers": 61,
        "new_media": True,
        "wechat_name": "宝清发布",
        "wechat_posts": 932,
        "wechat_subscribers": 39_800,
        "head": "孙立新",
        "reviewer": "周敏",
        "filler": "吴昊",
        "phone": "0469-5232345",
    },
}


class DemoWebsiteReports:
    def __init__(self, sites, log):
        self.sites = sites  # key -> Site, "portal" included
        self.log = log

    def build(self):
        user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        published = 0
        for key, entered in ENTERED.items():
            profile = self.sites[key].profile
            done = WebsiteReport.objects.filter(profile=profile, year=YEAR, state=WebsiteReport.State.PUBLISHED)
            if done.exists():
                continue
            publishing.publish(profile, YEAR, {**COMMON, **entered}, user)
            published += 1
        self.log(f"  政府网站工作年度报表：发布 {YEAR} 年度 {published} 份")
        return published
