"""Recall and MRR over labelled queries on the demo content: queries.yaml (written from the
pages' titles, scored on an engine directly) and resident_queries.yaml (as residents type them,
scored through search.service.search, direct answers included)."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from wagtail.models import Page, Site

from search import service
from search.answers import answers
from search.query import SearchRequest
from sites.routing import address, deepest_site_root

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


# Queries as residents type them (resident_queries.yaml), scored through search.service.search ---

RESIDENT_QUERIES = Path(__file__).resolve().parent / "resident_queries.yaml"
KINDS = (
    "question",
    "everyday",
    "abbreviation",
    "pinyin",
    "typo",
    "column",
    "service",
    "leader",
    "department",
    "docnumber",
    "mixed",
)
TITLE_KIND = "title"  # queries.yaml's queries, written from the pages' own titles


@dataclass(frozen=True)
class Case:
    q: str
    kind: str
    why: str
    expected: tuple  # one frozenset per expected page: the addresses that count as finding it


@dataclass
class Outcome:
    q: str
    kind: str
    ranks: list  # per expected page: 1 when shown as a direct answer, else its rank in the results, or None
    top: list  # the results' addresses, best first (up to the depth searched)
    answers: list = field(default_factory=list)  # the direct answers' addresses

    def recall(self, k):
        return sum(1 for r in self.ranks if r is not None and r <= k) / len(self.ranks)

    def reciprocal_rank(self, k):
        first = min((r for r in self.ranks if r is not None and r <= k), default=None)
        return 1 / first if first else 0.0


def address_key(url):
    """A page's address without scheme and port, so databases built on other ports compare."""
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}"


def page_address(page):
    return address_key(address(deepest_site_root(page.url_path), page.url_path))


def load_cases(path=RESIDENT_QUERIES):
    """[Case] from a labelled set; an expected page missing from the demo fails loudly."""
    cases, roots = [], {}
    for n, item in enumerate(yaml.safe_load(Path(path).read_text(encoding="utf-8")), 1):
        expected = []
        for page in item["expect"]:
            root = roots.setdefault(page["site"], _site_for(page["site"]).root_page)
            pages = Page.objects.descendant_of(root, inclusive=True).filter(title=page["title"])
            if "under" in page:
                pages = [p for p in pages if p.get_parent().title == page["under"]]
            if not pages:
                raise LookupError(f"{path.name} #{n} {item['q']!r}: no page {page} in the demo")
            expected.append(frozenset(page_address(p) for p in pages))
        cases.append(Case(item["q"], item.get("kind", TITLE_KIND), item.get("why", ""), tuple(expected)))
    return cases


def answer_addresses(text, site):
    """The addresses of the direct answers (栏目直达, 服务直达) shown above the results: a page shown
    as a box counts as rank 1."""
    return [address_key(box["url"]) for box in answers(text, site)]


def run_case(case, engine=None, depth=10, site=None):
    """How a case fares through search.service.search on `engine` (None: the service's choice)."""
    request = SearchRequest(SearchRequest.from_params({"q": case.q}).query, per_page=depth)
    top = [address_key(hit["url"]) for hit in service.search(request, engine=engine).hits]
    answered = answer_addresses(case.q, site)
    ranks = []
    for pages in case.expected:
        if pages & set(answered):
            ranks.append(1)
        else:
            ranks.append(next((i for i, key in enumerate(top, 1) if key in pages), None))
    return Outcome(case.q, case.kind, ranks, top, answered)


def run_cases(cases, engine=None, depth=10):
    site = Site.objects.filter(is_default_site=True).first()
    return [run_case(case, engine, depth, site) for case in cases]


def figures(outcomes):
    """{kind or "all": {"n", "recall@5", "recall@10", "mrr"}} (MRR over the top 5)."""
    groups = {"all": outcomes}
    for outcome in outcomes:
        groups.setdefault(outcome.kind, []).append(outcome)
    return {
        kind: {
            "n": len(group),
            "recall@5": sum(o.recall(5) for o in group) / len(group),
            "recall@10": sum(o.recall(10) for o in group) / len(group),
            "mrr": sum(o.reciprocal_rank(5) for o in group) / len(group),
        }
        for kind, group in groups.items()
    }


def table(by_engine):
    """A per-kind table of {engine name: outcomes}: Recall@5, Recall@10 and MRR for each engine."""
    named = {name: figures(outcomes) for name, outcomes in by_engine.items()}
    kinds = [k for k in ("all", *KINDS, TITLE_KIND) if any(k in f for f in named.values())]
    head = f"{'kind':<14}{'n':>4}" + "".join(f"  {name[:22]:>22} R@5  R@10  MRR" for name in named)
    lines = [head]
    for kind in kinds:
        row = next(f[kind] for f in named.values() if kind in f)
        line = f"{kind:<14}{row['n']:>4}"
        for f in named.values():
            cell = f.get(kind)
            line += f"  {'':>22} {cell['recall@5']:.2f}  {cell['recall@10']:.2f}  {cell['mrr']:.2f}" if cell else ""
        lines.append(line)
    return "\n".join(lines)


def misses(outcomes, k=5):
    """The queries that do not find every expected page in the top k, or not first."""
    return [f"[{o.kind}] {o.q}: ranks {o.ranks}" for o in outcomes if o.recall(k) < 1 or o.reciprocal_rank(k) < 1]
