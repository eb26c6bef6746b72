"""Runs of the checker: what a broken link's record holds, first and last seen, links fixed (gone from
the page or working again) and broken again, the scope of a one-site run, one request per address."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from linkcheck.checker import check_links
from linkcheck.models import BrokenLink, LinkCheckRun
from tests.factories import ArticlePageFactory, NoticePageFactory, UnitFactory

from .conftest import rich_link

pytestmark = pytest.mark.usefixtures("fast_checks")


def at(day):
    return datetime(2026, 3, day, 2, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def local_date(value):
    return timezone.localtime(value).date()


def set_body(page, body):
    page.body = body
    page.save_revision().publish()


def test_a_run_records_each_broken_link_with_its_page_site_unit_and_verdict(column, sites, server):
    news = column("jixian", "news/local-news")
    gone = ArticlePageFactory(parent=news)
    gone_pk = gone.pk
    gone.delete()
    unit = UnitFactory(name="集贤县农业农村局")
    body = "".join(
        rich_link(href)
        for href in (server.url("/ok"), server.url("/missing"), server.url("/error"), "/news/nowhere/", "/news/")
    )
    article = ArticlePageFactory(parent=news, unit=unit, body=body + f'<a linktype="page" id="{gone_pk}">旧闻</a>')

    run = check_links()

    records = {r.url: r for r in BrokenLink.objects.filter(page=article)}
    assert set(records) == {
        server.url("/missing"),
        server.url("/error"),
        "http://jixian.localhost/news/nowhere/",
        f"page:{gone_pk}",
    }
    missing = records[server.url("/missing")]
    assert (missing.status_code, missing.error, missing.confirmed) == (404, "页面不存在", True)
    assert (missing.kind, missing.field, missing.unit) == ("external", "正文", unit)
    assert missing.profile == sites["jixian"].profile
    assert missing.first_seen == missing.last_seen == run.started_at
    assert missing.fixed_at is None
    error = records[server.url("/error")]
    assert (error.status_code, error.confirmed, error.verdict) == (500, False, "疑似")
    assert records[f"page:{gone_pk}"].target == f"站内页面 #{gone_pk}"
    assert records["http://jixian.localhost/news/nowhere/"].error == "页面不存在"

    # The base cluster links nowhere else: the run talked to the local server only.
    assert run.external_urls == 3
    assert (run.broken, run.confirmed, run.suspected, run.fixed) == (4, 3, 1, 0)
    assert run.pages > 100 and run.links == 6
    assert LinkCheckRun.objects.get() == run


def test_a_page_without_a_unit_of_its_own_answers_through_its_sites_unit(column, sites, server):
    notice = NoticePageFactory(parent=column("youyi", "disclosure/notices"), body=rich_link(server.url("/gone")))
    check_links()
    record = BrokenLink.objects.get(page=notice)
    assert record.unit_id == sites["youyi"].profile.unit_id is not None
    assert record.status_code == 410


def test_first_seen_stays_and_last_seen_moves_across_runs(column, server):
    article = ArticlePageFactory(parent=column("jixian", "news/local-news"), body=rich_link(server.url("/missing")))
    with time_machine.travel(at(1), tick=True):
        check_links()
    with time_machine.travel(at(8), tick=True):
        check_links()

    record = BrokenLink.objects.get(page=article)
    assert local_date(record.first_seen) == date(2026, 3, 1)
    assert local_date(record.last_seen) == date(2026, 3, 8)
    assert record.fixed_at is None


def test_a_link_taken_off_its_page_is_fixed_and_breaking_again_starts_a_new_episode(column, server):
    article = ArticlePageFactory(parent=column("jixian", "news/local-news"), body=rich_link(server.url("/missing")))
    with time_machine.travel(at(1), tick=True):
        check_links()
    set_body(article, "<p>链接已删除。</p>")
    with time_machine.travel(at(8), tick=True):
        run = check_links()
    assert run.fixed == 1
    fixed = BrokenLink.objects.get(page=article)
    assert local_date(fixed.fixed_at) == date(2026, 3, 8)

    set_body(article, rich_link(server.url("/missing")))
    with time_machine.travel(at(15), tick=True):
        check_links()

    episodes = list(BrokenLink.objects.filter(page=article).order_by("first_seen"))
    assert [(local_date(e.first_seen), e.fixed_at and local_date(e.fixed_at)) for e in episodes] == [
        (date(2026, 3, 1), date(2026, 3, 8)),
        (date(2026, 3, 15), None),
    ]


def test_a_link_that_works_again_is_fixed(column, server):
    article = ArticlePageFactory(parent=column("jixian", "news/local-news"), body=rich_link(server.url("/switch/a")))
    check_links()
    assert BrokenLink.objects.get(page=article).fixed_at is None

    server.statuses["/switch/a"] = 200
    run = check_links()

    assert run.fixed == 1 and run.broken == 0
    assert BrokenLink.objects.get(page=article).fixed_at is not None


def test_a_site_run_checks_and_fixes_that_site_only(column, server):
    county = ArticlePageFactory(parent=column("jixian", "news/local-news"), body=rich_link(server.url("/missing")))
    other = ArticlePageFactory(parent=column("youyi", "news/local-news"), body=rich_link(server.url("/gone")))
    check_links()
    other_record = BrokenLink.objects.get(page=other)

    set_body(county, "<p>改好了。</p>")
    set_body(other, "<p>也改好了。</p>")
    run = check_links(site="jixian.localhost")

    assert run.site == "jixian.localhost" and run.fixed == 1
    assert BrokenLink.objects.get(page=county).fixed_at is not None
    untouched = BrokenLink.objects.get(page=other)
    assert untouched.fixed_at is None and untouched.last_seen == other_record.last_seen

    check_links(site="youyi.localhost")
    assert BrokenLink.objects.get(page=other).fixed_at is not None


def test_a_site_run_fetches_only_its_own_links(column, server):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), body=rich_link(server.url("/ok/county")))
    ArticlePageFactory(parent=column("fuli", "news"), body=rich_link(server.url("/ok/township")))
    run = check_links(site="jixian.localhost")
    assert run.external_urls == 1
    assert server.hits("/ok/county") == ["HEAD"] and server.hits("/ok/township") == []


def test_an_address_on_many_pages_is_fetched_once(column, server):
    pages = [
        ArticlePageFactory(parent=column(site, "news/local-news"), body=rich_link(server.url(path)))
        for site in ("jixian", "youyi")
        for path in ("/ok/shared", "/missing")
    ]
    run = check_links()
    assert server.hits("/ok/shared") == ["HEAD"]
    assert server.hits("/missing") == ["HEAD"]
    assert run.external_urls == 2
    assert set(BrokenLink.objects.values_list("page_id", flat=True)) == {pages[1].pk, pages[3].pk}


def test_an_interrupted_run_leaves_nothing_behind(column, server):
    ArticlePageFactory(parent=column("jixian", "news/local-news"), body=rich_link(server.url("/missing")))

    class Interrupt:
        total = 0

        def refresh(self):
            pass

        def update(self, n):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check_links(progress=Interrupt())
    assert not BrokenLink.objects.exists()
    assert not LinkCheckRun.objects.exists()
