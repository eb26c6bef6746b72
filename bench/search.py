#!/usr/bin/env python
"""Residents' search: indexing documents/s and query latency p50/p95, for each engine.

    scripts/with-postgres.sh scripts/with-elasticsearch.sh .venv/bin/python bench/search.py
    ES_JAVA_OPTS="-Xms1g -Xmx1g" scripts/with-postgres.sh scripts/with-elasticsearch.sh \\
        .venv/bin/python bench/search.py                 # the full 100,000 documents: give ES 1 GiB
    .venv/bin/python bench/search.py --docs 5000         # SQLite, database engine only

It builds --docs index entries (default 100,000) over --sites sites (default 110: one city
portal, 20 counties and districts, the rest townships and departments) from sentences of the seed
documents (/work/shared/seeds, or --seeds), deterministically from --seed. Entries have the shape
EntryBuilder.build gives (token fields from search.analysis.index_text, fingerprint from
search.entries.fingerprint); analysing them with jieba is timed apart from writing them, and the
analysed entries are cached under .cache/bench/ so a rerun skips it (--no-cache to redo it).

Then, per engine: DatabaseEngine().replace() into a throwaway test database (PostgreSQL when
DATABASE_URL is set, SQLite otherwise) and, when ELASTICSEARCH_URL is set,
ElasticsearchEngine(url, "bench-zhanqun-pages").replace(); then --queries mixed queries (single
words, several words, quoted phrases, exact document numbers; some with a site or type filter,
sorted by date, or a later page), once to warm up, then timed with one client and with --clients
concurrent clients (threads, each running every query in its own order, each with its own
database connection).

The page ids are synthetic: no Wagtail page is created. search_searchentry.page_id is a foreign
key to wagtailcore_page, so in the throwaway test database the bench drops that constraint
(PostgreSQL: ALTER TABLE ... DROP CONSTRAINT; SQLite: PRAGMA foreign_keys = OFF) before loading.
The bench's Elasticsearch indices and the test database are removed at the end.
"""

import argparse
import gc
import hashlib
import multiprocessing
import os
import pickle
import random
import re
import resource
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster.settings.test")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment
from tqdm import tqdm

from search import analysis
from search.entries import TYPE_LABELS, fingerprint
from search.query import SearchRequest

CACHE_DIR = ROOT / ".cache" / "bench"
CACHE_VERSION = 1  # bump when the generator changes
ES_ALIAS = "bench-zhanqun-pages"
TARGETS = {"elasticsearch": 50.0, "database": 300.0}  # p95 ms with one client
SENTENCE = re.compile(r"[^。！？]+[。！？]?")
HAN = re.compile(r"^[\u3400-\u9fff]+$")
START = datetime(2016, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE))
END = datetime(2026, 10, 31, tzinfo=ZoneInfo(settings.TIME_ZONE))

TYPE_WEIGHTS = {
    "news": 35,
    "photo": 5,
    "notice": 15,
    "document": 20,
    "interpretation": 8,
    "leader": 2,
    "institution": 3,
    "service": 12,
}
assert set(TYPE_WEIGHTS) <= set(TYPE_LABELS)  # columns, letters and drafts are not generated
# Where each type lives: (column_key, column trail titles), after columns/data/site_skeletons.yaml.
COUNTY_COLUMNS = {
    "news": [
        ("news/local-news", ["新闻动态", "本地要闻"]),
        ("news/township-news", ["新闻动态", "乡镇动态"]),
        ("news/department-news", ["新闻动态", "部门动态"]),
    ],
    "photo": [("news/photo-news", ["新闻动态", "图片新闻"])],
    "notice": [("disclosure/notices", ["政务公开", "通知公告"])],
    "document": [
        ("disclosure/government-documents", ["政务公开", "政府文件"]),
        ("disclosure/normative-documents", ["政务公开", "规范性文件"]),
    ],
    "interpretation": [("disclosure/policy-interpretation", ["政务公开", "政策解读"])],
    "leader": [("leadership/government-leaders", ["领导之窗", "政府领导"])],
    "institution": [("disclosure/functions", ["政务公开", "机构职能"])],
    "service": [
        ("services/individual-services", ["办事服务", "个人服务"]),
        ("services/enterprise-services", ["办事服务", "企业服务"]),
    ],
}
LOCAL_COLUMNS = {
    "news": [("news", ["工作动态"])],
    "photo": [("news", ["工作动态"])],
    "notice": [("notices", ["通知公告"])],
    "document": [("documents", ["政策文件"])],
    "interpretation": [("documents", ["政策文件"])],
    "leader": [("leaders", ["领导信息"])],
    "institution": [("functions", ["机构职能"])],
    "service": [("service-guides", ["办事指南"])],
}
DEPARTMENTS = (
    "发展和改革委员会",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化广电和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "林业和草原局",
    "信访局",
    "营商环境建设监督局",
    "城市管理综合执法局",
    "档案局",
    "机关事务管理局",
    "人民防空办公室",
    "供销合作社",
    "地方金融监督管理局",
    "粮食局",
    "体育局",
    "外事办公室",
    "民族宗教事务局",
    "政务服务中心",
    "信息中心",
    "住房公积金管理中心",
)
PLACE_CHARS = "东西南北安宁平和兴隆丰泰永福宝清集贤友谊饶河岭山庆阳长春新华富源云峰红旗双河太保七星"
DOC_PREFIXES = ("双政发", "双政办发", "双政办文", "双政规", "双发改发", "双财发", "双教发", "双卫健发")


