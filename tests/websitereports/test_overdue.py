"""The audit's flag: last year's report not published once 31 January has passed."""

from datetime import date

import pytest
from wagtail.models import Page

from assurance.audit import audit_cluster
from sites.models import SiteProfile
from websitereports.models import WebsiteReport
from websitereports.overdue import missing_reports

from .helpers import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def opened_in_2020(sites):
    """The test cluster was built today: date its pages back to 2020, so it existed in 2025."""
    Page.objects.exclude(depth=1).update(first_published_at=at(date(2020, 3, 1)))


def profiles():
    return list(SiteProfile.objects.select_related("root_page"))


def test_flagged_after_31_january_only(sites):
    jixian = sites["jixian"].profile
    assert missing_reports(profiles(), date(2026, 1, 31)) == {}
    flagged = missing_reports(profiles(), date(2026, 2, 1))
    assert flagged[jixian.pk] == "2025年度政府网站工作年度报表未发布（应于2026年1月31日前在首页发布）"
    assert set(flagged) == {p.pk for p in profiles() if p.site_id}


def test_a_published_report_clears_the_flag_a_draft_does_not(sites):
    jixian, youyi = sites["jixian"].profile, sites["youyi"].profile
    WebsiteReport.objects.create(profile=youyi, year=2025, state=WebsiteReport.State.DRAFT)
    WebsiteReport.objects.create(profile=jixian, year=2025, state=WebsiteReport.State.PUBLISHED)
    WebsiteReport.objects.create(profile=youyi, year=2024, state=WebsiteReport.State.PUBLISHED)
    flagged = missing_reports(profiles(), date(2026, 3, 1))
    assert jixian.pk not in flagged and youyi.pk in flagged


def test_one_query_and_sites_too_young_are_not_flagged(sites, django_assert_num_queries):
    everyone = profiles()
    with django_assert_num_queries(1):
        flagged = missing_reports(everyone, date(2026, 2, 1))
    assert flagged
    # the cluster opened in March 2020: nothing of 2019 is due
    with django_assert_num_queries(1):
        assert missing_reports(everyone, date(2020, 2, 1)) == {}
    assert missing_reports(everyone, date(2021, 2, 1))


def test_the_audit_carries_the_flag_without_a_veto(sites):
    audits = {a.profile.pk: a for a in audit_cluster(today=date(2026, 2, 2))}
    jixian = audits[sites["jixian"].profile.pk]
    assert [f.code for f in jixian.flags] == ["website_report"]
    assert all(v.code != "website_report" for v in jixian.vetoes)
