"""One order for every engine. An engine finds the matches and brings its best WINDOW of them,
with their analysed fields; they are put in order here, by the same arithmetic whichever engine
found them, so a resident gets the same first pages from Elasticsearch, PostgreSQL and SQLite.

The score is BM25's term-frequency part per field (no IDF: every candidate of a strict query
holds every word, and the engines already picked the candidates by their own IDF), weighed by
FIELD_WEIGHTS and scaled by recency as the engines do. Candidates of a relaxed query (`Query.
minimum` of its groups) are ordered first by how many of the query's groups they hold.
"""

from collections import Counter

from django.utils import timezone

from .engines.base import EXACT_NUMBER_BONUS, FIELD_WEIGHTS, RECENCY_HALF_LIFE_DAYS
from .entries import TOKEN_FIELDS

WINDOW = 100
K1, B = 1.2, 0.75
# Typical token counts of each field in a government site (the lengths BM25 normalizes against).
AVERAGE_LENGTH = {"title_tokens": 12, "number_tokens": 4, "summary_tokens": 40, "meta_tokens": 16, "body_tokens": 400}


def _saturated(frequency, length, average):
    return frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * length / average))


class _Fields:
    def __init__(self, entry):
        self.counts = {}
        self.lengths = {}
        for name in TOKEN_FIELDS:
            tokens = (entry.get(name) or "").split()
            self.counts[name] = Counter(tokens)
            self.lengths[name] = len(tokens)

    def holds(self, word):
        return any(word in counts for counts in self.counts.values())

    def weight(self, word):
        return sum(
            FIELD_WEIGHTS[name] * _saturated(counts[word], self.lengths[name], AVERAGE_LENGTH[name])
            for name, counts in self.counts.items()
            if word in counts
        )


def _recency(published_at, today):
    days = max((today - timezone.localdate(published_at)).days, 0)
    return 1 + 0.5 * 0.5 ** (days / RECENCY_HALF_LIFE_DAYS)


def order_key(query, entry, today):
    """(-groups held, -score, -published_at, url, page_id): the sort key of one candidate."""
    fields = _Fields(entry)
    held, relevance = 0, 0.0
    for group in (*query.groups, *((phrase,) for phrase in query.phrases)):
        present = [words for words in group if all(fields.holds(w) for w in words)]
        if present:
            held += 1
            relevance += max(sum(fields.weight(w) for w in words) / len(words) for words in present)
    score = relevance * _recency(entry["published_at"], today)
    if query.exact and entry.get("doc_number") == query.exact:
        score += EXACT_NUMBER_BONUS
    # Then by address, not page id: a guide shown in two columns is two pages with one text and
    # date, and ids differ between databases where addresses do not.
    return (-held, -round(score, 9), -entry["published_at"].timestamp(), entry["url"], entry["page_id"])


def rerank(query, entries, today=None):
    """The engine's candidates in the shared order."""
    today = today or timezone.localdate()
    return sorted(entries, key=lambda entry: order_key(query, entry, today))
