"""What the availability probes and the tamper watch share: where a site's page is asked for, the
HTTP client that asks, and how a failed request is told in Chinese."""

import httpx
from django.conf import settings

DEFAULT_TIMEOUT = 15
USER_AGENT = "Zhanqun-availability-probe/1.0"


def probe_timeout():
    return float(getattr(settings, "ASSURANCE_PROBE_TIMEOUT", DEFAULT_TIMEOUT))


def probe_target(site, path="/"):
    """The URL to request and the headers to send for the page at `path` of a site.

    With ASSURANCE_PROBE_ORIGIN set, every site is asked for at that one origin under its own Host
    header, as a prober inside the cluster reaches the virtual hosts behind the web server."""
    origin = getattr(settings, "ASSURANCE_PROBE_ORIGIN", "")
    if origin:
        return origin.rstrip("/") + path, {"Host": site.hostname}
    return site.root_url + path, {}


def probe_client(timeout, **options):
    """The prober's HTTP client: its own User-Agent, redirects followed as a browser would."""
    return httpx.AsyncClient(timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}, **options)


def failure_text(error, timeout):
    """A failed request in the words of the probe log."""
    if isinstance(error, TimeoutError | httpx.TimeoutException):
        return f"超时：{timeout:g} 秒内未打开"
    return f"连接失败：{type(error).__name__} {error}".strip()


def status_text(response):
    return f"状态码 {response.status_code} {response.reason_phrase}".strip()
