import datetime

import pytest
from django.core.exceptions import ValidationError

from content.models import (
    ArticlePage,
    InstitutionPage,
    LeaderPage,
    PolicyInterpretationPage,
    ServiceGuidePage,
    SpecialTopicPage,
)
from tests.factories import ArticlePageFactory, GovDocumentPageFactory, ImageFactory, NoticePageFactory

pytestmark = pytest.mark.django_db


def get(client, page):
    response = client.get(page.url, HTTP_HOST=page.get_site().hostname)
    assert response.status_code == 200
    return response.content.decode()


def test_news_shows_government_meta_tags_and_footer_identity(client, column, sites):
    profile = sites["jixian"].profile
    profile.icp_number, profile.public_security_number = "黑ICP备05000001号", "黑公网安备23052102000001号"
    profile.contact_phone = "0469-4612345"
    profile.save()
    news = ArticlePageFactory(
        parent=column("jixian", "news/local-news"),
        title="集贤县召开春耕生产推进会",
        source="集贤县融媒体中心",
    )
    html = get(client, news)
    assert '<meta name="SiteIDCode" content="2305000002">' in html
    assert '<meta name="ColumnName" content="本地要闻">' in html
    assert '<meta name="ArticleTitle" content="集贤县召开春耕生产推进会">' in html
    assert "来源：集贤县融媒体中心" in html
    for text in [
        "主办单位：集贤县人民政府办公室",
        "网站标识码：2305000002",
        "黑ICP备05000001号",
        "黑公网安备23052102000001号",
        "0469-4612345",
    ]:
        assert text in html
    assert '<html lang="zh-Hans">' in html


def test_photo_news_needs_a_picture_and_shows_it_at_600x400(client, column):
    page = ArticlePage(title="图片新闻", slug="photo", kind="photo")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "image" in error.value.message_dict
    photo = ArticlePageFactory(
        parent=column("jixian", "news/photo-news"),
        kind="photo",
        image=ImageFactory(),
        image_caption="插秧现场",
    )
    html = get(client, photo)
    assert 'width="600"' in html and 'height="400"' in html and "插秧现场" in html


def test_government_document_shows_its_disclosure_metadata_and_interpretations(client, column):
    document = GovDocumentPageFactory(
        parent=column("portal", "homepage/disclosure-catalogue/government-documents/municipal-government-documents"),
        title="关于做好2017年市政府门户网站内容保障工作的通知",
        doc_number="双政办文〔2017〕3号",
        index_number="2305000001/2017-00003",
        written_date=datetime.date(2017, 2, 20),
        publish_date=datetime.date(2017, 2, 22),
        topic="综合政务",
        disclosure="proactive",
    )
    interpretation = PolicyInterpretationPage(
        title="一图读懂内容保障工作", slug="reading", document=document, body="<p>解读</p>"
    )
    column("portal", "gov-disclosure/policy-interpretation").add_child(instance=interpretation)
    html = get(client, document)
    expected = "索引号 2305000001/2017-00003 发文机关 双鸭山市人民政府办公室 双政办文〔2017〕3号 2017年2月20日"
    expected += " 2017年2月22日 综合政务 主动公开 有效 一图读懂内容保障工作"
    for text in expected.split():
        assert text in html
    assert "双政办文〔2017〕3号" in get(client, interpretation)


def test_document_cannot_be_published_before_it_was_written(column):
    document = GovDocumentPageFactory.build(
        written_date=datetime.date(2026, 3, 2), publish_date=datetime.date(2026, 3, 1), slug="d", title="文件"
    )
    with pytest.raises(ValidationError, match="发布日期不能早于成文日期"):
        document.full_clean()


def test_service_guide_shows_every_fixed_field(client, column):
    guide = ServiceGuidePage(
        title="城乡居民基本养老保险参保登记",
        slug="pension",
        basis="<ul><li>《中华人民共和国社会保险法》第二十条</li></ul>",
        conditions="<ul><li>年满16周岁</li></ul>",
        materials="<ul><li>居民身份证</li></ul>",
        location="双鸭山市政务服务中心一楼",
        office_hours="周一至周五 8:30—17:00",
        phone="0469-4222123",
        process="<ol><li>受理</li><li>审核</li></ol>",
        faq=[("question", {"question": "可以代办吗？", "answer": "可以，需携带委托书。"})],
        online_url="https://zwfw.hlj.gov.cn/",
    )
    column("portal", "services/individuals/social-security").add_child(instance=guide)
    html = get(client, guide)
    for label in [
        "事项名称",
        "设定依据",
        "申请条件",
        "办理材料",
        "办理地点",
        "办理时间",
        "联系电话",
        "办理流程",
        "常见问题",
        "在线办理",
    ]:
        assert f">{label}<" in html
    assert "可以代办吗？" in html and "居民身份证" in html


def test_leader_institution_notice_and_topic_pages_render(client, column, sites):
    leaders = column("portal", "leadership/government-leaders")
    leader = LeaderPage(
        title="王建国", slug="wang", position="市长", duties="主持市政府全面工作。", cv="<p>男，汉族。</p>"
    )
    leaders.add_child(instance=leader)
    assert "主持市政府全面工作" in get(client, leader)
    institution = InstitutionPage(
        title="双鸭山市发展和改革委员会",
        slug="fgw",
        functions="<ol><li>拟订发展规划</li></ol>",
        phone="0469-4221234",
    )
    column("jixian", "disclosure/functions").add_child(instance=institution)
    assert "拟订发展规划" in get(client, institution)
    notice = NoticePageFactory(parent=column("portal", "homepage/notices"), title="关于端午节放假的通知")
    assert "关于端午节放假的通知" in get(client, notice)
    topic = SpecialTopicPage(title="森林防火专题", slug="fire")
    sites["portal"].root_page.add_child(instance=topic)
    ArticlePageFactory(parent=topic, title="专题新闻")
    assert "专题新闻" in get(client, topic)


def test_column_lists_items_newest_first_with_pagination(client, column):
    news = column("youyi", "news/local-news")
    for n in range(25):
        ArticlePageFactory(
            parent=news,
            title=f"第{n:02d}条",
            first_published_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=n),
        )
    first = get(client, news)
    assert first.index("第24条") < first.index("第23条") and "第04条" not in first
    second = client.get(news.url + "?page=2", HTTP_HOST="youyi.localhost").content.decode()
    assert "第04条" in second and "第05条" not in second
    assert client.get(news.url + "?page=abc", HTTP_HOST="youyi.localhost").status_code == 200
