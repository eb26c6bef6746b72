"""Purging nginx's cache (Debian's libnginx-mod-http-cache-purge) through Wagtail's frontend cache."""

import logging
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

logger = logging.getLogger("frontcache")
PURGE_LOCATION = "/_purge"


class NginxPurgeBackend(HTTPBackend):
    """Wagtail's HTTP PURGE, sent to the node's /_purge/ location (docker/nginx/site.conf.template)
    with a timeout: a cache node that hangs must not hang a publish.

    nginx answers 404 for an address it does not hold: that is not an error.
    """

    def __init__(self, params):
        self.timeout = params.pop("TIMEOUT", 2)
        super().__init__(params)

    def purge(self, url):
        parts = urlsplit(url)
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, PURGE_LOCATION + parts.path, parts.query, ""]),
            headers={"Host": parts.netloc, "User-Agent": "zhanqun-frontcache"},
        )
        try:
            urlopen(request, timeout=self.timeout).close()  # noqa: S310 - the node's address comes from settings
        except URLError as error:
            if getattr(error, "code", None) == 404:
                return
            logger.error("frontcache: could not purge %s at %s: %s", url, self.cache_netloc, error)
        except OSError as error:
            logger.error("frontcache: could not purge %s at %s: %s", url, self.cache_netloc, error)
