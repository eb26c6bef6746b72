"""<meta name="description">: the page's search description, else its summary or introduction,
else the first paragraph of its text, else the site's own description; plain text of at most
120 characters."""

import pytest
from wagtail.models import Site

from columns.models import ColumnPage
from content.models import ArticlePage, GovDocumentPage, LeaderPage, ServiceGuidePage
from home.models import PortalHomePage
from interaction.models import LetterPage
from sites.descriptions import LENGTH, page_description, shorten

pytestmark = pytest.mark.django_db  # a new Page asks for the default locale

SITE = Site(hostname="jixian.localhost", site_name="集贤县人民政府")


def test_the_search_description_comes_first_then_the_summary_then_the_first_paragraph():
    page = ArticlePage(search_description="搜索摘要", summary="摘要", body="<p>正文</p>")
    assert page_description(page, SITE) == "搜索摘要"
    page.search_description = "  "
    assert page_description(page, SITE) == "摘要"
    page.summary = ""
    assert page_description(page, SITE) == "正文"


def test_the_first_paragraph_with_text_is_plain_text_with_its_whitespace_collapsed():
    body = '<p> </p><p><img alt="" src="/x.png"></p><h3>一、 总体\n要求</h3><p>第二段 &amp; <b>加粗</b>&nbsp;文字</p>'
    assert page_description(GovDocumentPage(body=body), SITE) == "一、 总体 要求"
    assert page_description(GovDocumentPage(body="<p></p><p>&lt;script&gt; 与 <a href='/x'>链接</a></p>"), SITE) == (
        "<script> 与 链接"
    )
    # plain text fields: the first non-empty line
    assert page_description(LeaderPage(duties="\n\n  负责全面工作。\n分管财政。"), SITE) == "负责全面工作。"
    assert page_description(LetterPage(question="请问\r\n社保"), SITE) == "请问"


def test_long_text_is_cut_on_a_character_boundary_with_an_ellipsis():
    chinese = "为进一步优化营商环境" * 100
    description = page_description(ArticlePage(summary=chinese), SITE)
    assert len(description) == LENGTH and description.endswith("…")
    assert chinese.startswith(description[:-1])
    emoji = "😀" * 500  # characters outside the BMP are one character each, never halves
    assert shorten(emoji) == "😀" * (LENGTH - 1) + "…"
    english = "Shuangyashan is located in the northeast of Heilongjiang Province " * 5
    cut = shorten(english.strip())
    assert len(cut) <= LENGTH and cut.endswith("…") and english.startswith(cut[:-1]) and cut[-2] != " "
    assert english.split()[len(cut[:-1].split()) - 1] == cut[:-1].split()[-1]  # whole words only
    assert shorten("短") == "短"


def test_a_page_without_text_and_a_view_without_a_page_get_the_sites_description():
    assert page_description(ColumnPage(title="政务公开"), SITE) == "集贤县人民政府官方网站"
    assert page_description(None, SITE) == "集贤县人民政府官方网站"
    assert page_description(ServiceGuidePage(conditions="<ul><li>年满十八周岁</li></ul>"), SITE) == "年满十八周岁"
    home = PortalHomePage(title="双鸭山市人民政府", intro="双鸭山市人民政府门户网站，发布政务信息。")
    assert page_description(None, SITE, home) == "双鸭山市人民政府门户网站，发布政务信息。"
    assert page_description(None, None) == "政府网站"


def test_foreign_pages_are_described_in_their_language():
    home = PortalHomePage(
        title="Shuangyashan Municipal People's Government", foreign_intro="<p>Welcome.</p><p>More.</p>"
    )
    assert page_description(None, SITE, home, "en") == "Welcome."
    assert page_description(ColumnPage(title="Climate"), SITE, home, "en") == "Welcome."
    home.foreign_intro = ""
    assert page_description(None, SITE, home, "en") == "Official website of Shuangyashan Municipal People's Government"
    home.title = "Народное правительство города Шуанъяшань"
    assert page_description(None, SITE, home, "ru") == "Официальный сайт: Народное правительство города Шуанъяшань"
    column = ColumnPage(title="Climate", intro="<p>A <b>cold</b> temperate climate.</p>")
    assert page_description(column, SITE, home, "en") == "A cold temperate climate."
