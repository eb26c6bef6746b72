"""The production stack end to end: the front cache, and the faults residents must not see."""

import re
import time
import uuid

import httpx
import pytest

from .conftest import CACHE_SECONDS

ITEM = (
    "from content.models import ArticlePage; "
    "print(ArticlePage.objects.live().filter(url_path__contains='/jixian/').order_by('-first_published_at')[3].pk)"
)


def url_of(stack, page_id):
    return stack.python(f"from wagtail.models import Page; print(Page.objects.get(pk={page_id}).full_url)")


def retitle(stack, page_id, title):
    stack.python(
        "from wagtail.models import Page; "
        f"p = Page.objects.get(pk={page_id}).specific; p.title = {title!r}; p.save_revision().publish(); print('ok')"
    )


def add_news(stack, title, body):
    """A new news item on 集贤县's site, published; returns its page id."""
    return int(
        stack.python(
            "from columns.models import ColumnPage; from content.models import ArticlePage; "
            "column = ColumnPage.objects.live().filter(url_path__contains='/jixian/', column_key='news/local-news')"
            ".first(); "
            f"page = ArticlePage(title={title!r}, slug='t-{uuid.uuid4().hex[:10]}', body={body!r}); "
            "column.add_child(instance=page); page.save_revision().publish(); print(page.pk)"
        )
    )


def until(check, seconds, step=0.5):
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


@pytest.fixture(scope="module")
def item(stack):
    return int(stack.python(ITEM))


def test_pages_are_cached_and_a_publish_shows_through_the_cache_at_once(stack, item):
    url = url_of(stack, item)
    stack.get(url)
    cached = stack.get(url)
    assert cached.status_code == 200 and cached.headers["X-Cache-Status"] == "HIT"
    directives = {d.strip() for d in cached.headers["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", f"s-maxage={CACHE_SECONDS}"}

    title = f"缓存清除测试{uuid.uuid4().hex[:6]}"
    retitle(stack, item, title)
    # The purge is done when the publish returns: the very next request gets the new version,
    # rendered afresh (its time is the page's render time, not a wait for the cache).
    fresh = stack.get(url)
    assert title in fresh.text, "the first request after the publish shows the change"
    assert fresh.headers["X-Cache-Status"] == "MISS"
    assert stack.get(url).headers["X-Cache-Status"] == "HIT"
    # So does its column's listing and the county's feed.
    column = url.rsplit("/", 2)[0] + "/"
    assert title in stack.get(column).text


def test_a_logged_in_or_session_request_never_gets_or_leaves_a_shared_copy(stack, item):
    url = url_of(stack, item)
    stack.get(url)
    with_session = stack.get(url, headers={"Cookie": "sessionid=someone"})
    assert with_session.headers["X-Cache-Status"] == "BYPASS"
    assert stack.get(url).headers["X-Cache-Status"] == "HIT"


def test_cached_pages_answer_while_gunicorn_is_down(stack, item):
    url = url_of(stack, item)
    home = url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + "/"
    for address in (url, home):
        stack.get(address)
    time.sleep(CACHE_SECONDS + 1)  # the copies are now past their time: only stale may save them
    stack.run("stop", "web")
    try:
        for address in (url, home):
            response = stack.get(address)
            assert response.status_code == 200, address
            assert response.headers["X-Cache-Status"] == "STALE"
        never_cached = stack.get(home + "search/?q=" + uuid.uuid4().hex)
        assert never_cached.status_code == 502, "what was never cached cannot be served stale"
    finally:
        stack.run("start", "web")
    assert until(lambda: stack.get(url).status_code == 200, 30)


def test_the_site_recovers_from_a_database_restart_without_restarting_gunicorn(stack, item):
    search = url_of(stack, item).split("/", 3)
    search = f"{search[0]}//{search[2]}/search/?q=集贤"
    assert stack.get(search).status_code == 200
    stack.run("restart", "postgres")
    # Each of the two gunicorn workers holds a connection the restart broke.
    statuses = [stack.get(search).status_code for _ in range(8)]
    assert statuses == [200] * 8


def test_searches_are_answered_while_elasticsearch_is_down_and_its_index_catches_up(stack):
    word = f"演练{uuid.uuid4().hex[:6]}"
    stack.run("stop", "elasticsearch")
    try:
        page_id = add_news(stack, f"应急{word}通知", f"<p>开展{word}。</p>")
        url = url_of(stack, page_id)
        host = url.split("/", 3)[2]
        found = until(lambda: word in stack.get(f"http://{host}/search/?q={word}").text, 30)
        assert found, "the database answers the search while Elasticsearch is down"
    finally:
        stack.run("start", "elasticsearch")
    es = stack.setting("ELASTICSEARCH_URL")
    # The update waited in the outbox; the minutely retry applies it once the node is back.
    indexed = until(lambda: httpx.get(f"{es}/zhanqun-pages/_doc/{page_id}").status_code == 200, 150, step=2)
    assert indexed, "the index update made while Elasticsearch was down is applied once it returns"


def test_publishing_works_while_the_worker_is_down_and_its_work_runs_after(stack):
    word = f"值守{uuid.uuid4().hex[:6]}"
    stack.run("stop", "worker")
    try:
        page_id = add_news(stack, f"{word}安排", f"<p>{word}。</p>")
        url = url_of(stack, page_id)
        assert word in stack.get(url).text, "the page is live through the cache at once"
        waiting = stack.python(
            "from search.models import PendingIndexUpdate; "
            f"print(PendingIndexUpdate.objects.filter(page_id={page_id}).count())"
        )
        assert int(waiting) >= 1, "its index update waits for the worker"
    finally:
        stack.run("start", "worker")
    es = stack.setting("ELASTICSEARCH_URL")
    assert until(lambda: httpx.get(f"{es}/zhanqun-pages/_doc/{page_id}").status_code == 200, 150, step=2)


def test_the_tamper_watch_finds_what_nginx_serves_the_same_as_the_platform(stack):
    """Through the real front cache: no page of a county is taken for tampered."""
    summary = stack.run("manage", "check_tampering", "--site", "jixian.localhost").strip().splitlines()[-1]
    checked = re.search(r"共检查 (\d+) 个页面：一致 (\d+) 个，不一致 0 个（新发现 0 个），无法检查 0 个", summary)
    assert checked and int(checked[1]) == int(checked[2]) > 20, summary
    alerts = stack.python("from assurance.models import TamperAlert; print(TamperAlert.objects.count())")
    assert alerts == "0", summary
