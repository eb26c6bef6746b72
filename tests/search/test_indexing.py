"""The index stays true: page changes reach both engines through the outbox and django-q2's task."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.engines import active_engines
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.indexing import apply_pending
from search.models import PendingIndexUpdate, SearchEntry
from search.query import SearchRequest
from tests.factories import ArticlePageFactory


def _hits(engine, q):
    engine.refresh()
    return [e["title"] for e in engine.search(SearchRequest.from_params({"q": q})).entries]


@pytest.fixture
def both(es_engine):
    return [DatabaseEngine(), es_engine]


def _publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()


def test_publish_unpublish_move_and_delete_reach_both_engines(both, column, django_capture_on_commit_callbacks):
    draft = ArticlePageFactory.build(title="秋季造林工作全面展开", live=False)
    column("portal", "homepage/current-affairs").add_child(instance=draft)
    assert all(_hits(e, "造林") == [] for e in both)

    _publish(draft, django_capture_on_commit_callbacks)
    assert all(_hits(e, "造林") == ["秋季造林工作全面展开"] for e in both)
    assert not PendingIndexUpdate.objects.exists()

    draft.title = "秋季植树造林工作全面展开"
    _publish(draft, django_capture_on_commit_callbacks)
    assert all(_hits(e, "植树造林") == ["秋季植树造林工作全面展开"] for e in both)

    with django_capture_on_commit_callbacks(execute=True):
        draft.move(column("jixian", "news/local-news"), pos="last-child")
    for engine in both:
        engine.refresh()
        entry = engine.search(SearchRequest.from_params({"q": "造林"})).entries[0]
        assert entry["url"].startswith("http://jixian.localhost/") and entry["site_hostname"] == "jixian.localhost"

    with django_capture_on_commit_callbacks(execute=True):
        draft.specific.unpublish()
    assert all(_hits(e, "造林") == [] for e in both)

    _publish(draft.specific, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        draft.delete()
    assert all(_hits(e, "造林") == [] for e in both)


def test_updates_wait_while_elasticsearch_is_down_and_are_retried(
    es_engine, settings, column, django_capture_on_commit_callbacks, caplog, client
):
    settings.SEARCH_ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    page = ArticlePageFactory.build(title="冬季供暖服务热线开通", live=False)
    column("portal", "homepage/current-affairs").add_child(instance=page)
    _publish(page, django_capture_on_commit_callbacks)

    waiting = PendingIndexUpdate.objects.get()
    assert (waiting.page_id, waiting.engine, waiting.attempts) == (page.pk, "elasticsearch", 1)
    assert SearchEntry.objects.filter(page_id=page.pk).exists()  # the database engine took it
    assert "elasticsearch engine unavailable" in caplog.text

    # Residents still find it: the search falls back to the database, with a warning.
    data = client.get("/api/search/", {"q": "供暖"}, HTTP_HOST="localhost").json()
    assert [r["title"] for r in data["results"]] == ["冬季供暖服务热线开通"]
    assert "falling back to the database engine" in caplog.text

    settings.SEARCH_ELASTICSEARCH_URL = es_engine.client.transport.node_pool.get().base_url
    assert apply_pending() == 0  # what the minutely schedule runs
    assert _hits(es_engine, "供暖") == ["冬季供暖服务热线开通"]
    assert not PendingIndexUpdate.objects.exists()


def test_reindex_swaps_the_alias_and_check_finds_missing_and_stale(es_engine, column):
    for n in range(3):
        ArticlePageFactory(parent=column("portal", "homepage/current-affairs"), title=f"全民健身活动第{n}场")
    out = io.StringIO()
    call_command("search_reindex", stdout=out, verbosity=0)
    assert "database: indexed" in out.getvalue() and "elasticsearch: indexed" in out.getvalue()
    first = es_engine._family()
    call_command("search_reindex", "--engine", "elasticsearch", stdout=io.StringIO(), verbosity=0)
    assert es_engine._family() != first and len(es_engine._family()) == 1
    assert len(_hits(es_engine, "全民健身")) == 3

    call_command("search_check", stdout=(out := io.StringIO()), verbosity=0)
    assert "0 missing, 0 stale, 0 left behind" in out.getvalue()

    ArticlePageFactory(parent=column("jixian", "news/local-news"), title="集贤县全民健身月启动")
    SearchEntry.objects.filter(title="全民健身活动第0场").update(fingerprint="old")
    with pytest.raises(SystemExit) as exit_:
        call_command("search_check", "--engine", "database", stdout=(out := io.StringIO()), verbosity=0)
    assert exit_.value.code == 1
    assert "1 missing, 1 stale, 0 left behind" in out.getvalue()
    assert "missing: 集贤县全民健身月启动 http://jixian.localhost/" in out.getvalue()

    call_command("search_reindex", "--site", "jixian.localhost", stdout=io.StringIO(), verbosity=0)
    assert "集贤县全民健身月启动" in _hits(es_engine, "全民健身")


def test_a_quiet_reindex_still_says_how_many_pages_it_indexed(db, column):
    for n in range(3):
        ArticlePageFactory(parent=column("youyi", "news/local-news"), title=f"友谊县秋收进度第{n}期")
    call_command("search_reindex", "--engine", "database", stdout=(out := io.StringIO()), verbosity=0)
    assert SearchEntry.objects.count() >= 3
    assert f"database: indexed {SearchEntry.objects.count()} pages" in out.getvalue()


def test_commands_reject_bad_input_clearly(db):
    with pytest.raises(CommandError, match="No site has the hostname 'nowhere.example'"):
        call_command("search_reindex", "--site", "nowhere.example")
    with pytest.raises(CommandError, match="set ELASTICSEARCH_URL"):
        call_command("search_check", "--engine", "elasticsearch")


def test_without_elasticsearch_only_the_database_engine_is_kept(db):
    assert [e.name for e in active_engines()] == ["database"]
    assert not isinstance(active_engines()[0], ElasticsearchEngine)


def test_consolidation_gives_both_engines_the_new_addresses(both, column, django_capture_on_commit_callbacks):
    page = ArticlePageFactory.build(title="福利镇秋收工作全面展开", slug="harvest", live=False)
    column("fuli", "news").add_child(instance=page)
    _publish(page, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "consolidate_site", "fuli.jixian.localhost", "--into", "jixian.localhost", "--path", "towns/fuli",
            stdout=io.StringIO(),
        )  # fmt: skip
    for engine in both:
        engine.refresh()
        (entry,) = engine.search(SearchRequest.from_params({"q": "秋收"})).entries
        assert entry["url"] == "http://jixian.localhost/towns/fuli/news/harvest/"
        assert entry["site_hostname"] == "jixian.localhost"