# The corpus


def seed_sentences(seeds_dir):
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(seeds_dir).iterdir()) if p.suffix in (".md", ".txt")]
    if not texts:
        raise SystemExit(f"no .md or .txt seed documents in {seeds_dir}")
    sentences = []
    for text in texts:
        for line in text.splitlines():
            for sentence in SENTENCE.findall(line):
                sentence = sentence.strip(" \t\u3000#*>-")
                if len(sentence) >= 8 and re.search(r"[\u4e00-\u9fff]", sentence):
                    sentences.append(sentence)
    digest = hashlib.sha1("\0".join(texts).encode()).hexdigest()[:10]
    return sentences, digest


def make_sites(count, rng):
    names = set()

    def place(suffix):
        while True:
            name = "".join(rng.sample(PLACE_CHARS, 2)) + suffix
            if name not in names:
                names.add(name)
                return name

    sites = []
    for n in range(count):
        hostname = f"site{n + 1:03d}.example"
        if n == 0:
            level, name, units, columns = "city", "双鸭山市人民政府", [f"市{d}" for d in DEPARTMENTS], COUNTY_COLUMNS
        elif n <= 20:
            level = "county" if n % 2 else "district"
            area = place("县" if level == "county" else "区")
            name, columns = f"{area}人民政府", COUNTY_COLUMNS
            units = [f"{area}人民政府办公室"] + [f"{area}{d}" for d in rng.sample(DEPARTMENTS, 8)]
        elif n % 2:
            level, area = "township", place(rng.choice("镇乡") if n % 3 else "街道")
            name = f"{area}办事处" if area.endswith("街道") else f"{area}人民政府"
            units, columns = [area], LOCAL_COLUMNS
        else:
            level = "department"
            name = f"市{DEPARTMENTS[(n // 2) % len(DEPARTMENTS)]}" + ("" if n < 2 * len(DEPARTMENTS) else f"{n}")
            units, columns = [name], LOCAL_COLUMNS
        weight = {"city": 10, "county": 3, "district": 3}.get(level, 1)
        sites.append(
            {"hostname": hostname, "name": name, "level": level, "units": units, "columns": columns, "weight": weight}
        )
    return sites


def title_from(sentence, rng):
    text = sentence.rstrip("。！？；：，、")
    length = rng.randint(12, 30)
    if len(text) <= length:
        return text
    start = rng.randint(0, min(len(text) - length, 10))
    return text[start : start + length].strip("，、；：。（）()")


