import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from content.models import ArticlePage, GovDocumentPage, NoticePage
from interaction.models import Letter, LetterKind
from sites.models import Unit
from sites.units import profile_of


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Unit.Kind.CITY_DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def groups(self, create, groups):
        if groups:
            self.groups.add(*groups)
        self.save()


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"图片{n}")
    file = factory.LazyFunction(lambda: get_test_image_file(size=(1200, 800)))


class PageFactory(factory.Factory):
    """Adds the page under `parent` (required), live and published at `first_published_at`."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"测试信息{n}")
    slug = factory.Sequence(lambda n: f"item-{n}")
    live = True
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        return page


class ArticlePageFactory(PageFactory):
    class Meta:
        model = ArticlePage

    body = "<p>正文内容。</p>"


class NoticePageFactory(PageFactory):
    class Meta:
        model = NoticePage

    body = "<p>通知正文。</p>"


class GovDocumentPageFactory(PageFactory):
    class Meta:
        model = GovDocumentPage

    issuer = "双鸭山市人民政府办公室"
    doc_number = factory.Sequence(lambda n: f"双政办发〔2026〕{n + 1}号")
    written_date = factory.LazyFunction(lambda: timezone.localdate())
    publish_date = factory.LazyFunction(lambda: timezone.localdate())
    body = "<p>文件正文。</p>"


class LetterFactory(factory.django.DjangoModelFactory):
    """A letter as the public form would have saved it, straight into the table: `mailbox` (a
    MailboxPage) is required; profile and handler default to the mailbox's unit, the clock to
    the receiving time."""

    class Meta:
        model = Letter

    number = factory.Sequence(lambda n: f"T{n:08d}")
    query_code_hash = "0" * 64
    kind = LetterKind.CONSULTATION
    title = factory.Sequence(lambda n: f"关于小区供暖问题的咨询{n}")
    content = "我家住在福利镇，今年冬天室内温度一直不达标，请问应向哪个部门反映？联系电话13800000000。"
    name = "张三丰"
    phone = "13800000000"
    email = "resident@example.cn"
    received_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, mailbox, **kwargs):
        from interaction import clock

        profile = kwargs.pop("profile", None) or profile_of(mailbox)
        kwargs.setdefault("handler", profile)
        kwargs.setdefault("accept_due", clock.accept_due(profile, kwargs["received_at"]))
        return model_class.objects.create(*args, mailbox=mailbox, profile=profile, **kwargs)
