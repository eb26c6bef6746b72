"""What residents searched: one row per new search, whether a result was opened, kept
SEARCH_LOG_RETENTION_DAYS days. No address or user is kept.

A search is new when it asks for page 1 with no facet filter: paging and facet clicks refine a
search already logged and are not counted again (the results page's own links also carry the
log id, so going back to page 1 or clearing a facet is not a new search either).

Opening a result is reported by the page's script (navigator.sendBeacon) with the signed id of
its row, so result links stay the pages' own addresses (copied links and the back button work as
everywhere else) and there is no redirect to abuse.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from . import analysis
from .models import SearchEntry, SearchLog

MAX_LENGTH = SearchLog._meta.get_field("query").max_length
TOKEN_SALT = "search.log.opened"
TOKEN_MAX_AGE = 24 * 3600  # a results page left open longer reports nothing


def normalized(text):
    return " ".join(analysis.normalize(text).split())[:MAX_LENGTH]


def is_new_search(search_request):
    return search_request.page == 1 and not search_request.filters and not search_request.query.is_empty


def record(search_request, results, site):
    """Log a new search on this site; None for a refinement, an empty query or no site."""
    text = " ".join(search_request.query.text.split())[:MAX_LENGTH]
    if site is None or not text or not is_new_search(search_request):
        return None
    return SearchLog.objects.create(
        site_hostname=site.hostname,
        query=text,
        normalized=normalized(text),
        results=0 if results.original else results.total,  # the query as typed found nothing
        corrected=results.corrected[:MAX_LENGTH],
    )


def token(log):
    """What the results page hands back when a result is opened: the row's id, signed."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(str(log.pk)) if log else ""


def mark_opened(token, url):
    """Mark the row opened if the token is ours and the url is an indexed page's; True if marked."""
    try:
        pk = int(signing.TimestampSigner(salt=TOKEN_SALT).unsign(token or "", max_age=TOKEN_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return False
    if not url or len(url) > SearchEntry._meta.get_field("url").max_length:
        return False
    if not SearchEntry.objects.filter(url=url).exists():
        return False
    return bool(SearchLog.objects.filter(pk=pk, opened=False).update(opened=True))


def delete_expired():
    """The daily job: logs older than SEARCH_LOG_RETENTION_DAYS go; returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.SEARCH_LOG_RETENTION_DAYS)
    deleted, _ = SearchLog.objects.filter(at__lt=cutoff).delete()
    return deleted