def raw_entries(count, sites, sentences, rng):
    """Entries without their token fields, in page-id order."""
    long_sentences = [s for s in sentences if len(s) >= 12]
    types, type_weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    site_weights = [s["weight"] for s in sites]
    span = (END - START).total_seconds()
    numbers = {}
    for page_id in tqdm(range(1, count + 1), desc="generate", unit="doc", mininterval=1):
        site = rng.choices(sites, site_weights)[0]
        content_type = rng.choices(types, type_weights)[0]
        column_key, titles = rng.choice(site["columns"][content_type])
        published_at = START + timedelta(seconds=int(rng.random() * span))
        root = f"http://{site['hostname']}"
        keys = column_key.split("/")
        trail = [[t, f"{root}/{'/'.join(keys[: i + 1])}/"] for i, t in enumerate(titles)]
        body_sentences = rng.sample(sentences, rng.randint(5, 15))
        body = "\n".join("".join(body_sentences[i : i + 3]) for i in range(0, len(body_sentences), 3))
        unit = rng.choice(site["units"])
        doc_number = issuer = index_number = ""
        if content_type == "document":
            issuer = site["name"] if rng.random() < 0.5 else unit
            index_number = f"{site['hostname'][4:7]}{published_at.year}-{page_id:06d}"
            if rng.random() < 0.6:
                prefix = rng.choice(DOC_PREFIXES)
                key = (prefix, published_at.year)
                numbers[key] = numbers.get(key, 0) + 1
                doc_number = f"{prefix}〔{published_at.year}〕{numbers[key]}号"
        entry = {
            "page_id": page_id,
            "locale": "zh-hans",
            "site_hostname": site["hostname"],
            "site_name": site["name"],
            "site_level": site["level"],
            "column_key": column_key,
            "column_trail": trail,
            "unit": unit,
            "content_type": content_type,
            "published_at": published_at.isoformat(),
            "year": published_at.year,
            "url": f"{root}/{column_key}/p{page_id}/",
            "title": title_from(rng.choice(long_sentences), rng),
            "summary": body_sentences[0],
            "body": body,
            "doc_number": doc_number,
            "issuer": issuer,
            "index_number": index_number,
        }
        entry["fingerprint"] = fingerprint(entry)
        yield entry


def analyse(entry):
    """The token fields, exactly as EntryBuilder.build makes them."""
    meta = [entry["site_name"], entry["unit"], entry["issuer"]] + [t for t, _ in entry["column_trail"]]
    entry.update(
        title_tokens=analysis.index_text(entry["title"]),
        number_tokens=analysis.index_text(f"{entry['doc_number']} {entry['index_number']}"),
        summary_tokens=analysis.index_text(entry["summary"]),
        meta_tokens=analysis.index_text(" ".join(m for m in meta if m)),
        body_tokens=analysis.index_text(entry["body"]),
    )
    return entry


def _analyse_chunk(chunk):
    return [analyse(entry) for entry in chunk]


def build_corpus(args, sentences, digest):
    """(entries, analysis seconds, processes, cached?) — from the cache when it has them."""
    key = f"search-v{CACHE_VERSION}-{args.docs}docs-{args.sites}sites-seed{args.seed}-{digest}"
    cache = CACHE_DIR / f"{key}.pickle"
    if cache.exists() and not args.no_cache:
        with tqdm(desc="load cache", total=1, unit="file") as bar, cache.open("rb") as f:
            data = pickle.load(f)
            bar.update()
        return data["entries"], data["seconds"], data["processes"], True
    rng = random.Random(args.seed)
    sites = make_sites(args.sites, rng)
    raw = list(raw_entries(args.docs, sites, sentences, rng))
    analysis.index_text("预热")  # load jieba's dictionary once, before the workers fork
    chunks = [raw[i : i + 500] for i in range(0, len(raw), 500)]
    start = time.perf_counter()
    entries = []
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        bar = tqdm(total=len(raw), desc=f"analyse (jieba, {args.workers} processes)", unit="doc", mininterval=1)
        for done in pool.imap(_analyse_chunk, chunks):
            entries.extend(done)
            bar.update(len(done))
        bar.close()
    seconds = time.perf_counter() - start
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump({"entries": entries, "seconds": seconds, "processes": args.workers}, f, pickle.HIGHEST_PROTOCOL)
    tmp.replace(cache)
    return entries, seconds, args.workers, False


# The queries


