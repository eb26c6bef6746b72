"""The items of the 政府网站工作年度报表 (国办函〔2018〕12号), in the order of the national form, and
where each comes from: the platform's records of the year (FIGURE), the unit's hand (HAND), or the
sum of other items (SUM). Labels and groups are the form's own; the lines the platform adds to it
are marked `extra` and say so on the published table."""

from dataclasses import dataclass, field

FIGURE, HAND, SUM = "figure", "hand", "sum"
INT, DECIMAL, BOOL, TEXT, DATE, PHONE = "int", "decimal", "bool", "text", "date", "phone"


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    group: tuple = ()  # the form's headings above the item, outermost first
    source: str = HAND
    kind: str = INT
    required: bool = True  # to publish (hand items)
    extra: bool = False  # a line the national form lacks
    parts: tuple = field(default=())  # SUM: the keys it adds up
    note: str = ""


INFO = ("信息发布（单位：条）",)
TOPICS = ("专栏专题（单位：个）",)
READING = ("解读回应",)
READING_ITEMS = ("解读回应", "解读信息发布")
SERVICE = ("办事服务",)
CASES = ("办事服务", "办件量（单位：万件）")
TALK = ("互动交流",)
LETTERS = ("互动交流", "留言办理")
SURVEYS = ("互动交流", "征集调查")
INTERVIEWS = ("互动交流", "在线访谈")
REQUESTS = ("互动交流", "依申请公开（平台增列，国家报表无此项）")
SAFETY = ("安全防护",)
MEDIA = ("移动新媒体",)
WEIBO = ("移动新媒体", "微博")
WECHAT = ("移动新媒体", "微信")
INNOVATION = ("创新发展",)

