"""The demo's filler on freshly provisioned units: every column gets items of the kind it calls for,
current for its own 更新要求 and written for its own unit; filling again adds nothing; the
deliberate problems are what the audit shows."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

from assurance.audit import audit_cluster
from assurance.models import ColumnStatus
from columns.models import ColumnPage
from columns.skeleton import DEPARTMENT_INDEX_KEY
from content.models import (
    TOPICS,
    ArticlePage,
    GovDocumentPage,
    InstitutionPage,
    LeaderPage,
    NoticePage,
    PolicyInterpretationPage,
    ServiceGuidePage,
)
from interaction.models import LetterPage, MailboxPage
from sites.demo.filler import EMPTY, STALE, Filler, Problem, Slots, data, government_words, kept_columns
from sites.demo.letters import DemoLetters
from sites.provisioning import provision_site
from sites.units import unit_pages_q
from tests.factories import NoticePageFactory

pytestmark = pytest.mark.django_db

JIXIAN = "集贤县人民政府"
KINDS = {
    "news/local-news": {ArticlePage},
    "news/photo-news": {ArticlePage},
    "disclosure/notices": {NoticePage},
    "disclosure/government-documents": {GovDocumentPage},
    "disclosure/normative-documents": {GovDocumentPage},
    "disclosure/policy-interpretation": {PolicyInterpretationPage},
    "disclosure/functions": {InstitutionPage},
    "leadership/government-leaders": {LeaderPage},
    "services/enterprise-services": {ServiceGuidePage},
    "services/individual-services": {ServiceGuidePage},
}
LEFT_OVER = re.compile(r"[{}]|None|lorem", re.I)


def items(profile):
    """{column key: [its live items, specific]} of a unit's own pages."""
    columns = {c.path: c.column_key for c in ColumnPage.objects.filter(unit_pages_q(profile))}
    found = {}
    for page in Page.objects.filter(unit_pages_q(profile), live=True).exclude(path__in=columns).specific():
        if page.path[: -Page.steplen] in columns:
            found.setdefault(columns[page.path[: -Page.steplen]], []).append(page)
    return found


def audit_of(profile):
    (audit,) = audit_cluster(hostname=profile.name)
    return audit


def text_of(page):
    fields = ("title", "summary", "body", "functions", "duties", "cv", "conditions", "materials", "process")
    return " ".join(strip_tags(str(getattr(page, f, "") or "")) for f in fields)


def tree_is_sound():
    return not any(Page.find_problems())


def test_every_column_of_a_fresh_county_is_kept_and_its_site_passes_the_inspection(sites):
    profile = sites["jixian"].profile
    assert Filler(problems=[]).fill(profile) > 40  # the mailboxes are left to the letters
    DemoLetters().keep(profile)  # the mailboxes are kept by their published letters
    audit = audit_of(profile)
    kept, judged = kept_columns([audit])
    assert kept == judged >= 25
    assert not audit.vetoes
    assert not [r.trail for r in audit.rows if r.verdict.status in (ColumnStatus.EMPTY, ColumnStatus.OVERDUE)]


def test_each_column_gets_items_of_the_kind_its_name_calls_for(sites):
    profile = sites["jixian"].profile
    Filler(problems=[]).fill(profile)
    found = items(profile)
    for key, kinds in KINDS.items():
        assert found.get(key) and {type(p) for p in found[key]} == kinds, key
    photos = found["news/photo-news"]
    assert all(p.kind == ArticlePage.Kind.PHOTO and p.image.collection == profile.collection for p in photos)
    for document in found["disclosure/government-documents"] + found["disclosure/normative-documents"]:
        assert re.fullmatch(r"集政(发|办发|规)〔\d{4}〕\d+号", document.doc_number), document.doc_number
        assert document.issuer.startswith(JIXIAN) and document.topic in TOPICS
        assert document.written_date <= document.publish_date
        assert document.index_number.startswith(f"{profile.site_code}/{document.publish_date.year}-")
    numbers = [d.doc_number for d in GovDocumentPage.objects.filter(unit_pages_q(profile))]
    assert len(numbers) == len(set(numbers))
    own_documents = set(GovDocumentPage.objects.filter(unit_pages_q(profile)).values_list("pk", flat=True))
    for interpretation in found["disclosure/policy-interpretation"]:
        assert interpretation.document_id in own_documents
        name = re.sub(r"^.*关于印发|的通知$", "", interpretation.document.title)
        assert interpretation.title == f"《{name}》政策解读"
        assert interpretation.first_published_at > interpretation.document.first_published_at
    for guide in found["services/enterprise-services"]:
        assert all(strip_tags(getattr(guide, f)).strip() for f in ("basis", "conditions", "materials", "process"))
        assert guide.title.startswith("集贤县") and guide.location.startswith("集贤县政务服务中心")
    assert {p.position for p in found["leadership/government-leaders"]} == {"县长", "常务副县长", "副县长"}


