"""Purging what a change shows in, on every cache node, once the change is committed.

Purges are sent by the process that made the change, through Wagtail's frontend cache, rather than
queued for the worker: a publish is visible through the cache at once, even while the worker is
down. Purging before the commit would let a resident's request put the old version back.
"""

from django.db import transaction
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import get_backends

from .addresses import addresses_showing, site_addresses


def purge_on_commit(urls):
    urls = sorted(set(urls))
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache_task.call(urls))


def purge_page(page, *, url_paths=()):
    if get_backends():
        purge_on_commit(addresses_showing(page, url_paths=url_paths))


def purge_site(site_id):
    if get_backends():
        purge_on_commit(site_addresses(site_id))
