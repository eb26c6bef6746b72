"""What changed in a Chinese source page since its translators last synced it.

The baseline is wagtail-localize's TranslationSource: the snapshot of the source that the
translations were made from. Comparing the strings of a newly published revision with the
snapshot's names exactly what a translator has to redo, and nothing they already have.
"""

from collections import defaultdict

from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .models import SourceChange
from .policy import is_translatable


def strings_by_field(instance):
    """{field name: [string, ...]} of the translatable text of a page, in order."""
    strings = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path.split(".")[0]].append(segment.render_text())
    return strings


def diff(before, after):
    """The fields whose strings differ, with the strings removed and added (in order)."""
    changes = []
    for field in [*before, *(f for f in after if f not in before)]:
        old, new = before.get(field, []), after.get(field, [])
        removed = [s for s in old if s not in new]
        added = [s for s in new if s not in old]
        if removed or added:
            changes.append({"field": field, "removed": removed, "added": added})
    return changes


def record_change(page, user=None):
    """Record a SourceChange if a published Chinese page no longer matches what was translated."""
    if page.locale_id != Locale.get_default().pk:
        return None
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None or not Translation.objects.filter(source=source).exists() or not is_translatable(page):
        return None
    changes = diff(strings_by_field(source.as_instance()), strings_by_field(page))
    if not changes:
        return None
    return SourceChange.objects.create(page=page, changed_at=timezone.now(), changed_by=user, changes=changes)
