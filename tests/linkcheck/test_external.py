"""External links against a local server: HEAD then GET, retries, timeouts, redirects, the
concurrency bounds and the per-host interval, each address fetched once."""

import socket

from linkcheck.external import Options, check_urls

from .conftest import HOLD_SECONDS

FAST = Options(concurrency=8, per_host=8, host_interval=0, timeout=1.0, retries=2, backoff=0.01)


def check(server, *paths, options=FAST):
    outcomes = check_urls([server.url(path) for path in paths], options)
    return [outcomes[server.url(path)] for path in paths]


def test_a_working_link_takes_one_head_request(server):
    (outcome,) = check(server, "/ok")
    assert outcome.ok and outcome.status == 200
    assert server.hits("/ok") == ["HEAD"]


def test_get_follows_when_head_is_refused(server):
    no_head, head_refused = check(server, "/no-head", "/head-refused")
    assert no_head.ok and head_refused.ok
    assert server.hits("/no-head") == ["HEAD", "GET"]
    assert server.hits("/head-refused") == ["HEAD", "GET"]


def test_404_410_and_403_are_confirmed_dead(server):
    missing, gone, forbidden = check(server, "/missing", "/gone", "/forbidden")
    assert (missing.status, gone.status, forbidden.status) == (404, 410, 403)
    assert all(not o.ok and o.confirmed for o in (missing, gone, forbidden))
    assert missing.error == "页面不存在"
    assert server.hits("/missing") == ["HEAD"]  # a 404 is not asked again with GET
    assert server.hits("/forbidden") == ["HEAD", "GET"]  # a HEAD 403 may be a server refusing HEAD


def test_5xx_is_retried_until_it_answers(server):
    (outcome,) = check(server, "/flaky/a/2")
    assert outcome.ok
    assert server.hits("/flaky/a/2") == ["HEAD"] * 3
    assert outcome.requests == 3


def test_5xx_after_every_retry_is_only_suspected(server):
    (outcome,) = check(server, "/error")
    assert not outcome.ok and not outcome.confirmed
    assert outcome.status == 500
    assert len(server.hits("/error")) == FAST.retries + 1


def test_429_waits_as_long_as_retry_after_says(server):
    (outcome,) = check(server, "/busy")
    assert outcome.ok
    first, second = server.starts("/busy")
    assert second - first >= 0.9


def test_a_timeout_is_suspected_with_no_status(server):
    options = Options(concurrency=4, per_host=4, host_interval=0, timeout=0.3, retries=1, backoff=0.01)
    (outcome,) = check(server, "/slow", options=options)
    assert not outcome.ok and not outcome.confirmed
    assert outcome.status is None
    assert outcome.error == "超时（0.3 秒）"
    assert len(server.hits("/slow")) == 2


def test_a_refused_connection_is_suspected():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    outcome = check_urls([url], Options(retries=1, backoff=0.01, host_interval=0))[url]
    assert not outcome.ok and not outcome.confirmed
    assert outcome.error.startswith("连接失败")
    assert outcome.requests == 2


def test_a_host_that_cannot_be_reached_is_given_up_after_host_failures_in_a_row():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    urls = [f"http://127.0.0.1:{port}/{n}" for n in range(10)]
    options = Options(per_host=1, host_interval=0, retries=2, backoff=0.01, host_failures=3)
    outcomes = check_urls(urls, options)
    assert sum(o.requests for o in outcomes.values()) == 3
    assert all(not o.ok and not o.confirmed for o in outcomes.values())
    for outcome in outcomes.values():
        assert outcome.error.startswith("连接失败")
        assert "连续 3 次无法连接，本次检查不再请求" in outcome.error


def test_redirects_are_followed_and_bounded(server):
    redirect, loop = check(server, "/redirect", "/loop", options=Options(**{**FAST.__dict__, "max_redirects": 3}))
    assert redirect.ok
    assert server.hits("/ok/redirected") == ["HEAD"]
    assert not loop.ok and not loop.confirmed
    assert loop.error == "重定向次数过多"
    assert len(server.hits("/loop")) == 4  # the request and 3 redirects, on every attempt
    assert loop.requests == 4


def test_each_address_is_fetched_once(server):
    urls = [server.url("/ok/a"), server.url("/ok/b"), server.url("/ok/a"), server.url("/ok/a")]
    outcomes = check_urls(urls, FAST)
    assert set(outcomes) == {server.url("/ok/a"), server.url("/ok/b")}
    assert server.hits("/ok/a") == ["HEAD"]


def test_no_more_than_per_host_requests_to_one_host_at_once(server):
    options = Options(concurrency=10, per_host=2, host_interval=0, timeout=2.0)
    outcomes = check_urls([server.url(f"/hold/{n}") for n in range(8)], options)
    assert all(o.ok for o in outcomes.values())
    assert server.max_in_flight == 2


def test_no_more_than_concurrency_requests_at_once(server):
    options = Options(concurrency=3, per_host=10, host_interval=0, timeout=2.0)
    check_urls([server.url(f"/hold/{n}") for n in range(9)], options)
    assert server.max_in_flight == 3


def test_requests_to_one_host_start_host_interval_apart(server):
    options = Options(concurrency=5, per_host=5, host_interval=0.2, timeout=2.0)
    check_urls([server.url(f"/ok/{n}") for n in range(5)], options)
    starts = sorted(server.starts("/ok/"))
    # The first request also pays for the client's warm-up, so it reaches the server late.
    gaps = [later - earlier for earlier, later in zip(starts[1:], starts[2:], strict=False)]
    assert len(gaps) == 3
    assert min(gaps) >= 0.15


def test_the_slot_is_held_only_while_a_request_runs(server):
    """Requests held HOLD_SECONDS each, 8 at a time: 16 take about two rounds, not sixteen."""
    options = Options(concurrency=8, per_host=8, host_interval=0, timeout=2.0)
    outcomes = check_urls([server.url(f"/hold/{n}") for n in range(16)], options)
    assert all(HOLD_SECONDS * 0.9 <= o.seconds < HOLD_SECONDS * 4 for o in outcomes.values())
    assert server.max_in_flight == 8


def test_a_malformed_address_is_confirmed_dead():
    url = "http://[::1/"
    outcome = check_urls([url], FAST)[url]
    assert not outcome.ok and outcome.confirmed
    assert outcome.error.startswith("链接地址无效")
