from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from proofreading.forms import ProofreadingPageForm
from sites.permissions import SitePermissionsMixin
from sites.routing import CanonicalAddressMixin

from .blocks import FormDownloadBlock, QuestionBlock
from .dates import HonestDatesMixin

# 主题分类 of the 政府信息公开目录
TOPICS = [
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "其他",
]


def optional_link(to, verbose_name):
    """A link an editor may leave empty, and that empties itself when its target is deleted."""
    return models.ForeignKey(
        to, verbose_name=verbose_name, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )


ITEM_PARENTS = ["columns.ColumnPage", "content.SpecialTopicPage"]
RICH_TEXT = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "image"]


class ItemPage(SitePermissionsMixin, HonestDatesMixin, CanonicalAddressMixin, Page):
    """What every published item has: its text, its source and the unit that answers for it."""

    summary = models.TextField("摘要", blank=True)
    body = RichTextField("正文", blank=True, features=RICH_TEXT)
    source = models.CharField("来源", max_length=100, blank=True)
    unit = optional_link("sites.Unit", "发布单位")
    sensitive = models.BooleanField(
        "敏感信息",
        default=False,
        help_text="涉及敏感内容的信息，终审后还须经市级审核（敏感信息）方可发布。",
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    item_panels = [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("source"),
        FieldPanel("unit"),
        FieldPanel("sensitive"),
    ]
    content_panels = Page.content_panels + item_panels

    parent_page_types = ITEM_PARENTS
    subpage_types = []
    base_form_class = ProofreadingPageForm

    class Meta:
        abstract = True


class ArticlePage(ItemPage):
    """新闻 and 图片新闻 (photo news carries a 600×400 picture)."""

    class Kind(models.TextChoices):
        NEWS = "news", "新闻"
        PHOTO = "photo", "图片新闻"

    kind = models.CharField("类型", max_length=8, choices=Kind.choices, default=Kind.NEWS)
    image = optional_link("wagtailimages.Image", "图片")
    image_caption = models.CharField("图片说明", max_length=100, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_caption")], heading="图片"),
        *ItemPage.item_panels,
    ]

    class Meta:
        verbose_name = "新闻"

    def clean(self):
        super().clean()
        if self.kind == self.Kind.PHOTO and not self.image_id:
            raise ValidationError({"image": "图片新闻必须上传图片。"})


class NoticePage(ItemPage):
    attachment = optional_link("wagtaildocs.Document", "附件")

    content_panels = ItemPage.content_panels + [FieldPanel("attachment")]

    class Meta:
        verbose_name = "通知公告"


class GovDocumentPage(ItemPage):
    """政府文件 with the disclosure metadata of the 政府信息公开目录."""

    class Disclosure(models.TextChoices):
        PROACTIVE = "proactive", "主动公开"
        ON_REQUEST = "on_request", "依申请公开"

    class Validity(models.TextChoices):
        VALID = "valid", "有效"
        INVALID = "invalid", "失效"
        REPEALED = "repealed", "废止"

    class Kind(models.TextChoices):
        """What the annual disclosure report counts (第二十条第（一）项)."""

        RULE = "rule", "规章"
        NORMATIVE = "normative", "行政规范性文件"
        OTHER = "other", "其他文件"

    index_number = models.CharField("索引号", max_length=50, blank=True)
    issuer = models.CharField("发文机关", max_length=100)
    doc_number = models.CharField("文号", max_length=50, blank=True)
    written_date = models.DateField("成文日期")
    publish_date = models.DateField("发布日期")
    topic = models.CharField("主题分类", max_length=30, choices=[(t, t) for t in TOPICS], default=TOPICS[0])
    disclosure = models.CharField("公开属性", max_length=12, choices=Disclosure.choices, default=Disclosure.PROACTIVE)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    validity_changed_on = models.DateField(
        "失效或废止日期", null=True, blank=True, help_text="有效性为失效或废止时必填。"
    )
    document_kind = models.CharField("文件类别", max_length=10, choices=Kind.choices, default=Kind.OTHER)
    attachment = optional_link("wagtaildocs.Document", "附件")

    search_fields = ItemPage.search_fields + [
        index.SearchField("doc_number"),
        index.SearchField("issuer"),
        index.FilterField("topic"),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("index_number"),
                FieldPanel("issuer"),
                FieldPanel("doc_number"),
                FieldPanel("document_kind"),
                FieldPanel("written_date"),
                FieldPanel("publish_date"),
                FieldPanel("topic"),
                FieldPanel("disclosure"),
                FieldPanel("validity"),
                FieldPanel("validity_changed_on"),
            ],
            heading="公开信息",
        ),
        *ItemPage.item_panels,
        FieldPanel("attachment"),
    ]

    class Meta:
        verbose_name = "政府文件"

    def clean(self):
        super().clean()
        if self.written_date and self.publish_date and self.publish_date < self.written_date:
            raise ValidationError({"publish_date": "发布日期不能早于成文日期。"})
        if self.validity == self.Validity.VALID:
            self.validity_changed_on = None
        elif not self.validity_changed_on:
            raise ValidationError({"validity_changed_on": "文件已失效或废止，请填写失效或废止日期。"})
        elif self.publish_date and self.validity_changed_on < self.publish_date:
            raise ValidationError({"validity_changed_on": "失效或废止日期不能早于发布日期。"})