def make_queries(count, entries, sentences, rng):
    """GET parameters of `count` mixed queries, drawn deterministically from the corpus."""
    corpus_words = [
        w for s in sentences for w in analysis.words(s) if HAN.match(w) and w not in analysis.QUERY_STOPWORDS
    ]
    two_char = [w for w in corpus_words if len(w) == 2]
    longer = [w for w in corpus_words if len(w) >= 2]
    doc_numbers = sorted({e["doc_number"] for e in entries if e["doc_number"]})
    hostnames = sorted({e["site_hostname"] for e in entries})
    kinds = ["word"] * 45 + ["words"] * 35 + ["phrase"] * 10 + ["number"] * 10
    queries = []
    while len(queries) < count:
        kind = rng.choice(kinds)
        params = {}
        if kind == "word":
            params["q"] = rng.choice(two_char)
        elif kind == "words":
            params["q"] = " ".join(rng.sample(longer, rng.randint(2, 3)))
        elif kind == "phrase":
            run = analysis.words(rng.choice(sentences))
            spans = [i for i in range(len(run) - 2) if all(HAN.match(w) for w in run[i : i + 3])]
            if not spans:
                continue
            i = rng.choice(spans)
            params["q"] = '"' + "".join(run[i : i + rng.randint(2, 3)]) + '"'
        else:
            if not doc_numbers:
                continue
            params["q"] = rng.choice(doc_numbers)
        if kind != "number":
            if rng.random() < 0.2:
                params["site"] = rng.choice(hostnames)
            if rng.random() < 0.15:
                params["type"] = rng.choice(list(TYPE_LABELS))
            if rng.random() < 0.15:
                params["sort"] = "date"
            if rng.random() < 0.1:
                params["page"] = str(rng.randint(2, 5))
        queries.append((kind, params))
    return queries


# Measuring


def percentile(times, p):
    return statistics.quantiles(times, n=100, method="inclusive")[p - 1] if len(times) > 1 else times[0]


def timed_pass(engine, requests):
    times, totals = [], []
    for request in requests:
        start = time.perf_counter()
        results = engine.search(request)
        times.append((time.perf_counter() - start) * 1000)
        totals.append(results.total)
    return times, totals


def concurrent_pass(engine, requests, clients, seed):
    barrier = threading.Barrier(clients)

    def client(n):
        order = list(requests)
        random.Random(seed * 1000 + n).shuffle(order)
        try:
            barrier.wait()
            return timed_pass(engine, order)[0]
        finally:
            connection.close()  # each thread has its own connection

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(client, n) for n in range(clients)]
        times = [t for f in futures for t in f.result()]
    return times, time.perf_counter() - start


class ThroughService:
    """The engine as residents reach it: search.service.search, which orders the engine's best
    search.ranking.WINDOW by the shared ranking, and tries a typo's correction and a relaxed
    query when a query finds few pages."""

    def __init__(self, engine):
        self.engine = engine

    def search(self, request):
        from search import service

        return service.search(request, engine=self.engine)


def measure_service(engine, requests):
    timed_pass(ThroughService(engine), requests)
    times, _totals = timed_pass(ThroughService(engine), requests)
    print(
        f"  1 client through search.service (shared ranking, corrections): p50 {percentile(times, 50):7.1f} ms"
        f"  p95 {percentile(times, 95):7.1f} ms"
    )


def measure(engine, requests, args):
    timed_pass(engine, requests)  # warm up caches, connections and the JIT
    times, totals = timed_pass(engine, requests)
    one = {"p50": percentile(times, 50), "p95": percentile(times, 95), "qps": len(times) / (sum(times) / 1000)}
    print(
        f"  1 client:    p50 {one['p50']:7.1f} ms  p95 {one['p95']:7.1f} ms  {one['qps']:7.1f} q/s"
        f"   (mean hits {statistics.mean(totals):,.0f}, no hits on {totals.count(0)} of {len(totals)})"
    )
    times, wall = concurrent_pass(engine, requests, args.clients, args.seed)
    many = {"p50": percentile(times, 50), "p95": percentile(times, 95), "qps": len(times) / wall}
    print(
        f"  {args.clients} clients:  p50 {many['p50']:7.1f} ms  p95 {many['p95']:7.1f} ms  {many['qps']:7.1f} q/s"
        f"   ({len(times)} queries)"
    )
    measure_service(engine, requests)
    return one, many, totals


