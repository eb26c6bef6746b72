"""The synonym dictionary (公租房 → 公共租赁住房) as queries read it: from the cache, so a query
costs no SQL once it is warm; every save or delete of a Synonym empties the cache."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import analysis
from .models import Synonym

CACHE_KEY = "search:synonyms:1"
MAX_LENGTH = 50
MAX_EXPANSIONS = 20


@dataclass(frozen=True)
class Table:
    entries: dict = field(default_factory=dict)  # normalized term → (expansion, …)
    longest: int = 0  # the longest term's length: no longer fragment of a query need be looked up

    def alternatives(self, fragment):
        """The dictionary's expansions of this exact fragment of a query, else []."""
        return list(self.entries.get(analysis.normalize(fragment).strip(), ()))


def table():
    entries = cache.get(CACHE_KEY)
    if entries is None:
        entries = {}
        for term, expansions in Synonym.objects.values_list("term", "expansions"):
            key = analysis.normalize(term).strip()
            entries[key] = tuple(dict.fromkeys([*entries.get(key, ()), *split_expansions(expansions)]))
        cache.set(CACHE_KEY, entries, None)
    return Table(entries, max(map(len, entries), default=0))


def alternatives(fragment):
    """The expansions of one word or phrase (a single lookup; Query.parse reads the table once)."""
    return table().alternatives(fragment)


def forget():
    cache.delete(CACHE_KEY)


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def _changed(sender, **kwargs):
    forget()
    transaction.on_commit(forget)  # a query between the change and its commit may have cached the old


def split_expansions(text):
    """The expansions of a Synonym: one a line (commas and 、 also separate), trimmed, once each."""
    for separator in ",，、;；":
        text = text.replace(separator, "\n")
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


def cleaned(term, expansions):
    """(term, [expansion, …]) checked as city staff enter them; ValidationError in Chinese else."""
    term = " ".join((term or "").split())
    expansions = split_expansions(expansions)
    errors = {}
    if not term:
        errors["term"] = "请填写群众用语。"
    elif len(term) > MAX_LENGTH:
        errors["term"] = f"群众用语不能超过{MAX_LENGTH}个字。"
    elif not analysis.words(term):
        errors["term"] = "群众用语须含有文字，不能只有标点或符号。"
    if not expansions:
        errors["expansions"] = "请至少填写一个规范用语，每行一个。"
    elif len(expansions) > MAX_EXPANSIONS:
        errors["expansions"] = f"规范用语最多{MAX_EXPANSIONS}个，现有{len(expansions)}个。"
    elif too_long := [e for e in expansions if len(e) > MAX_LENGTH]:
        errors["expansions"] = f"每个规范用语不能超过{MAX_LENGTH}个字：{too_long[0][:20]}…"
    elif same := [e for e in expansions if analysis.normalize(e) == analysis.normalize(term)]:
        errors["expansions"] = f"规范用语“{same[0]}”与群众用语相同。"
    if errors:
        raise ValidationError(errors)
    return term, expansions


def add_synonym(term, expansion, user):
    """Add one expansion to a term, creating the term or merging into its expansions (the search
    report's one-step "加为同义词"). Returns the Synonym; ValidationError if the pair is refused."""
    term, new = cleaned(term, expansion)
    with transaction.atomic():
        synonym = Synonym.objects.select_for_update().filter(term=term).first()
        if synonym is None:
            synonym = Synonym(term=term)
        merged = list(dict.fromkeys([*split_expansions(synonym.expansions), *new]))
        term, merged = cleaned(term, "\n".join(merged))
        synonym.expansions = "\n".join(merged)
        synonym.updated_by = user if getattr(user, "pk", None) else None
        synonym.save()
    return synonym
