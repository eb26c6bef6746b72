"""The daily e-mail to each language's translators: the pages whose Chinese source changed since
their last digest, and what changed. Run by django-q2's schedule (translations migration 0003)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Locale

from .groups import LANGUAGE_NAMES, TRANSLATOR_GROUPS
from .models import ChangeNotice, SourceChange
from .status import OUT_OF_DATE, translation_states


def field_label(page, field):
    try:
        return str(page.specific_class._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field removed since the change was recorded
        return field


def pending_items(locale):
    """[(state, [change, ...])] for the out-of-date translations, in tree order, with the changes
    no earlier digest to this language has named."""
    states = {s.source.pk: s for s in translation_states([locale]) if s.state == OUT_OF_DATE}
    unsent = SourceChange.objects.filter(page_id__in=states).exclude(notices__locale=locale).order_by("changed_at")
    changes = {}
    for change in unsent:
        state = states[change.page_id]
        if change.changed_at >= state.since:
            change.fields = [{**c, "label": field_label(state.source, c["field"])} for c in change.changes]
            changes.setdefault(change.page_id, []).append(change)
    return [(state, changes[pk]) for pk, state in states.items() if pk in changes]


def send_digest(locale):
    """Send one language's digest; returns the number of pages it names (0: nothing sent)."""
    group = TRANSLATOR_GROUPS[locale.language_code]
    recipients = list(
        get_user_model()
        .objects.filter(groups__name=group, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    items = pending_items(locale)
    if not items or not recipients:
        return 0
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for state, _changes in items:
        state.edit_url = admin + reverse("wagtailadmin_pages:edit", args=[state.translation.pk])
    language = LANGUAGE_NAMES[locale.language_code]
    report_url = admin + reverse("translation_report")
    context = {"language": language, "group": group, "items": items, "report_url": report_url}
    with transaction.atomic():
        ChangeNotice.objects.bulk_create(
            [ChangeNotice(change=change, locale=locale) for _state, changes in items for change in changes]
        )
        send_mail(
            subject=f"【外文版】{len(items)} 个页面的中文原文已更新，{language}译文待更新",
            message=render_to_string("translations/digest.txt", context),
            html_message=render_to_string("translations/digest.html", context),
            from_email=None,
            recipient_list=recipients,
        )
    return len(items)


def send_digests():
    """Each foreign language's digest; what the schedule runs."""
    return {
        locale.language_code: send_digest(locale)
        for locale in Locale.objects.filter(language_code__in=TRANSLATOR_GROUPS)
    }