def drop_page_foreign_key():
    """Let the throwaway database hold entries for pages that do not exist."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE contype = 'f'"
                " AND conrelid = 'search_searchentry'::regclass AND confrelid = 'wagtailcore_page'::regclass"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'ALTER TABLE search_searchentry DROP CONSTRAINT "{name}"')
    elif connection.vendor == "sqlite":
        connection.disable_constraint_checking()  # PRAGMA foreign_keys = OFF on this connection
    else:
        raise SystemExit(f"the bench does not know how to drop foreign keys on {connection.vendor}")


def bench_database(entries, requests, args):
    from search.engines.database import DatabaseEngine

    engine = DatabaseEngine()
    label = f"database ({connection.vendor})"
    print(f"\n{label}")
    drop_page_foreign_key()
    start = time.perf_counter()
    engine.replace(tqdm(entries, desc=f"index {label}", unit="doc", mininterval=1))
    seconds = time.perf_counter() - start
    print(f"  indexing: {len(entries):,} docs in {seconds:.1f} s = {len(entries) / seconds:,.0f} docs/s")
    if connection.vendor == "postgresql":
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE search_searchentry")  # autovacuum does it in production
            cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('search_searchentry'))")
            size = cursor.fetchone()[0]
        print(f"  VACUUM ANALYZE {time.perf_counter() - start:.1f} s; table with indexes {size}")
    with CaptureQueriesContext(connection) as hit:
        engine.search(requests[0])
    with CaptureQueriesContext(connection) as miss:
        engine.search(SearchRequest.from_params({"q": "不存在的词语组合甲乙丙丁"}))
    print(
        f"  SQL statements per search: {len(hit)} with hits, {len(miss)} without"
        f" ({', '.join(q['sql'].split()[0] for q in hit.captured_queries)})"
    )
    one, many, totals = measure(engine, requests, args)
    return {"engine": "database", "label": label, "docs_s": len(entries) / seconds, "one": one, "many": many}, totals


def bench_elasticsearch(entries, requests, args, words=()):
    from search.engines.elasticsearch import ElasticsearchEngine

    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        print("\nelasticsearch: skipped, ELASTICSEARCH_URL is not set (run under scripts/with-elasticsearch.sh)")
        return None, None
    engine = ElasticsearchEngine(url, ES_ALIAS)
    label = "elasticsearch"
    print(f"\n{label}")
    try:
        engine.drop()  # leftovers of an interrupted run
        start = time.perf_counter()
        engine.replace(tqdm(entries, desc=f"index {label}", unit="doc", mininterval=1))
        engine.refresh()
        seconds = time.perf_counter() - start
        stats = engine.client.indices.stats(index=ES_ALIAS, metric="store")["_all"]["primaries"]["store"]
        print(
            f"  indexing: {len(entries):,} docs in {seconds:.1f} s = {len(entries) / seconds:,.0f} docs/s;"
            f" store {stats['size_in_bytes'] / 2**20:,.0f} MiB"
        )
        one, many, totals = measure(engine, requests, args)
        if words:
            measure_words(engine, label, words)
    finally:
        engine.drop()
    return {
        "engine": "elasticsearch",
        "label": label,
        "docs_s": len(entries) / seconds,
        "one": one,
        "many": many,
    }, totals


# Residents' words: everyday words of the synonym dictionary and pinyin, on both engines


STEMS = "甲乙丙丁戊庚辛壬癸子丑寅卯辰巳"  # made-up everyday words: 俗 and two of these


def residents_words(entries, rng, count):
    """(kind, SearchRequest) for `count` queries in residents' words: an everyday word of the
    synonym dictionary standing for a title word, or a title word typed in pinyin. The dictionary
    (200 words) and the word list are made first: parsing a query reads them."""
    from django.core.cache import cache
    from pypinyin import lazy_pinyin

    from search.models import Synonym

    titles = sorted({w for e in entries[:20_000] for w in analysis.words(e["title"]) if HAN.match(w) and len(w) >= 2})
    chosen = rng.sample(titles, min(200, len(titles)))
    Synonym.objects.all().delete()
    made_up = [f"俗{a}{b}" for a in STEMS for b in STEMS][: len(chosen)]  # Han only, as residents type
    Synonym.objects.bulk_create(Synonym(term=term, expansions=word) for term, word in zip(made_up, chosen, strict=True))
    cache.clear()  # bulk_create sends no signal: the dictionary's cache goes by hand
    words = []
    for n in range(count):
        if n % 2:
            words.append(("pinyin", {"q": "".join(lazy_pinyin(rng.choice(chosen)))}))
        else:
            words.append(("synonym", {"q": rng.choice(made_up)}))
    return [(kind, SearchRequest.from_params(params)) for kind, params in words]


def measure_words(engine, label, words):
    """p50/p95 of one client per kind of residents' words through search.service, after a warm-up
    pass."""
    for kind in ("synonym", "pinyin"):
        requests = [request for k, request in words if k == kind]
        timed_pass(ThroughService(engine), requests)
        times, totals = timed_pass(ThroughService(engine), requests)
        print(
            f"  {label}, {kind} queries: p50 {percentile(times, 50):7.1f} ms  p95 {percentile(times, 95):7.1f} ms"
            f"   (mean hits {statistics.mean(totals):,.0f}, no hits on {totals.count(0)} of {len(totals)})"
        )


# The word list: pinyin and typos (search.vocabulary), on the entries bench_database wrote


def bench_vocabulary(rng, count):
    """Rebuilding the word list, then pinyin_alternatives and did_you_mean p50/p95. Both run
    before the engine, on the database's word list, so they cost the same whichever engine answers."""
    from functools import partial

    from pypinyin import lazy_pinyin

    from search.models import SearchEntry, SearchTerm
    from search.vocabulary import did_you_mean, pinyin_alternatives, rebuild_terms

    print("\nword list (pinyin and typos)")
    start = time.perf_counter()
    words = rebuild_terms(progress=partial(tqdm, desc="word list", unit="doc", mininterval=1))
    seconds = time.perf_counter() - start
    print(f"  rebuild: {words:,} words from {SearchEntry.objects.count():,} entries in {seconds:.1f} s")
    chinese = list(SearchTerm.objects.exclude(pinyin="").order_by("term").values_list("term", "pinyin", "initials"))
    homophones = {}
    for term, _pinyin, _initials in chinese:
        for char, reading in zip(term, lazy_pinyin(term), strict=True):
            homophones.setdefault(reading, set()).add(char)
    picks = rng.sample(chinese, min(count, len(chinese)))
    pinyin_queries = []
    for n, (_term, pinyin, initials) in enumerate(picks):
        kind = n % 4
        if kind == 0:
            pinyin_queries.append(pinyin)
        elif kind == 1 and 2 <= len(initials) <= 5:
            pinyin_queries.append(initials)
        elif kind == 2:
            pinyin_queries.append(pinyin + rng.choice(chinese)[1])  # two words run together
        else:
            pinyin_queries.append(rng.choice(["policy", "report", "service", "time", "change", "long", "by"]))
    typo_queries, typos = [], []  # typos: what the query should be put right to, or None
    for n, (term, _pinyin, _initials) in enumerate(picks):
        i = rng.randrange(len(term))
        others = sorted(homophones.get(lazy_pinyin(term[i])[0], set()) - {term[i]})
        if n % 2 or not others:
            typo_queries.append(term + rng.choice(chinese)[0])  # right as typed
            typos.append(None)
        else:
            typo_queries.append(term[:i] + rng.choice(others) + term[i + 1 :])
            typos.append(term)

    for label, function, queries in (
        ("pinyin_alternatives", pinyin_alternatives, pinyin_queries),
        ("did_you_mean", did_you_mean, typo_queries),
    ):
        for query in queries:  # warm up
            function(query)
        times, answers = [], []
        for query in queries:
            start = time.perf_counter()
            answers.append(function(query))
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"  {label:<20} p50 {percentile(times, 50):6.1f} ms  p95 {percentile(times, 95):6.1f} ms"
            f"   ({sum(map(bool, answers))} of {len(queries)} answered; e.g. {queries[0]!r} → {answers[0]!r})"
        )
    pairs = list(zip((did_you_mean(q) for q in typo_queries), typos, strict=True))
    put_right = sum(1 for answer, typo in pairs if typo and answer == typo)
    changed = sum(1 for answer, typo in pairs if not typo and answer)
    print(
        f"  did_you_mean: {put_right} of {len(typos) - typos.count(None)} one-character same-sound typos put right;"
        f" {changed} of {typos.count(None)} right queries changed"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=110)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes analysing with jieba")
    parser.add_argument("--seeds", default="/work/shared/seeds", help="folder of the seed documents")
    parser.add_argument("--no-cache", action="store_true", help="analyse again rather than load .cache/bench")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # figures show up as they come, also in a log file
    if args.sites < 1 or args.docs < 1:
        parser.error("--docs and --sites must be positive")

    sentences, digest = seed_sentences(args.seeds)
    print(f"corpus: {len(sentences)} sentences from {args.seeds}; {args.docs:,} documents over {args.sites} sites")
    entries, analysis_s, processes, cached = build_corpus(args, sentences, digest)
    chars = sum(len(e["title"]) + len(e["summary"]) + len(e["body"]) for e in entries)
    print(
        f"analysis (jieba): {len(entries):,} docs, {chars / len(entries):.0f} chars each, in {analysis_s:.1f} s"
        f" with {processes} processes = {len(entries) / analysis_s:,.0f} docs/s"
        f" ({len(entries) / analysis_s / processes:,.0f} per process)" + ("  [from the cache]" if cached else "")
    )
    # The corpus is 100,000 dicts that a web process never holds: keep the cyclic collector from
    # walking them in the middle of a timed search.
    gc.freeze()
    queries = make_queries(args.queries, entries, sentences, random.Random(args.seed + 1))
    kinds = {k: sum(1 for kind, _ in queries if kind == k) for k in ("word", "words", "phrase", "number")}
    filtered = {name: sum(1 for _, p in queries if name in p) for name in ("site", "type", "sort", "page")}
    print(f"queries: {len(queries)}: {kinds}; with {filtered}; e.g. {[p for _, p in queries[:4]]}")

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    results, totals = [], {}
    try:
        from search.engines.database import DatabaseEngine

        # parsed in the test database: a query reads the synonym dictionary
        requests = [SearchRequest.from_params(params) for _kind, params in queries]
        result, totals["database"] = bench_database(entries, requests, args)
        results.append(result)
        bench_vocabulary(random.Random(args.seed + 2), args.queries)
        words = residents_words(entries, random.Random(args.seed + 3), args.queries)
        measure_words(DatabaseEngine(), f"database ({connection.vendor})", words)
        result, engine_totals = bench_elasticsearch(entries, requests, args, words)
        if result:
            results.append(result)
            totals["elasticsearch"] = engine_totals
        bench_suggestions_and_answers(entries, args)  # on the entries bench_database left in the database
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)

    if len(totals) == 2:
        same = sum(1 for a, b in zip(totals["database"], totals["elasticsearch"], strict=True) if a == b)
        print(f"\nhit counts agree between the engines on {same} of {len(requests)} queries")
    c = args.clients
    heading = f"{'docs/s(index)':>14}{'p50 1c':>9}{'p95 1c':>9}{f'p50 {c}c':>9}{f'p95 {c}c':>9}{f'q/s {c}c':>9}"
    print(f"\n{'engine':<26}{heading}   target")
    for r in results:
        target = TARGETS[r["engine"]]
        verdict = "met" if r["one"]["p95"] <= target else "MISSED"
        print(
            f"{r['label']:<26}{r['docs_s']:>14,.0f}{r['one']['p50']:>9.1f}{r['one']['p95']:>9.1f}"
            f"{r['many']['p50']:>9.1f}{r['many']['p95']:>9.1f}{r['many']['qps']:>9.1f}"
            f"   p95 1c ≤ {target:.0f} ms: {verdict}"
        )
    print(f"{'analysis (jieba)':<26}{len(entries) / analysis_s:>14,.0f}   ({processes} processes)")
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    workers = "" if cached else f" (largest analysis worker {children_rss:,.0f} MiB)"
    print(f"peak RSS of this process: {self_rss:,.0f} MiB{workers}")