def test_the_texts_are_the_units_own_complete_and_dated_in_the_past(sites):
    profile = sites["jixian"].profile
    Filler(problems=[]).fill(profile)
    now = timezone.now()
    for key, pages in items(profile).items():
        for page in pages:
            assert not LEFT_OVER.search(text_of(page)), (key, page.title)
            assert page.first_published_at <= now and page.first_published_at == page.last_published_at
            assert 8 <= timezone.localtime(page.first_published_at).hour <= 17
    local_news = items(profile)["news/local-news"]
    assert all(p.title.startswith("集贤县") and "友谊县" not in text_of(p) for p in local_news)
    assert max(p.first_published_at for p in local_news) > now - timedelta(days=2)
    township_news = items(profile)["news/township-news"]
    towns = data()["towns"]["集贤县"]
    assert any(any(text_of(p).startswith(town) for town in towns) for p in township_news)


def test_filling_again_adds_nothing_and_the_tree_stays_sound(sites):
    profile = sites["jixian"].profile
    Filler(problems=[]).fill(profile)
    pages = Page.objects.count()
    assert Filler(problems=[]).fill(profile) == 0
    assert Page.objects.count() == pages and tree_is_sound()
    # an editor unpublishes a column's items: their slugs stay taken, so nothing is added twice
    news = ColumnPage.objects.filter(unit_pages_q(profile)).get(column_key="news/local-news")
    for page in news.get_children().live().specific():
        page.unpublish()
    assert Filler(problems=[]).fill(profile) == 0
    assert Page.objects.count() == pages and tree_is_sound()


def test_mailboxes_hold_published_letters_only(sites):
    """The filler writes no articles into a mailbox: its items are the letters the office published."""
    profile = sites["jixian"].profile
    Filler(problems=[]).fill(profile)
    mailboxes = MailboxPage.objects.filter(unit_pages_q(profile))
    assert mailboxes.count() == 2 and not any(m.get_children().exists() for m in mailboxes)
    DemoLetters().keep(profile)
    for mailbox in mailboxes.all():  # read again: the children were added since
        children = mailbox.get_children().live().specific()
        assert len(children) == 2 and all(isinstance(c, LetterPage) for c in children)
        assert all(c.letter.state == "answered" and "集贤县" in c.reply for c in children)
    pages = Page.objects.count()
    DemoLetters().keep(profile)
    assert Page.objects.count() == pages and tree_is_sound()


def test_a_column_already_kept_is_left_as_its_editors_made_it(sites):
    profile = sites["jixian"].profile
    notices = ColumnPage.objects.filter(unit_pages_q(profile)).get(column_key="disclosure/notices")
    # newest first: an item published an hour ago, then an old one
    now = timezone.now()
    NoticePageFactory(parent=notices, title="集贤县关于城区临时停水的通知", first_published_at=now - timedelta(hours=1))
    NoticePageFactory(parent=notices, title="集贤县关于春季防火的通告", first_published_at=now - timedelta(days=300))
    Filler(problems=[]).fill(profile)
    assert sorted(notices.get_children().values_list("title", flat=True)) == [
        "集贤县关于城区临时停水的通知",
        "集贤县关于春季防火的通告",
    ]
    # an overdue column is brought up to date beside what it holds
    documents = ColumnPage.objects.filter(unit_pages_q(profile)).get(column_key="disclosure/government-documents")
    assert documents.get_children().count() >= 2 and tree_is_sound()


def test_the_deliberate_problems_are_what_the_audit_shows(sites):
    profile = sites["jixian"].profile
    problems = [
        Problem(JIXIAN, "news/local-news", STALE, 20),
        Problem(JIXIAN, "plans", EMPTY),
        Problem("友谊县人民政府", "disclosure/notices", EMPTY),  # another unit's: no effect here
    ]
    Filler(problems=problems).fill(profile)
    DemoLetters().keep(profile)
    rows = {r.trail: r.verdict for r in audit_of(profile).rows}
    news = rows["新闻动态 › 本地要闻"]
    assert news.status == ColumnStatus.OVERDUE and news.national_overdue
    assert (timezone.localdate() - news.last_update.date()).days == 20
    assert rows["政务公开 › 规划计划"].status == ColumnStatus.EMPTY
    assert rows["政务公开 › 通知公告"].status == ColumnStatus.OK
    kept, judged = kept_columns([audit_of(profile)])
    assert kept == judged - 2


