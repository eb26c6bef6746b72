import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from content.models import ArticlePage, GovDocumentPage, NoticePage
from sites.models import Unit


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
