"""Recall@10 and MRR of an engine over the labelled queries in queries.yaml (demo content)."""

from pathlib import Path

import yaml
from wagtail.models import Page, Site

from search.query import SearchRequest

QUERIES = Path(__file__).resolve().parent / "queries.yaml"
DEMO_HOSTS = {"portal": "localhost"}  # other keys are <key>.localhost or <key>.<county>.localhost


def _site_for(key):
    if key in DEMO_HOSTS:
        return Site.objects.get(hostname=DEMO_HOSTS[key])
    return Site.objects.get(hostname__regex=rf"^{key}\.")


def labelled_queries():
    """[(query, {expected page ids})], each expected page found by its site and title."""
    cases = []
    roots = {}
    for case in yaml.safe_load(QUERIES.read_text(encoding="utf-8")):
        expected = set()
        for item in case["expect"]:
            root = roots.setdefault(item["site"], _site_for(item["site"]).root_page)
            expected.add(Page.objects.descendant_of(root).get(title=item["title"]).pk)
        cases.append((case["q"], expected))
    return cases


def evaluate(engine, cases, k=10):
    """(recall@k, MRR, failures) where failures lists the queries that missed anything."""
    recalls, reciprocal_ranks, failures = [], [], []
    for q, expected in cases:
        request = SearchRequest.from_params({"q": q}).with_page(1)
        request = SearchRequest(request.query, per_page=k)
        ranked = [entry["page_id"] for entry in engine.search(request).entries]
        found = expected & set(ranked)
        recalls.append(len(found) / len(expected))
        first = next((i for i, pk in enumerate(ranked, 1) if pk in expected), None)
        reciprocal_ranks.append(1 / first if first else 0.0)
        if len(found) < len(expected) or first != 1:
            failures.append((q, f"found {len(found)}/{len(expected)}, first at {first}"))
    return sum(recalls) / len(recalls), sum(reciprocal_ranks) / len(reciprocal_ranks), failures
