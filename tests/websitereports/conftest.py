import pytest

COMPLETE = {
    "unique_visitors": "120000",
    "visits": "980000",
    "reading_products": "3",
    "media_commentaries": "2",
    "responses": "4",
    "registered_users": "1.25",
    "service_items": "860",
    "online_service_items": "610",
    "cases_natural": "3.5",
    "cases_legal": "1.2",
    "interviews": "6",
    "interview_messages": "140",
    "interview_answers": "132",
    "smart_qa": "no",
    "monitoring": "yes",
    "drills": "yes",
    "security_officer": "yes",
    "new_media": "yes",
    "weibo_name": "集贤发布",
    "weibo_posts": "1200",
    "weibo_followers": "35000",
    "wechat_name": "集贤发布",
    "wechat_posts": "900",
    "wechat_subscribers": "52000",
    "accessibility": "yes",
    "personalised": "no",
    "head": "王五",
    "reviewer": "赵六",
    "filler": "孙七",
    "phone": "0469-4222222",
    "filled_on": "2026-01-20",
}


@pytest.fixture
def complete():
    return dict(COMPLETE)
