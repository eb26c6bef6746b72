"""Internal links resolved against the page tree, documents, images, media and static files and the
URLconf, without a single HTTP request (no server runs in these tests)."""

from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.contrib.redirects.models import Redirect

from linkcheck.internal import SiteMap, resolve_internal
from sites.provisioning import close_site
from tests.factories import ArticlePageFactory, ImageFactory

from .conftest import make_document


def verdicts(*urls):
    found = resolve_internal(urls)
    return [found[url] for url in urls]


def works(url):
    (verdict,) = verdicts(url)
    return verdict.ok


def error_of(url):
    (verdict,) = verdicts(url)
    assert not verdict.ok and verdict.confirmed and verdict.status is None
    return verdict.error


def test_page_ids_resolve_to_live_pages_only(column):
    news = column("jixian", "news/local-news")
    live = ArticlePageFactory(parent=news)
    draft = ArticlePageFactory(parent=news)
    draft.unpublish()
    deleted = ArticlePageFactory(parent=news)
    deleted_pk = deleted.pk
    deleted.delete()

    assert works(f"page:{live.pk}")
    assert error_of(f"page:{draft.pk}") == "链接的页面未发布"
    assert error_of(f"page:{deleted_pk}") == "链接的页面已删除"


def test_documents_and_images_need_their_row_and_their_file(db):
    document, lost_document, deleted_document = make_document(), make_document(name="lost.pdf"), make_document()
    lost_document.file.storage.delete(lost_document.file.name)
    deleted_pk = deleted_document.pk
    deleted_document.delete()
    image, lost_image = ImageFactory(), ImageFactory()
    lost_image.file.storage.delete(lost_image.file.name)

    assert works(f"document:{document.pk}")
    assert error_of(f"document:{lost_document.pk}") == f"文档文件缺失：{lost_document.file.name}"
    assert error_of(f"document:{deleted_pk}") == "文档已删除"
    assert works(f"image:{image.pk}")
    assert error_of(f"image:{lost_image.pk}").startswith("图片文件缺失")
    assert works(f"http://localhost/documents/{document.pk}/{document.filename}")
    assert error_of(f"http://jixian.localhost/documents/{deleted_pk}/form.pdf") == "文档已删除"


def test_media_and_static_files_are_looked_up_in_storage(db):
    name = default_storage.save("linkcheck/年度报告.pdf", ContentFile(b"%PDF"))
    try:
        assert works(f"http://localhost/media/{name}")
        assert works(f"http://jixian.localhost/media/{quote(name)}")
        assert error_of("http://localhost/media/linkcheck/missing.pdf") == "媒体文件不存在"
    finally:
        default_storage.delete(name)
    assert works("http://localhost/static/css/site.css")
    assert error_of("http://localhost/static/no/such.css") == "静态文件不存在"
    assert error_of("http://localhost/media/../cluster/settings/base.py") == "媒体文件不存在"


def test_django_views_resolve_without_a_request(db):
    assert works("http://localhost/search/?q=防火")
    assert works("http://jixian.localhost/feed/")
    assert works("http://localhost/sitemap.xml")


def test_page_paths_resolve_under_the_site_of_the_hostname(column, sites):
    news = column("jixian", "news/local-news")
    article = ArticlePageFactory(parent=news, slug="spring-ploughing")

    assert works("http://jixian.localhost/news/local-news/spring-ploughing/")
    assert works("http://jixian.localhost/news/local-news/spring-ploughing")  # CommonMiddleware appends the slash
    assert works("http://jixian.localhost/news/local-news/spring-ploughing/#comments")
    assert works("http://jixian.localhost:8000/news/")  # the site as the demo serves it
    assert works("http://localhost/jixian/news/")  # the portal routes into the county (and answers 301)
    assert works("http://jixian.localhost/fuli/")
    assert works("http://localhost/")
    assert error_of("http://youyi.localhost/news/local-news/spring-ploughing/") == "页面不存在"
    assert error_of("http://jixian.localhost/news/no-such-column/") == "页面不存在"

    article.delete()
    assert error_of("http://jixian.localhost/news/local-news/spring-ploughing/") == "页面不存在"


def test_a_redirect_keeps_an_old_path_working(column, sites):
    news = column("jixian", "news/local-news")
    article = ArticlePageFactory(parent=news)
    Redirect.add_redirect("/old/spring/", redirect_to=article, site=sites["jixian"])

    assert works("http://jixian.localhost/old/spring/")
    assert error_of("http://youyi.localhost/old/spring/") == "页面不存在"


def test_language_prefixes_follow_the_portals_translated_trees(english_column):
    assert works("http://localhost/en/")
    assert works(f"http://localhost/en/city-profile/{english_column.slug}/")
    assert error_of("http://localhost/en/investment/") == "页面不存在"  # not translated here
    assert error_of("http://localhost/ru/city-profile/") == "双鸭山市人民政府没有俄文版"
    assert error_of("http://jixian.localhost/en/") == "集贤县人民政府没有英文版"


def test_a_closed_sites_addresses_are_dead(db, column):
    assert works("http://fuli.jixian.localhost/news/")
    close_site("fuli.jixian.localhost")
    assert error_of("http://fuli.jixian.localhost/news/") == "集贤县福利镇人民政府已关停"
    assert error_of(f"page:{column('fuli', 'news').pk}") == "链接的页面未发布"


def test_nothing_is_asked_twice(column, django_assert_max_num_queries):
    news = column("jixian", "news/local-news")
    pages = [ArticlePageFactory(parent=news) for _ in range(5)]
    documents = [make_document() for _ in range(5)]
    urls = [f"page:{p.pk}" for p in pages] + [f"document:{d.pk}" for d in documents]
    urls += [f"http://jixian.localhost/news/local-news/{p.slug}/" for p in pages] + ["http://localhost/nowhere/"]
    sitemap = SiteMap()
    with django_assert_max_num_queries(4):  # pages by id, documents, page paths, redirects
        found = resolve_internal(urls, sitemap)
    assert [found[url].ok for url in urls] == [True] * 15 + [False]
