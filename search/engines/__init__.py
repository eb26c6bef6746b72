"""The engines residents' search can run on."""

from django.conf import settings

from .database import DatabaseEngine


def database_engine():
    return DatabaseEngine()


def elasticsearch_engine():
    """The Elasticsearch engine when ELASTICSEARCH_URL is set, else None."""
    if not settings.SEARCH_ELASTICSEARCH_URL:
        return None
    from .elasticsearch import ElasticsearchEngine

    return ElasticsearchEngine(settings.SEARCH_ELASTICSEARCH_URL, settings.SEARCH_INDEX)


def active_engines():
    """Every engine the index is kept in: always the database, which is also the fallback."""
    engines = [database_engine()]
    if es := elasticsearch_engine():
        engines.append(es)
    return engines
