"""Direct answers (栏目直达, 服务直达): a query naming a column, channel, service guide, department
or leader shows that page first, as a box with its link, and never a page residents may not see."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, PageViewRestriction, Site

from columns.models import ChannelPage, ColumnPage
from columns.skeleton import DEPARTMENT_INDEX_KEY
from content.models import LeaderPage, ServiceGuidePage
from search import synonyms
from search.answers import BUILD_QUERIES, answers, current_index
from search.models import Synonym
from sites.provisioning import provision_site

HOSTILE = ["防" * 1000, "！？。，、…——", "%", "_", "%_%", "公用%", "公_事业", "gongyong 事业 Пре", "\u200b", " " * 50]


def api(client, q, host="localhost", **params):
    return client.get("/api/search/", {"q": q, **params}, HTTP_HOST=host).json()


def titles(boxes):
    return [(b["kind"], b["title"], b["site"]["hostname"]) for b in boxes]


@pytest.fixture
def guide(column):
    return column("jixian", "services/individual-services").add_child(
        instance=ServiceGuidePage(
            title="内地居民结婚登记",
            slug="marriage",
            basis="<p>《婚姻登记条例》</p>",
            conditions="<p>双方自愿</p>",
            materials="<p>身份证、户口簿</p>",
            location="集贤县民政局婚姻登记处（县政务服务中心二楼）",
            office_hours="工作日 8:30—16:30",
            phone="0469-5422211",
            process="<p>申请、审查、登记</p>",
            online_url="https://zwfw.hlj.gov.cn/",
        )
    )


@pytest.mark.parametrize("query", ["公用事业", "市长信箱", "公用事业栏目", "双鸭山市市长信箱", " 公用事业 "])
def test_a_column_named_is_the_first_box_even_without_text(client, sites, query):
    data = api(client, query)
    box = data["answers"][0]
    name = "公用事业" if "公用" in query else "市长信箱"
    assert box["title"] == name and box["kind"] == "column" and box["label"] == "栏目"
    page = ColumnPage.objects.get(title=name, path__startswith=sites["portal"].root_page.path)
    assert box["url"] == page.get_full_url() and box["site"]["hostname"] == "localhost"
    if name == "公用事业":
        assert page.intro == ""  # no text of its own, so no search result: the box is the answer
        assert box["trail"] == ["办事服务", "个人服务"]
    html = client.get("/search/", {"q": query}, HTTP_HOST="localhost").content.decode()
    assert html.index('class="answers"') < html.index("search-summary")
    assert f'<a href="{page.get_full_url()}">{name}</a>' in html and "栏目直达" in html


def test_a_channel_is_answered_by_its_name_and_with_频道(client, db):
    boxes = api(client, "互动交流频道")["answers"]
    assert titles(boxes) == [("channel", "互动交流", "localhost")]


def test_this_site_first_then_the_portal_and_others_only_when_neither_has_it(client, db):
    county = api(client, "通知公告", host="jixian.localhost")["answers"]
    assert [b["site"]["hostname"] for b in county] == ["jixian.localhost", "localhost"]
    named = api(client, "集贤县通知公告")["answers"]
    assert titles(named) == [("column", "通知公告", "jixian.localhost")]
    elsewhere = api(client, "县长信箱")["answers"]  # the portal has a 市长信箱, the counties 县长信箱
    assert {b["site"]["hostname"] for b in elsewhere} == {"jixian.localhost", "youyi.localhost"}
    assert len(api(client, "政务公开")["answers"]) <= 3


def test_a_site_named_in_full_is_the_answer(client, db):
    boxes = api(client, "集贤县")["answers"]
    assert boxes[0]["kind"] == "site" and boxes[0]["url"] == "http://jixian.localhost/"


def test_a_service_guide_shows_where_when_phone_and_online_link(client, guide):
    box = api(client, "内地居民结婚登记")["answers"][0]
    assert box["kind"] == "service" and box["url"] == guide.get_full_url()
    assert box["site"]["name"] == "集贤县人民政府" and box["trail"] == ["办事服务", "个人服务"]
    assert {d["label"]: d["value"] for d in box["details"]} == {
        "办理地点": "集贤县民政局婚姻登记处（县政务服务中心二楼）",
        "办理时间": "工作日 8:30—16:30",
        "咨询电话": "0469-5422211",
    }
    assert box["online_url"] == "https://zwfw.hlj.gov.cn/"
    html = client.get("/search/", {"q": "内地居民结婚登记"}, HTTP_HOST="jixian.localhost").content.decode()
    assert "服务直达" in html and 'href="tel:04695422211"' in html
    assert '<a class="answer-online" href="https://zwfw.hlj.gov.cn/">在线办理</a>' in html


def test_a_leader_by_name_and_by_position(client, column):
    leader = column("youyi", "leadership/government-leaders").add_child(
        instance=LeaderPage(title="张建国", slug="zhang", position="县长", duties="主持县政府全面工作。")
    )
    for query in ("张建国", "张 建国"):
        box = api(client, query)["answers"][0]
        assert (box["kind"], box["url"]) == ("leader", leader.get_full_url())
        assert box["details"] == [{"label": "职务", "value": "县长"}]
    assert api(client, "县长", host="youyi.localhost")["answers"][0]["title"] == "张建国"


def test_a_department_by_its_name(client, db):
    profile = provision_site(
        parent="localhost", level="department", name="市住房和城乡建设局", path=f"{DEPARTMENT_INDEX_KEY}/zhujian"
    ).profile
    box = api(client, "市住房和城乡建设局")["answers"][0]
    assert box["kind"] == "department" and box["url"] == profile.root_page.get_full_url()
    assert box["site"]["hostname"] == "localhost" and box["label"] == "部门"


def test_another_sites_draft_and_a_private_page_never_appear(client, column, sites):
    draft = column("youyi", "disclosure/notices").add_child(
        instance=ColumnPage(title="草稿专栏甲", slug="draft-column", live=False)
    )
    private = column("jixian", "disclosure/notices").add_child(instance=ColumnPage(title="内部专栏乙", slug="inner"))
    below = private.add_child(
        instance=ServiceGuidePage(
            title="内部办事丙", slug="inner-guide", basis="-", conditions="-", materials="-",
            location="-", office_hours="-", phone="-", process="-",
        )
    )  # fmt: skip
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    for host in ("localhost", "youyi.localhost", "jixian.localhost"):
        for query in ("草稿专栏甲", "内部专栏乙", "内部办事丙"):
            assert api(client, query, host=host)["answers"] == [], (host, query)
    assert draft.pk and below.pk
    PageViewRestriction.objects.all().delete()  # the restriction lifted: the page is an answer again
    assert api(client, "内部专栏乙")["answers"][0]["title"] == "内部专栏乙"


def test_publishing_and_unpublishing_change_the_answers(client, column):
    page = column("jixian", "disclosure/notices").add_child(
        instance=ColumnPage(title="防汛专栏", slug="flood", live=False)
    )
    assert api(client, "防汛专栏")["answers"] == []
    page.save_revision().publish()
    assert api(client, "防汛专栏")["answers"][0]["url"] == page.get_full_url()
    page.refresh_from_db()
    page.unpublish()
    assert api(client, "防汛专栏")["answers"] == []


def test_only_the_default_locales_pages(client, column):
    english = ChannelPage.objects.filter(locale__language_code="en").values_list("title", flat=True).first()
    if english:
        assert all(b["url"].find("/en/") < 0 for b in api(client, english)["answers"])
    assert all("/en/" not in b["url"] and "/ru/" not in b["url"] for b in api(client, "公用事业")["answers"])


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_gives_no_box_and_no_error(client, sites, query):
    assert answers(query, sites["portal"]) == []
    for path in ("/search/", "/api/search/"):
        assert client.get(path, {"q": query}, HTTP_HOST="localhost").status_code == 200


def _warm_caches():
    Site.get_site_root_paths()
    synonyms.table()  # a name the index lacks is looked up as its expansions, from the cache
    for model in (Page, ChannelPage):
        ContentType.objects.get_for_model(model, for_concrete_model=False)


def test_a_lookup_costs_no_query_and_a_rebuild_the_same_few_whatever_the_sites(db, sites, django_assert_num_queries):
    _warm_caches()
    with django_assert_num_queries(BUILD_QUERIES):
        assert answers("公用事业", sites["portal"])
    with django_assert_num_queries(0):
        for query in ("公用事业", "市长信箱", "集贤县通知公告", "无此栏目", "防" * 1000):
            answers(query, sites["jixian"])
    sites_before = len(current_index().prefixes)
    for n in range(3):
        provision_site(parent="jixian.localhost", level="township", name=f"集贤县测试{n}镇人民政府", path=f"towns/t{n}")
    provision_site(parent="localhost", level="county", name="宝清县人民政府", hostname="baoqing.localhost")
    _warm_caches()
    with django_assert_num_queries(BUILD_QUERIES):
        assert answers("宝清县通知公告", None)[0]["site"]["hostname"] == "baoqing.localhost"
    assert len(current_index().prefixes) > sites_before


def test_a_department_by_its_name_without_its_area_this_sites_first(client, db):
    city = provision_site(
        parent="localhost", level="department", name="市住房和城乡建设局", path=f"{DEPARTMENT_INDEX_KEY}/zhujian"
    ).profile
    county = provision_site(
        parent="jixian.localhost",
        level="department",
        name="集贤县住房和城乡建设局",
        path=f"{DEPARTMENT_INDEX_KEY}/zhujian",
    ).profile
    for query in ("住房和城乡建设局", "住房和城乡建设局电话", "住房和城乡建设局在哪"):
        assert api(client, query)["answers"][0]["url"] == city.root_page.get_full_url(), query
        assert api(client, query, host="jixian.localhost")["answers"][0]["url"] == county.root_page.get_full_url()
    # Named in full, a department is the answer wherever it is asked.
    assert api(client, "集贤县住房和城乡建设局")["answers"][0]["url"] == county.root_page.get_full_url()
    Synonym.objects.filter(term="住建局").delete()  # the starter dictionary has it
    assert api(client, "住建局")["answers"] == []
    synonyms.add_synonym("住建局", "住房和城乡建设局", None)  # the dictionary's short names reach the boxes too
    assert api(client, "住建局")["answers"][0]["url"] == city.root_page.get_full_url()
    assert api(client, "住建局", host="jixian.localhost")["answers"][0]["url"] == county.root_page.get_full_url()
    assert api(client, "建设局")["answers"] == []  # a part of a name is not a name
    assert api(client, "友谊县住房和城乡建设局")["answers"] == []  # 友谊县 has none: not the city's instead


def test_a_question_a_pinyin_name_and_a_short_column_name_reach_their_boxes(client, column, sites):
    mayor = column("portal", "leadership/government-leaders").add_child(
        instance=LeaderPage(title="赵志远", slug="zhao", position="市长", duties="主持市政府全面工作。")
    )
    platform = column("portal", "interaction/mayors-mailbox").add_child(
        instance=ColumnPage(title="营商环境监督平台", slug="yingshang")
    )
    for query in ("市长是谁", "谁是市长", "赵市长", "赵志远市长"):
        assert api(client, query)["answers"][0]["url"] == mayor.get_full_url(), query
    assert api(client, "营商环境监督")["answers"][0]["url"] == platform.get_full_url()
    assert api(client, "双鸭山市营商环境监督")["answers"][0]["url"] == platform.get_full_url()
    assert api(client, "集贤")["answers"][0]["site"]["hostname"] == "jixian.localhost"
    assert api(client, "是谁")["answers"] == [] and api(client, "平台")["answers"] == []
