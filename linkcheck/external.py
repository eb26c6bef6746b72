"""Links to other sites, checked over HTTP with httpx.

Each distinct address is checked once. At most `concurrency` requests are in flight, at most
`per_host` to one host, and requests to one host start at least `host_interval` seconds apart (the
politeness a government server's operators expect). HEAD first; GET when HEAD is refused (405, 501
or a 4xx other than 404/410), as many servers refuse HEAD. Timeouts, connection errors, 5xx and 429
are retried with exponential backoff, or after Retry-After when the server names a delay (capped).
Redirects are followed by hand, so that every hop waits for its own host's turn. A host that cannot
be reached `host_failures` times in a row is not asked again in the run: a shut-down site linked
from fifty pages would otherwise hold the run for fifty rounds of timeouts.

The core is async (`check_urls_async`); `check_urls` runs it from sync code.
"""

import asyncio
import email.utils
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import UTC, datetime

import httpx

from .verdict import Verdict

CONFIRMED_DEAD = {403, 404, 410}
HEAD_TRUSTED = {404, 410, 429}
REASONS = {
    401: "需要登录",
    403: "禁止访问",
    404: "页面不存在",
    410: "页面已删除",
    429: "请求过多",
    500: "服务器内部错误",
    502: "网关错误",
    503: "服务不可用",
    504: "网关超时",
}


@dataclass(frozen=True)
class Options:
    concurrency: int = 32
    per_host: int = 2
    host_interval: float = 0.5
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 60.0
    max_redirects: int = 10
    host_failures: int = 3
    user_agent: str = "Mozilla/5.0 (compatible; ZhanqunLinkChecker/1.0)"
    verify_tls: bool = True

    @classmethod
    def from_settings(cls, **overrides):
        """Each option from the Django setting LINKCHECK_<NAME> when set (LINKCHECK_PER_HOST, …)."""
        from django.conf import settings

        values = {f.name: getattr(settings, f"LINKCHECK_{f.name.upper()}", f.default) for f in fields(cls)}
        return cls(**{**values, **overrides})


@dataclass
class Outcome(Verdict):
    url: str = ""
    requests: int = 0
    seconds: float = 0.0
    """Time spent in requests, without the waits for a free slot or the host's turn."""

    def settle(self, verdict):
        self.ok = verdict.ok
        self.status = verdict.status
        self.error = verdict.error
        self.confirmed = verdict.confirmed
        return self


class _HostGate:
    def __init__(self, per_host):
        self.semaphore = asyncio.Semaphore(per_host)
        self.next_start = 0.0
        self.failures = 0
        self.error = ""


class HostDown(Exception):
    pass


def head_refused(status):
    return status in (405, 501) or (400 <= status < 500 and status not in HEAD_TRUSTED)


def retry_after(response, cap):
    """The delay a 429 or 503 asks for, in seconds, at most cap; None when it names none."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = (email.utils.parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), cap)


def describe(error):
    return str(error) or type(error).__name__


def failure(error, options):
    if isinstance(error, httpx.TimeoutException):
        return f"超时（{options.timeout:g} 秒）"
    return f"连接失败：{describe(error)}"


class Checker:
    def __init__(self, client, options):
        self.client = client
        self.options = options
        self.slots = asyncio.Semaphore(options.concurrency)
        self.hosts = {}

    @asynccontextmanager
    async def turn(self, url):
        """A request slot: the host's bound first (so a slow host does not hold global slots while it
        queues), then a global slot, then the host's minimum interval since its previous start.
        HostDown when the host has failed to connect host_failures times in a row."""
        gate = self.hosts.get(url.host)
        if gate is None:
            gate = self.hosts[url.host] = _HostGate(self.options.per_host)
        async with gate.semaphore, self.slots:
            if gate.failures >= self.options.host_failures:
                raise HostDown(f"{gate.error}（该主机连续 {gate.failures} 次无法连接，本次检查不再请求）")
            now = asyncio.get_running_loop().time()
            start = max(now, gate.next_start)
            gate.next_start = start + self.options.host_interval
            if start > now:
                await asyncio.sleep(start - now)
            yield gate

    async def fetch(self, method, url, outcome):
        """The response at the end of the redirects from `method url`; a GET's body is never read."""
        request = self.client.build_request(method, url)
        for _hop in range(self.options.max_redirects + 1):
            async with self.turn(request.url) as gate:
                started = time.perf_counter()
                try:
                    response = await self.client.send(request, stream=True)
                    if request.method == "HEAD":
                        await response.aread()  # the empty body: reading it keeps the connection alive
                    else:
                        await response.aclose()  # a GET's body may be a large file: drop the connection
                except (httpx.ConnectError, httpx.ConnectTimeout) as error:
                    gate.failures += 1
                    gate.error = failure(error, self.options)
                    raise
                else:
                    gate.failures = 0
                finally:
                    outcome.requests += 1
                    outcome.seconds += time.perf_counter() - started
            if response.next_request is None:
                return response
            request = response.next_request
        raise httpx.TooManyRedirects("重定向次数过多", request=request)

    async def attempt(self, url, outcome):
        response = await self.fetch("HEAD", url, outcome)
        if head_refused(response.status_code):
            response = await self.fetch("GET", url, outcome)
        return response

    async def check(self, url):
        options = self.options
        outcome = Outcome(ok=False, url=url)
        for attempt in range(options.retries + 1):
            delay = options.backoff * 2**attempt
            try:
                response = await self.attempt(url, outcome)
            except httpx.TooManyRedirects:
                return outcome.settle(Verdict(False, error="重定向次数过多"))
            except HostDown as error:
                return outcome.settle(Verdict(False, error=str(error)))
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError) as error:
                return outcome.settle(Verdict(False, error=f"链接地址无效：{describe(error)}", confirmed=True))
            except httpx.RequestError as error:
                verdict = Verdict(False, error=failure(error, options))
            else:
                status = response.status_code
                if status < 400:
                    return outcome.settle(Verdict(True, status))
                reason = REASONS.get(status) or response.reason_phrase or f"HTTP {status}"
                verdict = Verdict(False, status, reason, confirmed=status in CONFIRMED_DEAD)
                if status != 429 and status < 500:
                    return outcome.settle(verdict)
                asked = retry_after(response, options.max_retry_after)
                if asked is not None:
                    delay = asked
            if attempt < options.retries:
                await asyncio.sleep(delay)
        return outcome.settle(verdict)


def make_client(options):
    return httpx.AsyncClient(
        headers={"User-Agent": options.user_agent, "Accept": "*/*"},
        timeout=httpx.Timeout(options.timeout, pool=None),
        limits=httpx.Limits(max_connections=options.concurrency, max_keepalive_connections=options.concurrency),
        follow_redirects=False,
        verify=options.verify_tls,
    )


async def check_urls_async(urls, options=None, on_result=None):
    """{url: Outcome} for each distinct url; on_result(outcome) as each one is known."""
    options = options or Options.from_settings()
    async with make_client(options) as client:
        checker = Checker(client, options)

        async def check(url):
            outcome = await checker.check(url)
            if on_result:
                on_result(outcome)
            return outcome

        outcomes = await asyncio.gather(*(check(url) for url in dict.fromkeys(urls)))
    return {outcome.url: outcome for outcome in outcomes}


def check_urls(urls, options=None, on_result=None):
    return asyncio.run(check_urls_async(urls, options, on_result))
