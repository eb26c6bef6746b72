"""Snippets with the query's words marked, computed the same way for both engines."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe


def _pattern(words):
    # Stems (citi, городск) match the start of the written word.
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None


def mark(text, words):
    """The text, HTML-escaped, with every occurrence of the words wrapped in <mark>."""
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text, words, length=120):
    """About `length` characters of the text around the first match, marked."""
    text = " ".join((text or "").split())
    pattern = _pattern(words)
    match = pattern.search(text) if pattern else None
    start = max(match.start() - length // 4, 0) if match else 0
    piece = text[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + mark(piece, words) + suffix)