class PolicyInterpretationPage(ItemPage):
    document = models.ForeignKey(
        GovDocumentPage,
        verbose_name="解读的文件",
        on_delete=models.PROTECT,
        related_name="interpretations",
    )

    content_panels = Page.content_panels + [FieldPanel("document"), *ItemPage.item_panels]

    class Meta:
        verbose_name = "政策解读"


class InvestmentProjectPage(ItemPage):
    """招商项目: an offer to investors, with the facts they compare projects by."""

    sector = models.CharField("所属行业", max_length=100)
    location = models.CharField("建设地点", max_length=200)
    total_investment = models.CharField("总投资", max_length=50, help_text="如：12亿元")
    cooperation = models.CharField("合作方式", max_length=200, blank=True)
    contact = models.CharField("联系方式", max_length=200, blank=True)

    search_fields = ItemPage.search_fields + [index.SearchField("sector"), index.SearchField("location")]
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("sector"),
                FieldPanel("location"),
                FieldPanel("total_investment"),
                FieldPanel("cooperation"),
                FieldPanel("contact"),
            ],
            heading="项目要素",
        ),
        *ItemPage.item_panels,
    ]

    class Meta:
        verbose_name = "招商项目"


class LeaderPage(SitePermissionsMixin, HonestDatesMixin, CanonicalAddressMixin, Page):
    position = models.CharField("职务", max_length=100)
    photo = optional_link("wagtailimages.Image", "照片")
    duties = models.TextField("工作分工")
    cv = RichTextField("简历", blank=True, features=["bold", "ol", "ul"])

    search_fields = Page.search_fields + [index.SearchField("position"), index.SearchField("duties")]
    content_panels = Page.content_panels + [
        FieldPanel("position"),
        FieldPanel("photo"),
        FieldPanel("duties"),
        FieldPanel("cv"),
    ]
    parent_page_types = ITEM_PARENTS
    subpage_types = []

    class Meta:
        verbose_name = "领导信息"


class InstitutionPage(SitePermissionsMixin, HonestDatesMixin, CanonicalAddressMixin, Page):
    """机构概况: functions and how to reach the institution."""

    functions = RichTextField("机构职能", features=["bold", "ol", "ul"])
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    office_hours = models.CharField("办公时间", max_length=100, blank=True)
    unit = optional_link("sites.Unit", "单位")

    search_fields = Page.search_fields + [index.SearchField("functions")]
    content_panels = Page.content_panels + [
        FieldPanel("unit"),
        FieldPanel("functions"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("office_hours")],
            heading="联系方式",
        ),
    ]
    parent_page_types = ITEM_PARENTS
    subpage_types = []

    class Meta:
        verbose_name = "机构概况"


class ServiceGuidePage(SitePermissionsMixin, HonestDatesMixin, CanonicalAddressMixin, Page):
    """办事指南 with the fixed fields every guide must carry."""

    base_form_class = ProofreadingPageForm

    basis = RichTextField("设定依据", features=["ol", "ul", "link"])
    conditions = RichTextField("申请条件", features=["ol", "ul"])
    materials = RichTextField("办理材料", features=["ol", "ul"])
    location = models.CharField("办理地点", max_length=200)
    office_hours = models.CharField("办理时间", max_length=200)
    phone = models.CharField("联系电话", max_length=50)
    process = RichTextField("办理流程", features=["ol", "ul"])
    forms = StreamField([("form", FormDownloadBlock())], verbose_name="表格下载", blank=True)
    faq = StreamField([("question", QuestionBlock())], verbose_name="常见问题", blank=True)
    online_url = models.URLField("在线办理", blank=True)
    unit = optional_link("sites.Unit", "实施机关")
    keywords = models.CharField(
        "俗称/关键词",
        max_length=200,
        blank=True,
        help_text="群众的常用叫法，用逗号或顿号分隔，如“开公司、办营业执照”；站内搜索按这些词也能找到本指南。",
    )

    search_fields = Page.search_fields + [
        index.SearchField("conditions"),
        index.SearchField("materials"),
        index.SearchField("process"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("keywords"),
        FieldPanel("unit"),
        FieldPanel("basis"),
        FieldPanel("conditions"),
        FieldPanel("materials"),
        MultiFieldPanel(
            [FieldPanel("location"), FieldPanel("office_hours"), FieldPanel("phone")],
            heading="办理地点与时间",
        ),
        FieldPanel("process"),
        FieldPanel("forms"),
        FieldPanel("faq"),
        FieldPanel("online_url"),
    ]
    parent_page_types = ITEM_PARENTS
    subpage_types = []

    class Meta:
        verbose_name = "办事指南"


class SpecialTopicPage(SitePermissionsMixin, CanonicalAddressMixin, Page):
    """专题: a campaign page with its own columns and items."""

    intro = RichTextField("专题简介", blank=True, features=["bold", "link"])
    banner = optional_link("wagtailimages.Image", "题图")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("banner")]
    parent_page_types = ["home.PortalHomePage", "home.SiteHomePage", "columns.ChannelPage"]
    subpage_types = ["columns.ColumnPage", "content.ArticlePage", "content.NoticePage"]

    class Meta:
        verbose_name = "专题"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        children = self.get_children().live().specific()
        context["children"] = children
        return context
