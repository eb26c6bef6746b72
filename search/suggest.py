"""Suggestions as residents type (关键词推荐), and the 热词 of the search page.

A suggestion is a popular query (the search log: the most frequent normalized queries with
results over POPULAR_DAYS), a word of the word list (by frequency, also by its pinyin or
initials when the prefix is Latin letters), or a title of an indexed page. Titles and words are
looked up with `LIKE 'prefix%'` on indexes that serve it (migration 0005_suggest_indexes): two
queries per suggestion; the popular queries are counted once every POPULAR_TTL seconds and kept
in the cache. Suggestions come from the database whichever engine answers searches.
"""

import re
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from .analysis import normalize
from .models import SearchEntry, SearchLog, SearchTerm

LIMIT = 8
POPULAR_DAYS = 90
POPULAR_TTL = 600
POPULAR_POOL = 2000  # the popular queries a prefix is matched against
MAX_PREFIX = 30
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"\w")
LATIN = re.compile(r"^[a-z]+$")


def _counted(site_hostname, limit):
    since = timezone.now() - timedelta(days=POPULAR_DAYS)
    logs = SearchLog.objects.filter(at__gte=since, results__gt=0).exclude(normalized="")
    if site_hostname:
        logs = logs.filter(site_hostname=site_hostname)
    rows = logs.values("normalized").annotate(n=Count("id")).order_by("-n", "normalized")[:limit]
    return [(row["normalized"], row["n"]) for row in rows]


def _popular(site_hostname, limit):
    key = f"search:popular:{site_hostname or '*'}:{limit}"
    found = cache.get(key)
    if found is None:
        found = _counted(site_hostname, limit)
        cache.set(key, found, POPULAR_TTL)
    return found


def popular_queries(site_hostname=None, limit=LIMIT):
    """The most frequent queries that found something in the past POPULAR_DAYS days (热词), most
    frequent first; of one site when site_hostname is given."""
    return [query for query, _n in _popular(site_hostname, limit)]


def clean_prefix(text):
    """The prefix as it is looked up, or "" when it is too short, too long or has no word in it."""
    prefix = " ".join(normalize(text).split())
    if not prefix or len(prefix) > MAX_PREFIX or not WORD.search(prefix):
        return ""
    if not HAN.search(prefix) and len(prefix) < 2:
        return ""
    return prefix


def suggestions(text, limit=LIMIT):
    """Up to `limit` completions of what a resident has typed so far, the most useful first."""
    prefix = clean_prefix(text)
    if not prefix:
        return []
    found = {}

    def add(value):
        key = "".join(normalize(value).split())
        if key and key not in found and len(found) < limit:
            found[key] = value.strip()

    for query, _n in _popular(None, POPULAR_POOL):
        if query.startswith(prefix):
            add(query)
    if len(found) < limit:
        words = Q(term__startswith=prefix)
        if LATIN.match(prefix):
            words |= Q(pinyin__startswith=prefix) | Q(initials__startswith=prefix)
        for term in SearchTerm.objects.filter(words).order_by("-frequency").values_list("term", flat=True)[:limit]:
            add(term)
    if len(found) < limit:
        # No ORDER BY: the index gives its first matches, and nothing counts them all.
        titles = SearchEntry.objects.filter(title__startswith=prefix).values_list("title", flat=True)
        for title in titles[: 3 * limit]:
            add(title)
    return list(found.values())
