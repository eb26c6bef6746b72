"""Applications for disclosure on request (依申请公开) under the 政府信息公开条例 (2019).

An `Application` is private: the applicant's identity and contact, what was asked, every date
the regulation's clock uses (disclosure.clock), the decision and its 告知书. What the applicant
may see is shown only against the number and query code, as for letters. `ApplicationFile`s —
the applicant's own papers, the files released, the printed 告知书 — are kept in private storage.
"""

from django.conf import settings
from django.db import models
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from columns.models import ColumnPage
from interaction.storage import get_private_storage

from .outcomes import OUTCOME_CHOICES


class ApplicantKind(models.TextChoices):
    """The seven columns of the national report's table three, less 总计."""

    PERSON = "person", "自然人"
    BUSINESS = "business", "商业企业"
    RESEARCH = "research", "科研机构"
    NONPROFIT = "nonprofit", "社会公益组织"
    LEGAL = "legal", "法律服务机构"
    OTHER = "other", "其他"


class IdType(models.TextChoices):
    ID_CARD = "id_card", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
    TAIWAN = "taiwan", "台湾居民来往大陆通行证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他有效证件"


class Channel(models.TextChoices):
    """How the application arrived; art. 31 sets the date it counts as received for each."""

    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮寄（需签收）"
    ORDINARY_POST = "ordinary_post", "平常信函"
    FAX = "fax", "传真"


