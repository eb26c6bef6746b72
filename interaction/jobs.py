"""The letters' daily job (django-q2 schedule, interaction/0004): reminders before and on the due
day to the unit handling the letter, escalation of overdue letters to the site's office, and one
digest mail per unit of its open letters.

Each reminder and escalation is recorded as a LetterEvent whose note names the due date it was
for, so running the job twice on a day (or on later days) never sends one twice.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone

from . import clock
from .models import Letter, LetterEvent

State = Letter.State
CLOSED = (State.ANSWERED, State.REFUSED)
ADVANCE, DUE_DAY, OVERDUE = "提前提醒", "到期提醒", "逾期督办"


def staff_addresses(profile_ids):
    """{profile id: [e-mail addresses of the active members of its groups]}."""
    rows = (
        get_user_model()
        .objects.filter(groups__site_role__profile_id__in=set(profile_ids), is_active=True)
        .exclude(email="")
        .values_list("groups__site_role__profile_id", "email")
        .distinct()
    )
    found = defaultdict(list)
    for profile_id, email in rows:
        if email not in found[profile_id]:
            found[profile_id].append(email)
    return found


def due_of(letter):
    """The deadline the letter's clock runs to now: 受理 while received, else the reply."""
    if letter.state == State.RECEIVED:
        return "受理期限", letter.accept_due
    return "答复期限", letter.reply_due


def note_for(kind, label, due):
    return f"{kind}：{label} {due:%Y-%m-%d}"


def send_reminders(today=None):
    """Returns {"reminded": n, "escalated": n, "digests": n}."""
    today = today or timezone.localdate()
    letters = list(
        Letter.objects.exclude(state__in=[*CLOSED, State.AWAITING_INFO]).select_related("profile", "handler")
    )
    known = clock.calendar_for([due_of(letter)[1] for letter in letters], today)
    done = set(
        LetterEvent.objects.filter(
            letter__in=[letter.pk for letter in letters],
            action__in=[LetterEvent.Action.REMINDED, LetterEvent.Action.ESCALATED],
        ).values_list("letter_id", "note")
    )
    addresses = staff_addresses({letter.handler_id for letter in letters} | {letter.profile_id for letter in letters})
    counts = {"reminded": 0, "escalated": 0, "digests": 0}
    before = settings.INTERACTION_REMIND_DAYS_BEFORE
    for letter in letters:
        label, due = due_of(letter)
        if due is None:
            continue
        badge, days = clock.due_badge(due, today, known)
        if badge == "late":
            note = note_for(OVERDUE, label, due)
            if (letter.pk, note) not in done:
                LetterEvent.objects.create(
                    letter=letter, action=LetterEvent.Action.ESCALATED, unit=letter.profile, note=note
                )
                _mail(
                    addresses[letter.profile_id],
                    f"【逾期督办】{letter.number} {letter.title}",
                    f"信件“{letter.title}”（{letter.number}）{label}为 {due:%Y-%m-%d}，已逾期 {days} 个工作日，"
                    f"当前办理单位：{letter.handler.name}。请督促办理。",
                )
                counts["escalated"] += 1
            continue
        if due == today:
            kind, text = DUE_DAY, f"{label}为今天（{due:%Y-%m-%d}）"
        elif days <= before:
            kind, text = ADVANCE, f"{label}为 {due:%Y-%m-%d}，还剩 {days} 个工作日"
        else:
            continue
        note = note_for(kind, label, due)
        if (letter.pk, note) in done:
            continue
        LetterEvent.objects.create(letter=letter, action=LetterEvent.Action.REMINDED, unit=letter.handler, note=note)
        _mail(
            addresses[letter.handler_id],
            f"【{kind}】{letter.number} {letter.title}",
            f"信件“{letter.title}”（{letter.number}）{text}，状态：{letter.get_state_display()}。请及时办理。",
        )
        counts["reminded"] += 1
    counts["digests"] = send_digests(today, known)
    return counts


def send_digests(today=None, known=None):
    """One mail per unit listing its open letters and their deadlines; units without open
    letters or without addresses get none."""
    today = today or timezone.localdate()
    letters = list(Letter.objects.exclude(state__in=CLOSED).select_related("handler").order_by("handler_id", "pk"))
    if known is None:
        known = clock.calendar_for([due_of(letter)[1] for letter in letters], today)
    per_unit = defaultdict(list)
    for letter in letters:
        per_unit[letter.handler_id].append(letter)
    addresses = staff_addresses(per_unit)
    sent = 0
    for unit_id, open_letters in per_unit.items():
        if not addresses[unit_id]:
            continue
        lines = [_digest_line(letter, today, known) for letter in open_letters]
        unit = open_letters[0].handler
        body = f"{unit.name}：\n\n截至 {today:%Y-%m-%d}，本单位有 {len(lines)} 件来信待办理：\n\n" + "\n".join(lines)
        _mail(addresses[unit_id], f"【来信日报】{unit.name}待办来信 {len(lines)} 件", body)
        sent += 1
    return sent


def _digest_line(letter, today, known):
    label, due = due_of(letter)
    if letter.state == State.AWAITING_INFO:
        return f"- {letter.number} {letter.title}（{letter.get_state_display()}，计时暂停）"
    badge = clock.due_badge(due, today, known)
    if badge is None:
        status = ""
    elif badge[0] == "late":
        status = f"，已逾期 {badge[1]} 个工作日"
    else:
        status = f"，剩 {badge[1]} 个工作日"
    return f"- {letter.number} {letter.title}（{letter.get_state_display()}，{label} {due:%Y-%m-%d}{status}）"


def _mail(to, subject, body):
    if to:
        send_mail(subject, body, None, list(to))
