"""Letters from residents (市长信箱/县长信箱, 咨询投诉, 企业投诉), their handling and their public replies.

A `Letter` is private: the resident's name, phone and e-mail, the text as written, every step of
its handling. A reply the office publishes becomes a `LetterPage` under the mailbox column: the
redacted question and the reply, with 受理日期, 答复日期 and 答复部门 — so the column's freshness,
the feeds, the sitemap and residents' search treat it like any other item.
"""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from columns.models import ColumnPage
from sites.permissions import SitePermissionsMixin
from sites.routing import CanonicalAddressMixin

from .storage import get_private_storage


class MailboxKind(models.TextChoices):
    MAILBOX = "mailbox", "领导信箱"
    CONSULTATION = "consultation", "咨询投诉"
    ENTERPRISE = "enterprise", "企业投诉"


class MailboxPage(RoutablePageMixin, ColumnPage):
    """A column that receives letters: 市长信箱/县长信箱, 咨询投诉, 企业投诉. Its items are the
    published replies (`LetterPage`); `write/` is the letter form."""

    mailbox_kind = models.CharField("信箱类型", max_length=16, choices=MailboxKind.choices)

    content_panels = ColumnPage.content_panels + [FieldPanel("mailbox_kind")]
    parent_page_types = ["columns.ChannelPage", "columns.ColumnPage"]
    subpage_types = ["interaction.LetterPage"]

    class Meta:
        verbose_name = "信箱栏目"

    def get_context(self, request, *args, **kwargs):
        # Not ColumnPage's: the replies are listed by views_public, searchable and filtered.
        return Page.get_context(self, request, *args, **kwargs)

    @path("")
    def index_route(self, request, *args, **kwargs):
        from .views_public import mailbox_index

        return mailbox_index(request, self)

    @path("write/", name="write")
    def write(self, request):
        from .views_public import write_letter

        return write_letter(request, self)


class LetterKind(models.TextChoices):
    CONSULTATION = "consultation", "咨询"
    COMPLAINT = "complaint", "投诉"
    SUGGESTION = "suggestion", "建议"
    HELP = "help", "求助"


class LetterPage(SitePermissionsMixin, CanonicalAddressMixin, Page):
    """A letter's public reply: nothing here identifies the resident."""

    letter_kind = models.CharField("类型", max_length=16, choices=LetterKind.choices)
    question = models.TextField("来信内容")
    reply = models.TextField("答复内容")
    received_on = models.DateField("受理日期")
    replied_on = models.DateField("答复日期")
    reply_unit = models.CharField("答复部门", max_length=100)

    content_panels = Page.content_panels + [
        FieldPanel("letter_kind"),
        FieldPanel("question"),
        FieldPanel("reply"),
        FieldPanel("received_on"),
        FieldPanel("replied_on"),
        FieldPanel("reply_unit"),
    ]
    search_fields = Page.search_fields + [index.SearchField("question"), index.SearchField("reply")]
    parent_page_types = ["interaction.MailboxPage"]
    subpage_types = []

    class Meta:
        verbose_name = "信件答复"