def test_a_departments_section_is_kept_but_its_functions_are_over_a_year_old(sites):
    profile = provision_site(
        parent="localhost", level="department", name="市统计局", path=f"{DEPARTMENT_INDEX_KEY}/tongji"
    ).profile
    assert Filler().fill(profile) > 5  # the demo's problems: 市统计局's 机构职能 is stale
    rows = {r.title: r.verdict for r in audit_of(profile).rows}
    assert rows["机构职能"].status == ColumnStatus.OVERDUE
    assert (timezone.localdate() - rows["机构职能"].last_update.date()).days >= 400
    assert {v.status for title, v in rows.items() if title != "机构职能"} <= {ColumnStatus.OK, ColumnStatus.DUE_SOON}
    found = items(profile)
    assert [p.title for p in found["functions"]] == ["双鸭山市统计局"]
    assert "统计" in text_of(found["functions"][0])
    for document in found["department-documents"] + found["policies-regulations"]:
        assert document.issuer == "双鸭山市统计局" and re.fullmatch(r"双统发〔\d{4}〕\d+号", document.doc_number)
        assert document.index_number.startswith("2305000001/")  # the portal's code: a section has none
    assert all(p.title.startswith("市统计局") for p in found["government-affairs-info"])


def test_a_township_section_speaks_of_its_own_township(sites):
    profile = provision_site(
        parent="jixian.localhost", level="township", name="集贤县兴安乡人民政府", path="towns/xingan"
    ).profile
    Filler(problems=[]).fill(profile)
    kept, judged = kept_columns([audit_of(profile)])
    assert kept == judged
    found = items(profile)
    assert all(p.title.startswith("兴安乡") for p in found["news"])
    assert {p.position for p in found["leaders"]} == {"乡党委书记", "乡长", "副乡长"}
    assert all(re.fullmatch(r"兴政发〔\d{4}〕\d+号", d.doc_number) for d in found["documents"])
    assert not any("镇" in text_of(p) for p in found["news"])


def test_the_portal_is_kept_and_its_translated_channels_are_left_to_the_translators(sites):
    profile = sites["portal"].profile
    Filler(problems=[]).fill(profile)
    DemoLetters().keep(profile)
    audit = audit_of(profile)
    kept, judged = kept_columns([audit])
    assert kept > 120
    # 本市概况 and 招商引资 carry the translated texts the demo writes with their translations
    left = [r.trail for r in audit.rows if r.verdict.status in (ColumnStatus.EMPTY, ColumnStatus.OVERDUE)]
    assert len(left) == judged - kept and all(t.startswith(("本市概况", "招商引资")) for t in left)
    found = items(profile)
    assert not [key for key in found if key.startswith(("city-profile/", "investment/"))]
    assert all(p.title.startswith("集贤县") for p in found["homepage/county-news/jixian"])
    assert {type(p) for p in found["homepage/disclosure-catalogue/government-documents/normative-documents"]} == {
        GovDocumentPage
    }
    for plan in found["gov-disclosure/plans/county-district-five-year-plans"]:  # each signed by its county
        county = plan.issuer.removesuffix("人民政府")
        assert plan.title.startswith(f"{plan.issuer}关于印发{county}国民经济和社会发展第")
        assert strip_tags(plan.body).startswith(("各乡镇人民政府，县政府", "各街道办事处、乡镇人民政府，区政府"))
    appointments = found["gov-disclosure/personnel/appointments"]
    assert all(p.title.startswith("双鸭山市人民政府关于") or "公示" in p.title for p in appointments)


@pytest.mark.parametrize("level,place", [("city", "双鸭山市"), ("county", "集贤县"), ("district", "尖山区")])
def test_every_template_fills_for_the_units_it_is_written_for(level, place):
    """No slot is misspelt: each template fills for every level it names, but for a unit's own
    townships and seat where a district's data has none."""
    words = government_words(place, level, data())
    if level == "city":
        words["towns"] = ["集贤县", "友谊县", "宝清县", "饶河县"]
    words["unit_object"] = None
    optional = {"sub", "sub2", "sub3", "sub4", "seat"}
    for theme in data()["themes"]:
        for template in theme.get("items", []):
            if words["group"] not in template.get("levels", [words["group"]]):
                continue
            slots = Slots(words, "seed", timezone.now(), data()["pools"])
            try:
                slots.fill(template.get("t") or template["name"])
                slots.fill_all(template["b"])
            except KeyError as error:
                assert error.args[0] in optional and level == "district", (theme["id"], error)
            assert theme["type"] != "document" or template["topic"] in TOPICS