# Suggestions as residents type, and direct answers (issue 18)

SUGGEST_TARGET = 30.0  # p95 ms


def bench_suggestions_and_answers(entries, args):
    """Suggestions (database only, whichever engine answers searches: SearchEntry titles,
    SearchTerm words, SearchLog popular queries) on the entries in the database, and direct
    answers (a lookup in a map held by the process: no engine, no SQL) over the bench's sites."""
    from pypinyin import Style, lazy_pinyin

    from search.answers import BUILD_QUERIES, AnswerIndex, Target
    from search.models import SearchLog, SearchTerm
    from search.suggest import suggestions

    rng = random.Random(args.seed + 18)
    titles = [e["title"] for e in entries]
    print(f"\nsuggestions (database, {connection.vendor})")
    words = {}
    for title in titles[:20_000]:
        for word in analysis.words(title):
            if HAN.match(word) and 2 <= len(word) <= 8:
                words[word] = words.get(word, 0) + 1
    SearchTerm.objects.bulk_create(
        [
            SearchTerm(
                term=w,
                pinyin="".join(lazy_pinyin(w))[:200],
                initials="".join(lazy_pinyin(w, style=Style.FIRST_LETTER))[:50],
                frequency=n,
            )
            for w, n in words.items()
        ],
        batch_size=1000,
        ignore_conflicts=True,  # the word list bench_vocabulary rebuilt has most of them
    )
    popular = rng.sample(sorted(words), min(3000, len(words)))
    now = datetime.now(tz=START.tzinfo)
    logs = [
        SearchLog(site_hostname="site001.example", query=q, normalized=q, results=rng.randint(0, 50))
        for q in rng.choices(popular, k=50_000)
    ]
    SearchLog.objects.bulk_create(logs, batch_size=2000)
    SearchLog.objects.update(at=now - timedelta(days=30))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchterm; ANALYZE search_searchlog")
    prefixes = []
    while len(prefixes) < args.queries:
        title = rng.choice(titles)
        kind = rng.choice(["han1", "han2", "han3", "pinyin", "initials"])
        if kind.startswith("han"):
            prefixes.append(title[: int(kind[-1])])
        else:
            word = rng.choice(popular)
            style = Style.NORMAL if kind == "pinyin" else Style.FIRST_LETTER
            latin = "".join(lazy_pinyin(word, style=style))
            prefixes.append(latin[: rng.randint(2, max(2, len(latin)))])
    start = time.perf_counter()
    suggestions(prefixes[0])  # counts the popular queries into the cache, as the first visitor would
    print(f"  popular queries counted once (then cached {600} s): {(time.perf_counter() - start) * 1000:.1f} ms")
    with CaptureQueriesContext(connection) as captured:
        suggestions(prefixes[1])
    print(f"  {len(words):,} words in SearchTerm, 50,000 SearchLog rows; SQL per suggestion: {len(captured)}")
    for prefix in prefixes:  # warm up
        suggestions(prefix)
    times, counts = [], []
    for prefix in prefixes:
        start = time.perf_counter()
        counts.append(len(suggestions(prefix)))
        times.append((time.perf_counter() - start) * 1000)
    p95 = percentile(times, 95)
    verdict = "met" if p95 <= SUGGEST_TARGET else "MISSED"
    print(
        f"  1 client:    p50 {percentile(times, 50):7.1f} ms  p95 {p95:7.1f} ms   (mean {statistics.mean(counts):.1f}"
        f" suggestions; e.g. {prefixes[:5]})   p95 ≤ {SUGGEST_TARGET:.0f} ms: {verdict}"
    )

    print("\ndirect answers (a map in the process; no engine, no SQL per lookup)")
    sites = make_sites(args.sites, random.Random(args.seed))
    index = AnswerIndex()
    index.portal_id = 0
    start = time.perf_counter()
    page_id = 10**7
    for site_id, site in enumerate(sites):
        root = f"http://{site['hostname']}"
        for column_key, trail in {k: t for kinds in site["columns"].values() for k, t in kinds}.items():
            for depth, title in enumerate(trail):
                page_id += 1
                url = f"{root}/{'/'.join(column_key.split('/')[: depth + 1])}/"
                target = Target(page_id, "column", title, f"{site_id:04d}{depth:04d}", url, site_id, site["name"], root)
                index.add(title, target)
        area = site["name"].removesuffix("人民政府")
        index.prefixes.append((area, site_id))
    kinds = {"service": "service", "leader": "leader", "institution": "institution"}
    named = [e for e in entries if e["content_type"] in kinds]
    for e in named:
        site_id = int(e["site_hostname"][4:7]) - 1
        kind = kinds[e["content_type"]]
        index.add(e["title"], Target(e["page_id"], kind, e["title"], "0001", e["url"], site_id, e["site_name"], ""))
    index.prefixes.sort(key=lambda p: -len(p[0]))
    build_ms = (time.perf_counter() - start) * 1000
    queries = [rng.choice(named)["title"] for _ in range(args.queries // 2)]
    queries += [rng.choice(["通知公告", "政府文件", "办事指南", "领导信息", "本地要闻", "个人服务"]) for _ in range(20)]
    queries += [rng.choice(sites[1:21])["name"].removesuffix("人民政府") + "通知公告" for _ in range(20)]
    queries += [rng.choice(titles) for _ in range(args.queries - len(queries))]  # no answer
    for q in queries:
        index.lookup(q, rng.randrange(len(sites)))
    times, boxes = [], []
    for q in queries:
        site_id = rng.randrange(len(sites))
        start = time.perf_counter()
        boxes.append(len([t.box() for t in index.lookup(q, site_id)]))
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"  map of {len(index.names):,} names ({len(named):,} guides, leaders and institutions, the columns of"
        f" {len(sites)} sites) filled in {build_ms:.0f} ms (from the database: a fixed {BUILD_QUERIES} queries)"
    )
    print(
        f"  1 client:    p50 {percentile(times, 50):7.3f} ms  p95 {percentile(times, 95):7.3f} ms"
        f"   (answered {sum(1 for b in boxes if b)} of {len(boxes)} queries)"
    )


if __name__ == "__main__":
    main()
