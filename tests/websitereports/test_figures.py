"""The figures the platform fills in, each from real records: the site's own and its 专属网页',
never a nested site's nor another site's, and only the year's. Records are made newest-first."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page

from assurance.models import Probe
from columns.models import ColumnPage
from content.models import (
    ArticlePage,
    GovDocumentPage,
    NoticePage,
    PolicyInterpretationPage,
    ServiceGuidePage,
    SpecialTopicPage,
)
from interaction.models import MailboxPage
from linkcheck.models import BrokenLink, LinkCheckRun
from search.models import SearchLog
from sites.provisioning import provision_site
from solicitation.models import Comment, SolicitationPage
from tests.interaction.factories import letter
from websitereports.figures import FIGURE_QUERIES, category_of, compute

from .helpers import add, application, at, letter_page

YEAR = 2025


def article(title="动态"):
    return ArticlePage(title=title, body="<p>正文</p>")


@pytest.fixture
def jixian(sites):
    return sites["jixian"].profile


@pytest.fixture
def youyi(sites):
    return sites["youyi"].profile


def test_information_by_column_kind(sites, column, jixian):
    news = column("jixian", "news/local-news")
    # newest first; another year, an unpublished item and other sites' items must not count
    add(news, article("次年"), date(2026, 1, 1))
    add(news, article("十二月"), datetime(2025, 12, 31, 23, 30))
    add(news, article("草稿"), date(2025, 6, 1), live=False)
    add(news, article("三月"), date(2025, 3, 1))
    add(news, article("上年"), datetime(2024, 12, 31, 23, 30))
    add(column("jixian", "disclosure/notices"), NoticePage(title="通知"), date(2025, 4, 1))
    add(column("jixian", "profile/overview"), article("县情"), date(2025, 4, 2))
    doc = add(
        column("jixian", "disclosure/government-documents"),
        GovDocumentPage(title="文件", issuer="县政府", written_date=date(2025, 4, 1), publish_date=date(2025, 4, 3)),
        date(2025, 4, 3),
    )
    add(
        column("jixian", "disclosure/policy-interpretation"),
        PolicyInterpretationPage(title="解读", document=doc),
        date(2025, 4, 4),
    )
    add(column("jixian", "services/individual-services"), article("服务"), date(2025, 4, 5))
    add(column("fuli", "news"), article("福利镇"), date(2025, 5, 1))  # a township site of its own
    add(column("youyi", "news/local-news"), article("友谊县"), date(2025, 5, 1))

    figures = compute(jixian, YEAR)

    assert figures["info_news"] == 3  # two local news, one notice
    assert figures["info_profile"] == 1
    assert figures["info_catalogue"] == 2  # the document and its interpretation
    assert figures["info_total"] == 7  # and the service item, in no kind
    assert figures["readings"] == 1


def test_a_section_counts_in_its_host_site(sites, jixian):
    section = provision_site(
        parent="jixian.localhost", level="township", name="集贤县兴安乡人民政府", path="towns/xingan"
    )
    own_news = ColumnPage.objects.get(path__startswith=section.profile.root_page.path, column_key="news")
    add(own_news, article("兴安乡动态"), date(2025, 8, 1))
    request = application(section.profile, received_on=date(2025, 8, 2))

    figures = compute(jixian, YEAR)

    assert figures["info_news"] == 1 and figures["info_total"] == 1
    assert figures["requests_received"] == 1
    assert request.profile_id != jixian.pk


def test_categories_of_every_kind_of_site():
    assert category_of("city-profile/economy/agriculture") == "info_profile"
    assert category_of("leadership/government-leaders") == "info_profile"
    assert category_of("functions") == "info_profile"  # a department's 专属网页
    assert category_of("homepage/current-affairs/secretary-mayor-activities") == "info_news"
    assert category_of("homepage/county-news/jixian") == "info_news"
    assert category_of("news") == "info_news"
    assert category_of("government-affairs-info") == "info_news"
    assert category_of("homepage/disclosure-catalogue/government-documents/normative-documents") == "info_catalogue"
    assert category_of("gov-disclosure/personnel/appointments") == "info_catalogue"
    assert category_of("annual-disclosure-reports") == "info_catalogue"
    assert category_of("interaction/mailbox") is None
    assert category_of("") is None


def test_special_topics_and_service_catalogue(sites, column, jixian):
    home = jixian.root_page
    assert compute(jixian, YEAR)["service_catalogue"] is False
    add(home, SpecialTopicPage(title="新专题"), date(2025, 9, 1))
    add(home, SpecialTopicPage(title="撤下的专题"), date(2025, 2, 1), live=False)
    add(home, SpecialTopicPage(title="老专题"), date(2023, 9, 1))
    add(sites["youyi"].root_page, SpecialTopicPage(title="友谊专题"), date(2025, 9, 1))
    add(
        column("jixian", "services/individual-services"),
        ServiceGuidePage(
            title="指南",
            basis="依据",
            conditions="条件",
            materials="材料",
            location="大厅",
            office_hours="工作日",
            phone="0469-1234567",
            process="流程",
        ),
        date(2020, 1, 1),
    )

    figures = compute(jixian, YEAR)

    assert (figures["topics_maintained"], figures["topics_new"]) == (2, 1)
    assert figures["service_catalogue"] is True


def test_letters_received_closed_average_and_published(sites, jixian, youyi):
    letter(jixian, received=at(datetime(2025, 12, 30, 10)))  # not answered yet
    letter(jixian, received=at(datetime(2025, 6, 1, 10)), replied=at(datetime(2025, 6, 7, 10)))
    letter(jixian, received=at(datetime(2025, 3, 1, 10)), replied=at(datetime(2025, 3, 4, 10)))
    letter(jixian, received=at(datetime(2024, 12, 30, 10)), replied=at(datetime(2025, 1, 3, 10)))  # last year's
    letter(youyi, received=at(datetime(2025, 3, 1, 10)), replied=at(datetime(2025, 3, 30, 10)))
    mailbox = MailboxPage.objects.filter(path__startswith=jixian.root_page.path).first()
    letter_page(mailbox, date(2025, 6, 7))
    letter_page(mailbox, date(2024, 6, 7))

    figures = compute(jixian, YEAR)

    assert figures["letters_received"] == 3
    assert figures["letters_closed"] == 2
    assert figures["letters_average_days"] == 4.5
    assert figures["letters_published"] == 1
    assert compute(sites["jianshan"].profile, YEAR)["letters_average_days"] is None


def test_solicitations_comments_and_feedback(sites, column, jixian):
    solicitations = column("jixian", "interaction/opinion-solicitation")
    old = add(
        solicitations,
        SolicitationPage(
            title="去年的征集",
            starts_on=date(2024, 12, 1),
            ends_on=date(2025, 1, 10),
            feedback_published_at=at(date(2025, 2, 1)),
        ),
        date(2024, 12, 1),
    )
    new = add(
        solicitations,
        SolicitationPage(title="今年的征集", starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 31)),
        date(2025, 5, 1),
    )
    for page, day in (
        (new, date(2026, 1, 2)),
        (new, date(2025, 5, 2)),
        (new, date(2025, 5, 3)),
        (old, date(2025, 1, 5)),
        (old, date(2024, 12, 5)),
    ):
        Comment.objects.create(page=page, content="意见", received_at=at(day))

    figures = compute(jixian, YEAR)

    assert figures["surveys"] == 1
    assert figures["survey_opinions"] == 3
    assert figures["survey_results"] == 1


def test_applications_received_and_closed_in_the_year(sites, jixian, youyi):
    application(jixian, received_on=date(2026, 1, 4))
    application(jixian, received_on=date(2025, 12, 1))
    application(jixian, received_on=date(2025, 3, 1), closed_on=date(2025, 3, 20))
    application(jixian, received_on=date(2024, 12, 20), closed_on=date(2025, 1, 10))
    application(youyi, received_on=date(2025, 3, 1), closed_on=date(2025, 3, 2))

    figures = compute(jixian, YEAR)

    assert (figures["requests_received"], figures["requests_closed"]) == (2, 2)


def test_checks_problems_and_fixes(sites, jixian, youyi):
    for day, ok in [
        (datetime(2026, 1, 1, 0, 5), False),
        (datetime(2025, 12, 31, 12), False),  # an outage not over at the year's end
        (datetime(2025, 8, 1, 12), True),
        (datetime(2025, 7, 1, 12, 30), False),
        (datetime(2025, 7, 1, 12, 15), False),  # one outage of two failed probes, then back
        (datetime(2025, 7, 1, 12), True),
        (datetime(2024, 12, 31, 23), False),
    ]:
        Probe.objects.create(profile=jixian, probed_at=at(day), ok=ok)
    Probe.objects.create(profile=youyi, probed_at=at(date(2025, 7, 1)), ok=False)
    page = jixian.root_page
    BrokenLink.objects.create(
        page=page,
        profile=jixian,
        url="https://a.example/1",
        kind="external",
        field="body",
        first_seen=at(date(2025, 9, 1)),
        last_seen=at(date(2025, 9, 8)),
    )
    BrokenLink.objects.create(
        page=page,
        profile=jixian,
        url="https://a.example/2",
        kind="external",
        field="body",
        first_seen=at(date(2025, 2, 1)),
        last_seen=at(date(2025, 2, 8)),
        fixed_at=at(date(2025, 2, 9)),
    )
    BrokenLink.objects.create(
        page=page,
        profile=jixian,
        url="https://a.example/3",
        kind="external",
        field="body",
        first_seen=at(date(2024, 2, 1)),
        last_seen=at(date(2025, 2, 8)),
        fixed_at=at(date(2025, 3, 9)),
    )
    BrokenLink.objects.create(
        page=page,
        profile=youyi,
        url="https://a.example/4",
        kind="external",
        field="body",
        first_seen=at(date(2025, 2, 1)),
        last_seen=at(date(2025, 2, 8)),
    )
    for site, day in (
        ("", date(2025, 3, 1)),
        ("jixian.localhost", date(2025, 4, 1)),
        ("youyi.localhost", date(2025, 4, 1)),
        ("", date(2024, 4, 1)),
    ):
        LinkCheckRun.objects.create(site=site, started_at=at(day), finished_at=at(day, 11))

    figures = compute(jixian, YEAR)

    assert figures["security_checks"] == 5 + 2  # probes of the year and the runs over the site
    assert figures["problems_found"] == 2 + 2  # two outages, two links first found in the year
    assert figures["problems_fixed"] == 1 + 2  # one outage over, two links fixed in the year


def test_identity_search_and_languages(sites, jixian):
    sites["portal"].profile.icp_number = "黑ICP备00000001号"
    sites["portal"].profile.save()
    for hostname, query, day in [
        ("jixian.localhost", "社保", date(2025, 12, 31)),
        ("localhost", "防汛", date(2025, 5, 1)),
        ("localhost", "防汛", date(2025, 1, 1)),
        ("localhost", "社保", date(2024, 12, 31)),  # last year
        ("localhost", "低保", date(2026, 1, 1)),  # next year
    ]:
        logged = SearchLog.objects.create(site_hostname=hostname, query=query, normalized=query, results=1)
        moment = timezone.make_aware(datetime.combine(day, time(12)))
        SearchLog.objects.filter(pk=logged.pk).update(at=moment)

    home = sites["portal"].root_page
    english = Locale.objects.get(language_code="en")
    if not Page.objects.filter(translation_key=home.translation_key, locale=english).exists():
        home.copy_for_translation(english)
    portal = compute(sites["portal"].profile, YEAR)
    county = compute(jixian, YEAR)

    assert portal["site_name"] == sites["portal"].site_name
    assert portal["home_url"] == "http://localhost/"
    assert portal["site_code"] == "2305000001"
    assert portal["icp_number"] == "黑ICP备00000001号"
    assert portal["site_type"] == county["site_type"] == "政府门户网站"
    assert portal["search_queries"] == 2
    assert county["search_queries"] == 1
    assert portal["multilingual"] is True
    assert county["multilingual"] is False
    assert county["unified_platform"] is True and county["search_service"] is True


def test_the_query_count_does_not_grow_with_the_site(sites, column, jixian, youyi, django_assert_num_queries):
    news = column("jixian", "news/local-news")
    for n in range(5):
        add(news, article(f"动态{n}"), date(2025, 3, n + 1))
        letter(jixian, received=at(datetime(2025, 3, n + 1, 10)), replied=at(datetime(2025, 3, n + 2, 10)))
        Probe.objects.create(profile=jixian, probed_at=at(date(2025, 3, n + 1)), ok=n % 2 == 0)
    with django_assert_num_queries(FIGURE_QUERIES):
        compute(jixian, YEAR)
    with django_assert_num_queries(FIGURE_QUERIES):
        compute(youyi, YEAR)