class Letter(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", "待受理"
        REFUSED = "refused", "不予受理"
        ACCEPTED = "accepted", "已受理"
        FORWARDED = "forwarded", "已转办"
        AWAITING_INFO = "awaiting_info", "待补充"
        DRAFTED = "drafted", "答复待审核"
        APPROVED = "approved", "答复待发布"
        ANSWERED = "answered", "已答复"

    class Refusal(models.TextChoices):
        OUT_OF_SCOPE = "out_of_scope", "不属于受理范围"
        DUPLICATE = "duplicate", "重复来信"
        ABUSIVE = "abusive", "含有辱骂、违法等内容"

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", "满意"
        BASICALLY = "basically", "基本满意"
        UNSATISFIED = "unsatisfied", "不满意"

    mailbox = models.ForeignKey(MailboxPage, verbose_name="信箱", on_delete=models.PROTECT, related_name="letters")
    profile = models.ForeignKey(
        "sites.SiteProfile", verbose_name="受理站点", on_delete=models.PROTECT, related_name="letters"
    )
    handler = models.ForeignKey(
        "sites.SiteProfile",
        verbose_name="办理单位",
        on_delete=models.PROTECT,
        related_name="handled_letters",
        help_text="当前办理的单位：受理站点本身，或转办到的单位。",
    )
    number = models.CharField("信件编号", max_length=20, unique=True)
    query_code_hash = models.CharField("查询码摘要", max_length=64)
    kind = models.CharField("类型", max_length=16, choices=LetterKind.choices)
    title = models.CharField("标题", max_length=100)
    content = models.TextField("内容")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("手机号码", max_length=20, db_index=True)
    email = models.EmailField("电子邮箱", blank=True)
    publishable = models.BooleanField("同意公开", default=True)
    remote_addr = models.GenericIPAddressField("来信地址", null=True, blank=True, db_index=True)

    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.RECEIVED, db_index=True)
    received_at = models.DateTimeField("来信时间", db_index=True)
    accept_due = models.DateField("受理期限")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True)
    extended = models.BooleanField("已延期", default=False)
    extension_reason = models.CharField("延期理由", max_length=200, blank=True)
    paused_at = models.DateTimeField("暂停计时", null=True, blank=True)
    paused_days = models.PositiveIntegerField(
        "暂停工作日", default=0, help_text="来信人补充材料期间计时暂停的工作日数，延期时限相应顺延。"
    )
    refusal = models.CharField("不予受理原因", max_length=16, choices=Refusal.choices, blank=True)
    refusal_note = models.CharField("不予受理说明", max_length=300, blank=True)

    reply = models.TextField("答复内容", blank=True)
    reply_unit = models.ForeignKey(
        "sites.SiteProfile",
        verbose_name="答复部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_title = models.CharField("公开标题", max_length=100, blank=True)
    public_content = models.TextField("公开的来信内容", blank=True, help_text="已去除个人信息，公开时显示")
    public_reply = models.TextField("公开的答复内容", blank=True, help_text="已去除个人信息，公开时显示")
    replied_at = models.DateTimeField("答复时间", null=True, blank=True, db_index=True)
    public_page = models.OneToOneField(
        LetterPage, verbose_name="公开页面", null=True, blank=True, on_delete=models.SET_NULL, related_name="letter"
    )

    rating = models.CharField("评价", max_length=16, choices=Rating.choices, blank=True)
    rating_reason = models.CharField("不满意理由", max_length=300, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    second_handling = models.BooleanField("已申请二次办理", default=False)

    class Meta:
        verbose_name = "来信"
        verbose_name_plural = "来信"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["profile", "state", "-received_at"]),
            models.Index(fields=["handler", "state", "-received_at"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class LetterAttachment(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("附件", storage=get_private_storage, upload_to="letters/%Y/%m/")
    name = models.CharField("文件名", max_length=120)
    content_type = models.CharField("类型", max_length=60)
    size = models.PositiveIntegerField("大小")

    class Meta:
        verbose_name = "来信附件"


class LetterEvent(models.Model):
    """One step of a letter's handling, with who and when."""

    class Action(models.TextChoices):
        RECEIVED = "received", "来信"
        ACCEPTED = "accepted", "受理"
        REFUSED = "refused", "不予受理"
        FORWARDED = "forwarded", "转办"
        RETURNED = "returned", "退回"
        ASKED_INFO = "asked_info", "请来信人补充"
        INFO_RECEIVED = "info_received", "来信人已补充"
        EXTENDED = "extended", "延期"
        DRAFTED = "drafted", "拟写答复"
        APPROVED = "approved", "领导审核通过"
        SENT_BACK = "sent_back", "答复退回修改"
        PUBLISHED = "published", "公开答复"
        SENT_PRIVATELY = "sent_privately", "不公开答复"
        RATED = "rated", "来信人评价"
        SECOND_HANDLING = "second_handling", "申请二次办理"
        REMINDED = "reminded", "催办提醒"
        ESCALATED = "escalated", "逾期督办"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "sites.SiteProfile", verbose_name="单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理记录"
        ordering = ["at", "pk"]


class ErrorReport(models.Model):
    """我为政府网站找错: a resident's report of an error on a page, to the site's office."""

    class Kind(models.TextChoices):
        WRONG_INFO = "wrong_info", "信息错误"
        BROKEN_LINK = "broken_link", "链接失效"
        PAGE_FAILS = "page_fails", "页面打不开"
        OTHER = "other", "其他问题"

    class State(models.TextChoices):
        OPEN = "open", "待处理"
        DONE = "done", "已处理"

    profile = models.ForeignKey("sites.SiteProfile", verbose_name="站点", on_delete=models.PROTECT)
    number = models.CharField("编号", max_length=20, unique=True)
    url = models.CharField("页面地址", max_length=500)
    kind = models.CharField("问题类型", max_length=16, choices=Kind.choices)
    description = models.TextField("问题描述")
    contact = models.CharField("联系方式", max_length=100, blank=True)
    remote_addr = models.GenericIPAddressField("来源地址", null=True, blank=True)
    received_at = models.DateTimeField("提交时间", db_index=True)
    due = models.DateField("处理期限")
    state = models.CharField("状态", max_length=8, choices=State.choices, default=State.OPEN)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField("处理说明", blank=True)

    class Meta:
        verbose_name = "网站纠错"
        verbose_name_plural = "网站纠错"
        ordering = ["-received_at"]