ITEMS = [
    Item("site_name", "网站名称", source=FIGURE, kind=TEXT),
    Item("home_url", "首页网址", source=FIGURE, kind=TEXT),
    Item("sponsor", "主办单位", source=FIGURE, kind=TEXT),
    Item("site_type", "网站类型", source=FIGURE, kind=TEXT, note="政府门户网站 / 部门网站 / 专项网站"),
    Item("site_code", "政府网站标识码", source=FIGURE, kind=TEXT),
    Item("icp_number", "ICP备案号", source=FIGURE, kind=TEXT),
    Item("public_security_number", "公安机关备案号", source=FIGURE, kind=TEXT),
    Item("unique_visitors", "独立用户访问总量（单位：个）"),
    Item("visits", "网站总访问量（单位：次）"),
    Item("info_total", "总数", INFO, FIGURE),
    Item("info_profile", "概况类信息更新量", INFO, FIGURE),
    Item("info_news", "政务动态信息更新量", INFO, FIGURE),
    Item("info_catalogue", "信息公开目录信息更新量", INFO, FIGURE),
    Item("topics_maintained", "维护数量", TOPICS, FIGURE),
    Item("topics_new", "新开设数量", TOPICS, FIGURE),
    Item("readings_total", "总数", READING_ITEMS, SUM, parts=("readings", "reading_products", "media_commentaries")),
    Item("readings", "解读材料数量", READING_ITEMS, FIGURE),
    Item("reading_products", "解读产品数量", READING_ITEMS),
    Item("media_commentaries", "媒体评论文章数量", READING_ITEMS),
    Item("responses", "回应公众关注热点或重大舆情数量（单位：次）", READING),
    Item("service_catalogue", "是否发布服务事项目录", SERVICE, FIGURE, BOOL),
    Item("registered_users", "注册用户数（单位：万）", SERVICE, kind=DECIMAL),
    Item("service_items", "政务服务事项数量（单位：项）", SERVICE),
    Item("online_service_items", "可全程在线办理政务服务事项数量（单位：项）", SERVICE),
    Item("cases_total", "总数", CASES, SUM, DECIMAL, parts=("cases_natural", "cases_legal")),
    Item("cases_natural", "自然人办件量", CASES, kind=DECIMAL),
    Item("cases_legal", "法人办件量", CASES, kind=DECIMAL),
    Item("unified_platform", "是否使用统一平台", TALK, FIGURE, BOOL),
    Item("letters_received", "收到留言数量（单位：条）", LETTERS, FIGURE),
    Item("letters_closed", "办结留言数量（单位：条）", LETTERS, FIGURE),
    Item("letters_average_days", "平均办理时间（单位：天）", LETTERS, FIGURE, DECIMAL),
    Item("letters_published", "公开答复数量（单位：条）", LETTERS, FIGURE),
    Item("surveys", "征集调查期数（单位：期）", SURVEYS, FIGURE),
    Item("survey_opinions", "收到意见数量（单位：条）", SURVEYS, FIGURE),
    Item("survey_results", "公布调查结果期数（单位：期）", SURVEYS, FIGURE),
    Item("interviews", "访谈期数", INTERVIEWS),
    Item("interview_messages", "网民留言数量", INTERVIEWS),
    Item("interview_answers", "答复网民提问数量", INTERVIEWS),
    Item("smart_qa", "是否提供智能问答", TALK, kind=BOOL),
    Item("requests_received", "收到申请数量（单位：件）", REQUESTS, FIGURE, extra=True),
    Item("requests_closed", "办结申请数量（单位：件）", REQUESTS, FIGURE, extra=True),
    Item("security_checks", "安全检测评估次数（单位：次）", SAFETY, FIGURE),
    Item("problems_found", "发现问题数量（单位：个）", SAFETY, FIGURE),
    Item("problems_fixed", "问题整改数量（单位：个）", SAFETY, FIGURE),
    Item("monitoring", "是否建立安全监测预警机制", SAFETY, kind=BOOL),
    Item("drills", "是否开展应急演练", SAFETY, kind=BOOL),
    Item("security_officer", "是否明确网站安全责任人", SAFETY, kind=BOOL),
    Item("new_media", "是否有移动新媒体", MEDIA, kind=BOOL),
    Item("weibo_name", "名称", WEIBO, kind=TEXT, required=False),
    Item("weibo_posts", "信息发布量", WEIBO, required=False),
    Item("weibo_followers", "关注量", WEIBO, required=False),
    Item("wechat_name", "名称", WECHAT, kind=TEXT, required=False),
    Item("wechat_posts", "信息发布量", WECHAT, required=False),
    Item("wechat_subscribers", "订阅数", WECHAT, required=False),
    Item("new_media_other", "其他", MEDIA, kind=TEXT, required=False),
    Item("search_service", "搜索即服务", INNOVATION, FIGURE, BOOL),
    Item("multilingual", "多语言版本", INNOVATION, FIGURE, BOOL),
    Item("accessibility", "无障碍浏览", INNOVATION, kind=BOOL),
    Item("personalised", "千人千网", INNOVATION, kind=BOOL),
    Item("innovation_other", "其他", INNOVATION, kind=TEXT, required=False),
    Item(
        "search_queries",
        "站内搜索次数（平台增列：在本网站发起的搜索次数）",
        INNOVATION,
        FIGURE,
        extra=True,
        required=False,
    ),
    Item("head", "单位负责人", kind=TEXT),
    Item("reviewer", "审核人", kind=TEXT),
    Item("filler", "填报人", kind=TEXT),
    Item("phone", "联系电话", kind=PHONE),
    Item("filled_on", "填报日期", kind=DATE),
]

BY_KEY = {item.key: item for item in ITEMS}
FIGURE_KEYS = [item.key for item in ITEMS if item.source == FIGURE]
HAND_ITEMS = [item for item in ITEMS if item.source == HAND]


def full_label(item):
    """微博 › 名称: the item named with its groups, for exports and error lists."""
    return "·".join((*item.group, item.label))


def yes_no(value):
    if value is None or value == "":
        return ""
    return "是" if value else "否"


def display(item, value):
    """How the table shows a value: 是/否, a number, a text; empty when unknown."""
    if value is None or value == "":
        return ""
    if item.kind == BOOL:
        return yes_no(value)
    if item.kind == DECIMAL:
        return f"{float(value):g}"
    return str(value)


def values_of(figures, entered):
    """{key: value} of every item: figures, hand-entered items, and the sums of both."""
    values = {**{k: figures.get(k) for k in FIGURE_KEYS}, **{i.key: entered.get(i.key) for i in HAND_ITEMS}}
    for item in ITEMS:
        if item.source == SUM:
            parts = [values.get(key) for key in item.parts]
            if all(part not in (None, "") for part in parts):
                total = sum(float(part) for part in parts)
                values[item.key] = round(total, 2) if item.kind == DECIMAL else int(total)
            else:
                values[item.key] = None
    return values


def rows(figures, entered):
    """The table's rows: (groups, item, shown value) in the form's order."""
    values = values_of(figures, entered)
    return [(item.group, item, display(item, values[item.key])) for item in ITEMS]
