"""Honest dates (seed 003: 严禁伪造发稿日期).

An editor may set an item's 发布时间 (`first_published_at`) in the admin, but never earlier than the
item was created on the platform nor in the future; every later change of an item's dates is
written to its history (`content.change_dates`, see `content.signals`).

Only what people submit is checked: admin forms, `save_revision()` and explicit `full_clean()`
calls. Code that saves pages directly (the demo builder, imports, test factories) records past
dates as it is told, without revisions.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

DATE_LABELS = {
    "first_published_at": "发布时间",
    "go_live_at": "上线时间",
    "expire_at": "过期时间",
    "written_date": "成文日期",
    "publish_date": "发布日期",
    "validity_changed_on": "失效或废止日期",
}
ACTION = "content.change_dates"
UNSET = "未设置"

FIRST_PUBLISHED_HELP = (
    "公众看到的发布时间。留空则在首次发布时自动记为发布时刻。"
    "可改为信息在本平台创建之后、当前时间之前的时刻（如纸质通知已先行公布），"
    "不得早于创建时间，也不得晚于当前时间；将来发布请使用定时发布。每次修改都记入页面历史。"
)


def to_minute(value):
    return value.replace(second=0, microsecond=0)


def local_minute(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def created_on_platform(page, stored):
    """The earliest the platform knows of the item: its first revision or, for an item loaded by
    code before it had revisions, the publication time it was stored with; for a new item, now."""
    known = [stored] if stored else []
    if page.pk:
        first_revision = page.revisions.order_by("created_at", "pk").values_list("created_at", flat=True).first()
        if first_revision:
            known.append(first_revision)
    return min(known) if known else timezone.now()


def check_first_published_at(page):
    """Refuse a 发布时间 before the item's creation on the platform or in the future.

    The admin shows minutes only: a value in the stored minute, or an emptied field on a published
    item, keeps the stored time."""
    stored = Page.objects.filter(pk=page.pk).values_list("first_published_at", flat=True).first() if page.pk else None
    value = page.first_published_at
    if stored and (value is None or to_minute(value) == to_minute(stored)):
        page.first_published_at = stored
        return
    if value is None:
        return
    if value > timezone.now():
        raise ValidationError(
            {
                "first_published_at": "发布时间不能晚于当前时间。要在将来发布，"
                "请使用定时发布（在“设置发布计划”中填写上线时间）。"
            }
        )
    created = created_on_platform(page, stored)
    if value < to_minute(created):
        raise ValidationError(
            {
                "first_published_at": f"发布时间不能早于信息在本平台创建的时间（{local_minute(created)}）。"
                "严禁伪造发稿日期。"
            }
        )


class HonestDatesMixin:
    """For item pages: 发布时间 editable in the 设置 tab, checked by `check_first_published_at`."""

    settings_panels = [
        FieldPanel("first_published_at", heading="发布时间", help_text=FIRST_PUBLISHED_HELP),
        *Page.settings_panels,
    ]

    def clean(self):
        super().clean()
        if not getattr(self, "_saving_directly", False):
            check_first_published_at(self)

    def save(self, *args, **kwargs):
        """Page.save() runs full_clean() itself; a direct save by code is not an editor's input."""
        outer = self.__dict__.get("_saving_directly", False)
        self._saving_directly = True
        try:
            return super().save(*args, **kwargs)
        finally:
            self._saving_directly = outer


def tracked_fields(model, update_fields=None):
    fields = [name for name in DATE_LABELS if any(f.name == name for f in model._meta.concrete_fields)]
    if update_fields is not None:
        fields = [name for name in fields if name in update_fields]
    return fields


def normalise(model, name, value):
    value = model._meta.get_field(name).to_python(value)
    if isinstance(value, datetime.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def serialise(value):
    if isinstance(value, datetime.datetime):
        value = value.astimezone(datetime.UTC)
    return value.isoformat() if value is not None else None


def changes(model, stored, instance):
    """[{"field", "old", "new"}] for each tracked date of `instance` that differs from `stored`."""
    found = []
    for name, old in stored.items():
        new = normalise(model, name, getattr(instance, name))
        if new != old:
            found.append({"field": name, "old": serialise(old), "new": serialise(new)})
    return found


def show(value):
    if not value:
        return UNSET
    if "T" in value:
        return local_minute(datetime.datetime.fromisoformat(value))
    return value


def describe(found):
    """发布时间：2026-11-20 09:30 → 2026-11-21 10:00；成文日期：…"""
    return "；".join(
        f"{DATE_LABELS.get(change['field'], change['field'])}：{show(change['old'])} → {show(change['new'])}"
        for change in found
    )
