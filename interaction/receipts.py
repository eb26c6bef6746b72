"""Numbers and query codes of what residents send in (letters, error reports, applications for
disclosure): a number (编号) to quote and a random query code (查询码) kept only as an HMAC, so a
leaked database opens nothing."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction

# No 0/O, 1/I/L: a code read over the phone or copied by hand survives.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
NUMBER_ATTEMPTS = 20


def new_query_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code):
    return "".join((code or "").split()).upper()


def code_hash(number, code):
    message = f"{number}:{normalize_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def code_matches(obj, code):
    """Whether `code` opens `obj` (None: an unknown number, which costs the same time)."""
    if obj is None:
        code_hash("-", code)
        return False
    return hmac.compare_digest(obj.query_code_hash, code_hash(obj.number, code))


def save_numbered(instance, prefix, model):
    """Give `instance` the next free number `prefix` + 4 digits and save it; an instance carrying
    a `query_code` gets its hash for that number. Two residents sending at once: the unique index
    refuses the second, which retries in its own savepoint with the next number."""
    sequence = model.objects.filter(number__startswith=prefix).count() + 1
    for _attempt in range(NUMBER_ATTEMPTS):
        instance.number = f"{prefix}{sequence:04d}"
        if hasattr(instance, "query_code"):
            instance.query_code_hash = code_hash(instance.number, instance.query_code)
        try:
            with transaction.atomic():
                instance.save()
            return instance
        except IntegrityError:
            if not model.objects.filter(number=instance.number).exists():
                raise
            sequence = max(sequence + 1, model.objects.filter(number__startswith=prefix).count() + 1)
    raise IntegrityError("no free number after retries")


def _failures_key(kind, remote_addr):
    return f"{kind}:lookup-failures:{remote_addr or 'unknown'}"


def too_many_lookups(kind, remote_addr):
    """Whether this address failed INTERACTION_LOOKUP_ATTEMPTS lookups of `kind` in the window:
    a query code is guessed by nobody who must wait between tries."""
    return (cache.get(_failures_key(kind, remote_addr)) or 0) >= settings.INTERACTION_LOOKUP_ATTEMPTS


def count_failed_lookup(kind, remote_addr):
    key = _failures_key(kind, remote_addr)
    if not cache.add(key, 1, settings.INTERACTION_LOOKUP_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, settings.INTERACTION_LOOKUP_WINDOW_SECONDS)