class Medium(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    COLLECT = "collect", "当面领取"
    ONLINE = "online", "网上查询下载"


class Application(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", "待确认收到"
        RECEIVED = "received", "办理中"
        CLARIFYING = "clarifying", "待申请人补正"
        CONSULTING = "consulting", "征求第三方意见"
        FEE_PENDING = "fee_pending", "待缴纳信息处理费"
        DECIDED = "decided", "告知书待审核"
        APPROVED = "approved", "告知书待送达"
        CLOSED = "closed", "已办结"

    # Where it was made and who holds it now -------------------------------------------------
    profile = models.ForeignKey(
        "sites.SiteProfile",
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="disclosure_applications",
        help_text="申请人选择的公开机关（或其站点）。",
    )
    handler = models.ForeignKey(
        "sites.SiteProfile",
        verbose_name="办理单位",
        on_delete=models.PROTECT,
        related_name="handled_disclosure_applications",
        help_text="当前办理的单位：受理机关本身，或转给的掌握该信息的单位。",
    )
    number = models.CharField("申请编号", max_length=20, unique=True)
    query_code_hash = models.CharField("查询码摘要", max_length=64)
    channel = models.CharField("申请方式", max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="当面、邮寄、传真提交的申请由工作人员登记。",
    )
    remote_addr = models.GenericIPAddressField("申请地址", null=True, blank=True, db_index=True)

    # The applicant (private) ----------------------------------------------------------------
    applicant_kind = models.CharField("申请人类型", max_length=16, choices=ApplicantKind.choices)
    name = models.CharField("姓名或名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=16, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=30)
    legal_representative = models.CharField("法定代表人或负责人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, db_index=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    # What is asked ----------------------------------------------------------------------------
    description = models.TextField("所需政府信息的名称、文号或者便于查询的其他特征性描述")
    purpose = models.CharField("用途（选填）", max_length=200, blank=True)
    medium = models.CharField("获取信息的载体形式", max_length=16, choices=Medium.choices)
    delivery = models.CharField("获取信息的方式", max_length=16, choices=Delivery.choices)

    # The clock (disclosure.clock computes from these) ------------------------------------------
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.SUBMITTED, db_index=True)
    submitted_at = models.DateTimeField("提交时间", db_index=True)
    received_on = models.DateField(
        "收到申请之日", null=True, blank=True, db_index=True, help_text="按条例第三十一条确定，答复期限由此起算。"
    )
    clarification_sent_on = models.DateField("补正告知日期", null=True, blank=True)
    clarification_request = models.TextField("需要补正的事项", blank=True)
    clarification_due = models.DateField("补正期限", null=True, blank=True, help_text="申请人应在此日前提交补正。")
    clarified_on = models.DateField("收到补正之日", null=True, blank=True, help_text="答复期限自此重新起算。")
    clarification = models.TextField("补正内容", blank=True)
    extension_days = models.PositiveSmallIntegerField("延长工作日", default=0)
    extension_reason = models.CharField("延期理由", max_length=300, blank=True)
    extension_approver = models.CharField("批准人", max_length=50, blank=True, help_text="政府信息公开工作机构负责人")
    extended_on = models.DateField("延期日期", null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField(
        "不计入期限的工作日",
        default=0,
        help_text="征求第三方或其他机关意见、等待缴纳信息处理费所用的时间，不计算在答复期限内。",
    )
    paused_on = models.DateField("暂停计时日期", null=True, blank=True)
    third_party = models.CharField("第三方", max_length=200, blank=True)
    consultation_due = models.DateField("第三方答复期限", null=True, blank=True)

    # Fees (国办函〔2020〕109号) ---------------------------------------------------------------
    fee_amount = models.DecimalField("信息处理费（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    fee_basis = models.CharField("计费说明", max_length=200, blank=True)
    fee_notice_on = models.DateField("收费通知日期", null=True, blank=True)
    fee_due = models.DateField("缴费期限", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    # The decision -----------------------------------------------------------------------------
    outcome = models.CharField("办理结果", max_length=32, choices=OUTCOME_CHOICES, blank=True, db_index=True)
    decision_basis = models.TextField("理由和依据", blank=True)
    decision_letter = models.TextField("告知书", blank=True)
    decided_at = models.DateTimeField("拟定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_via = models.CharField(
        "送达方式",
        max_length=16,
        choices=[("email", "电子邮件"), ("print", "打印邮寄或当面送达"), ("online", "网上查询")],
        blank=True,
    )
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["profile", "state", "-submitted_at"]),
            models.Index(fields=["handler", "state", "-submitted_at"]),
        ]

    def __str__(self):
        return f"{self.number} {self.get_applicant_kind_display()}"


class ApplicationFile(models.Model):
    class Kind(models.TextChoices):
        APPLICANT = "applicant", "申请人材料"
        RELEASED = "released", "公开的信息"
        LETTER = "letter", "告知书"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    file = models.FileField("文件", storage=get_private_storage, upload_to="disclosure/%Y/%m/")
    name = models.CharField("文件名", max_length=120)
    content_type = models.CharField("类型", max_length=60)
    size = models.PositiveIntegerField("大小")
    added_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请文件"


class ApplicationEvent(models.Model):
    """One step of an application's handling, with who and when."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", "提交申请"
        RECORDED = "recorded", "登记申请"
        RECEIVED = "received", "确认收到"
        FORWARDED = "forwarded", "转交办理"
        CLARIFICATION_SENT = "clarification_sent", "告知补正"
        CLARIFIED = "clarified", "申请人补正"
        NOT_CORRECTED = "not_corrected", "逾期未补正"
        EXTENDED = "extended", "延长答复期限"
        CONSULTED = "consulted", "征求第三方意见"
        CONSULTATION_ENDED = "consultation_ended", "第三方意见返回"
        FEE_NOTICE = "fee_notice", "收费通知"
        FEE_PAID = "fee_paid", "缴纳费用"
        FEE_UNPAID = "fee_unpaid", "逾期未缴费"
        DECIDED = "decided", "拟定告知书"
        SENT_BACK = "sent_back", "告知书退回修改"
        APPROVED = "approved", "告知书审核通过"
        SENT = "sent", "送达告知书"
        REMINDED = "reminded", "到期提醒"
        VIEWED = "viewed", "申请人查询"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间", auto_now_add=True)
    action = models.CharField("操作", max_length=24, choices=Action.choices)
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


class DisclosureColumnPage(RoutablePageMixin, ColumnPage):
    """The 依申请公开 column: the 申请须知 (who may apply, the periods, the fees rule) leading to
    the application form and the lookup (disclosure.urls, on the site's hostname); its items, if
    the office publishes any, are listed as in any column."""

    parent_page_types = ["columns.ChannelPage", "columns.ColumnPage"]

    class Meta:
        verbose_name = "依申请公开栏目"

    @path("")
    def index_route(self, request, *args, **kwargs):
        from .views_public import column_index

        return column_index(request, self)
