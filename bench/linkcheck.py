#!/usr/bin/env python
"""The external link checker over 10,000 distinct addresses on a local server: links/s, p50/p95 of
the per-link request time, and the concurrency settings used.

    .venv/bin/python bench/linkcheck.py [--links 10000] [--concurrency 16] [--per-host N] [--interval 0]

The server is an asyncio HTTP/1.1 server (keep-alive, 200 to HEAD and GET) on 127.0.0.1, in a child
process so that it does not share the checker's interpreter lock. All addresses are on that one host,
so by default the per-host bound equals the global one and there is no per-host interval: this
measures the checker, not the politeness (with the defaults, LINKCHECK_PER_HOST 2 and
LINKCHECK_HOST_INTERVAL 0.5 s, one host gets at most 2 requests a second). No database is used.
"""

import argparse
import asyncio
import multiprocessing
import os
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster.settings.test")

import django

django.setup()

from linkcheck.external import Options, check_urls

RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n"


async def _handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            writer.write(RESPONSE + (b"ok" if head.startswith(b"GET") else b""))
            await writer.drain()
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass
    finally:
        writer.close()


async def _serve(sock):
    server = await asyncio.start_server(_handle, sock=sock, backlog=1024)
    async with server:
        await server.serve_forever()


def serve(sock):
    asyncio.run(_serve(sock))


def bench_links(n=10000, concurrency=16, per_host=None, host_interval=0.0):
    """Check n distinct addresses on a local server; returns the figures as a dict."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1024)
    port = sock.getsockname()[1]
    server = multiprocessing.get_context("fork").Process(target=serve, args=(sock,), daemon=True)
    server.start()
    sock.close()
    options = Options.from_settings(
        concurrency=concurrency, per_host=per_host or concurrency, host_interval=host_interval
    )
    urls = [f"http://127.0.0.1:{port}/page/{i}" for i in range(n)]
    try:
        started = time.perf_counter()
        outcomes = check_urls(urls, options)
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.join()
    latencies = sorted(outcome.seconds * 1000 for outcome in outcomes.values())
    return {
        "links": len(outcomes),
        "working": sum(outcome.ok for outcome in outcomes.values()),
        "requests": sum(outcome.requests for outcome in outcomes.values()),
        "seconds": seconds,
        "links_per_s": len(outcomes) / seconds,
        "p50_ms": statistics.median(latencies),
        "p95_ms": statistics.quantiles(latencies, n=20)[18],
        "concurrency": options.concurrency,
        "per_host": options.per_host,
        "host_interval": options.host_interval,
        "timeout": options.timeout,
        "retries": options.retries,
    }


def print_figures(figures):
    print(
        f"settings: concurrency {figures['concurrency']}, per host {figures['per_host']}, "
        f"host interval {figures['host_interval']:g} s, timeout {figures['timeout']:g} s, retries {figures['retries']}"
    )
    print(
        f"{figures['links']} links ({figures['working']} working, {figures['requests']} requests) "
        f"in {figures['seconds']:.2f} s: {figures['links_per_s']:.0f} links/s"
    )
    print(f"per-link request time: p50 {figures['p50_ms']:.1f} ms  p95 {figures['p95_ms']:.1f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--per-host", type=int, default=None, help="default: the same as --concurrency")
    parser.add_argument("--interval", type=float, default=0.0, help="per-host minimum interval, seconds")
    args = parser.parse_args()
    print_figures(bench_links(args.links, args.concurrency, args.per_host, args.interval))


if __name__ == "__main__":
    main()
