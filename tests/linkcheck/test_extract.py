"""Extraction: every source of links on every live page of the open sites, in all languages, in a
number of queries that does not grow with the pages."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from columns.models import LinkColumnPage
from content.models import PolicyInterpretationPage, ServiceGuidePage
from linkcheck.extract import collect, open_site_profile
from linkcheck.internal import SiteMap
from tests.factories import ArticlePageFactory, GovDocumentPageFactory, ImageFactory, NoticePageFactory, UnitFactory

from .conftest import make_document, rich_link

OUTSIDE = "http://127.0.0.1:9"


def links_of(found, *pages):
    ids = {page.pk for page in pages}
    return {(link.page_id, link.url): (link.kind, link.field) for link in found.links.values() if link.page_id in ids}


def service_guide(parent, **fields):
    required = {
        "title": "户籍迁移办理指南",
        "slug": "hukou",
        "basis": "<p>依据</p>",
        "conditions": "<p>条件</p>",
        "materials": "<p>材料</p>",
        "location": "政务服务中心",
        "office_hours": "工作日",
        "phone": "0469-0000000",
        "process": "<p>流程</p>",
    }
    guide = ServiceGuidePage(**{**required, **fields})
    parent.add_child(instance=guide)
    return guide


def test_rich_text_yields_page_document_image_and_address_links_and_skips_the_rest(column):
    news = column("jixian", "news/local-news")
    target = ArticlePageFactory(parent=news, title="目标页面")
    document = make_document()
    image = ImageFactory()
    body = (
        f'<p><a linktype="page" id="{target.pk}">站内页面</a><a linktype="document" id="{document.pk}">附件</a></p>'
        f'<embed embedtype="image" id="{image.pk}" format="left" alt="图"/>'
        + rich_link(f"{OUTSIDE}/outside")
        + rich_link(f"{OUTSIDE}/outside#part")
        + rich_link("/news/")
        + rich_link("attachments/")
        + rich_link("https://jixian.localhost/profile/")
        + rich_link("mailto:office@example.org")
        + rich_link("tel:04690000000")
        + rich_link("javascript:void(0)")
        + rich_link("#top")
    )
    article = ArticlePageFactory(parent=news, body=body, image=image)

    links = links_of(collect(SiteMap()), article)

    assert links == {
        (article.pk, f"page:{target.pk}"): ("internal", "正文"),
        (article.pk, f"document:{document.pk}"): ("internal", "正文"),
        (article.pk, f"image:{image.pk}"): ("internal", "正文、图片"),
        (article.pk, f"{OUTSIDE}/outside"): ("external", "正文"),
        (article.pk, "http://jixian.localhost/news/"): ("internal", "正文"),
        (article.pk, f"{article.full_url}attachments/"): ("internal", "正文"),
        (article.pk, "https://jixian.localhost/profile/"): ("internal", "正文"),
    }


def test_stream_blocks_url_fields_and_foreign_keys_are_read(column):
    document = make_document()
    guide = service_guide(
        column("jixian", "services/individual-services"),
        basis=f"<p>{rich_link(f'{OUTSIDE}/law')}</p>",
        forms=[{"type": "form", "value": {"title": "申请表", "document": document.pk}}],
        online_url=f"{OUTSIDE}/online",
    )
    notice = NoticePageFactory(parent=column("jixian", "disclosure/notices"), attachment=document)
    link_column = LinkColumnPage(title="省政务服务网", slug="province-services", link_url=f"{OUTSIDE}/province")
    column("jixian", "services/individual-services").add_child(instance=link_column)
    policy = GovDocumentPageFactory(parent=column("jixian", "disclosure/government-documents"))
    interpretation = PolicyInterpretationPage(title="解读", slug="reading", document=policy)
    column("jixian", "disclosure/policy-interpretation").add_child(instance=interpretation)

    links = links_of(collect(SiteMap()), guide, notice, link_column, interpretation)

    assert links == {
        (guide.pk, f"{OUTSIDE}/law"): ("external", "设定依据"),
        (guide.pk, f"document:{document.pk}"): ("internal", "表格下载 › 文件"),
        (guide.pk, f"{OUTSIDE}/online"): ("external", "在线办理"),
        (notice.pk, f"document:{document.pk}"): ("internal", "附件"),
        (link_column.pk, f"{OUTSIDE}/province"): ("external", "链接地址"),
        (interpretation.pk, f"page:{policy.pk}"): ("internal", "解读的文件"),
    }


def test_each_page_knows_its_deepest_open_site_and_unit(column, sites):
    unit = UnitFactory(name="集贤县公安局")
    guide = service_guide(column("jixian", "services/individual-services"), online_url=f"{OUTSIDE}/a", unit=unit)
    township_news = ArticlePageFactory(parent=column("fuli", "news"), body=rich_link(f"{OUTSIDE}/b"))

    pages = collect(SiteMap()).pages

    assert pages[guide.pk].profile == sites["jixian"].profile
    assert pages[guide.pk].unit_id == unit.pk
    assert pages[township_news.pk].profile == sites["fuli"].profile
    assert pages[township_news.pk].unit_id == sites["fuli"].profile.unit_id
    assert pages[township_news.pk].url == township_news.full_url
    assert township_news.full_url.startswith("http://fuli.jixian.localhost/")


def test_only_live_pages_count(column):
    news = column("jixian", "news/local-news")
    draft = ArticlePageFactory(parent=news, live=False, body=rich_link(f"{OUTSIDE}/draft"))
    assert links_of(collect(SiteMap()), draft) == {}


def test_one_site_is_its_own_pages_without_its_townships(column, sites):
    county = ArticlePageFactory(parent=column("jixian", "news/local-news"), body=rich_link(f"{OUTSIDE}/c"))
    township = ArticlePageFactory(parent=column("fuli", "news"), body=rich_link(f"{OUTSIDE}/t"))
    portal = NoticePageFactory(parent=column("portal", "homepage/notices"), body=rich_link(f"{OUTSIDE}/p"))

    found = collect(SiteMap(), open_site_profile("jixian.localhost"))

    assert county.pk in found.pages
    assert township.pk not in found.pages and portal.pk not in found.pages
    assert {page.profile for page in found.pages.values()} == {sites["jixian"].profile}


def test_english_pages_are_read_with_their_english_addresses(english_column):
    english_column.intro = rich_link("/en/investment/") + rich_link("../") + rich_link(f"{OUTSIDE}/en")
    english_column.save_revision().publish()

    found = collect(SiteMap())

    assert found.pages[english_column.pk].url == f"http://localhost/en/city-profile/{english_column.slug}/"
    assert links_of(found, english_column) == {
        (english_column.pk, "http://localhost/en/investment/"): ("internal", "栏目说明"),
        (english_column.pk, "http://localhost/en/city-profile/"): ("internal", "栏目说明"),
        (english_column.pk, f"{OUTSIDE}/en"): ("external", "栏目说明"),
    }


def test_extraction_takes_the_same_queries_for_3_pages_or_30(column):
    news = column("jixian", "news/local-news")
    notices = column("youyi", "disclosure/notices")
    document = make_document()

    def add(n):
        for _ in range(n):
            ArticlePageFactory(parent=news, body=rich_link(f"{OUTSIDE}/x") + rich_link("/news/"), image=ImageFactory())
            NoticePageFactory(parent=notices, attachment=document)

    def count():
        with CaptureQueriesContext(connection) as queries:
            collect(SiteMap())
        return len(queries)

    add(3)
    count()  # content types and site root paths cached
    few = count()
    add(27)
    assert count() == few
    assert few <= 25
