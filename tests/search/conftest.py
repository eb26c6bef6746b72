import os

import pytest
from django.conf import settings
from django.db import transaction

from search.engines.elasticsearch import ElasticsearchEngine
from search.entries import build_entries, searchable_pages
from sites.demo.builder import SUBSITES, DemoBuilder
from sites.models import SiteProfile
from tests.conftest import in_ci


def elasticsearch_url():
    """The test node's URL; missing fails in CI (make test starts a node), skips elsewhere."""
    url = settings.TEST_ELASTICSEARCH_URL
    if not url:
        message = "ELASTICSEARCH_URL is not set: run the tests with make test (it starts an Elasticsearch node)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def es_engine(settings):
    """An Elasticsearch engine on an index family of this test's own, switched on for the project."""
    url = elasticsearch_url()
    alias = f"test-zhanqun-{os.getpid()}"
    settings.SEARCH_ELASTICSEARCH_URL = url
    settings.SEARCH_INDEX = alias
    engine = ElasticsearchEngine(url, alias)
    engine.drop()
    yield engine
    engine.drop()


@pytest.fixture(scope="module")
def demo_entries(django_db_setup, django_db_blocker):
    """The demo cluster built over the base cluster for this module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        for key, _name, _level, area in SUBSITES:  # the base cluster's sites take the demo's codes
            SiteProfile.objects.filter(site__hostname=f"{key}.localhost").update(site_code=f"{area}0001")
        DemoBuilder(port=80).build()
        yield list(build_entries(searchable_pages().specific()))
        transaction.set_rollback(True)
