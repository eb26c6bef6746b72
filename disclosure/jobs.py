"""The applications' daily job (django-q2 schedule, disclosure/0004): closes the applications
whose 补正 or fee period passed, reminds the handling unit's staff of the answers due within
DISCLOSURE_REMIND_DAYS_BEFORE working days, and escalates overdue ones to the office of the
organ applied to.

Each reminder is an ApplicationEvent REMINDED; an application gets at most one a day, so
running the job twice on a day sends nothing twice.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from interaction.jobs import staff_addresses

from . import deadlines, handling
from .models import Application, ApplicationEvent

State = Application.State
REMINDED = ApplicationEvent.Action.REMINDED
ADVANCE, DUE_DAY, OVERDUE = "提前提醒", "到期提醒", "逾期督办"


def close_lapsed(today=None):
    """Close, as nobody, what the applicant let lapse: {"not_corrected": n, "fee_unpaid": n}."""
    today = today or timezone.localdate()
    counts = {"not_corrected": 0, "fee_unpaid": 0}
    lapsed = [
        (State.CLARIFYING, {"clarification_due__lt": today}, handling.close_not_corrected, "not_corrected"),
        (State.FEE_PENDING, {"fee_due__lt": today}, handling.close_fee_unpaid, "fee_unpaid"),
    ]
    for state, when, step, key in lapsed:
        for application in Application.objects.filter(state=state, **when).order_by("pk"):
            try:
                step(application, None)
            except handling.HandlingError:
                continue  # moved on meanwhile
            counts[key] += 1
    return counts


def send_reminders(today=None):
    """Returns {"reminded": n, "escalated": n, "not_corrected": n, "fee_unpaid": n}."""
    today = today or timezone.localdate()
    counts = {"reminded": 0, "escalated": 0, **close_lapsed(today)}
    applications = list(
        Application.objects.filter(state__in=deadlines.RUNNING).select_related("profile", "handler").order_by("pk")
    )
    known = deadlines.calendar_for(applications, today)
    start = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
    done = set(
        ApplicationEvent.objects.filter(
            application__in=[a.pk for a in applications], action=ApplicationEvent.Action.REMINDED, at__gte=start
        ).values_list("application_id", flat=True)
    )
    addresses = staff_addresses({a.handler_id for a in applications} | {a.profile_id for a in applications})
    before = settings.DISCLOSURE_REMIND_DAYS_BEFORE
    for a in applications:
        if a.pk in done:
            continue
        due = deadlines.running_due(a, known)
        kind, days = deadlines.badge(due, today, known)
        if kind == "late":
            label = OVERDUE
            text = f"答复期限为 {due:%Y-%m-%d}，已逾期 {days} 个工作日，当前办理单位：{a.handler.name}。请督促办理。"
            to = addresses[a.profile_id] + [m for m in addresses[a.handler_id] if m not in addresses[a.profile_id]]
            counts["escalated"] += 1
        elif days <= before:
            label = DUE_DAY if due == today else ADVANCE
            left = "今天到期" if due == today else f"还剩 {days} 个工作日"
            text = f"答复期限为 {due:%Y-%m-%d}，{left}。请及时办理。"
            to = addresses[a.handler_id]
            counts["reminded"] += 1
        else:
            continue
        note = f"{label}：答复期限 {due:%Y-%m-%d}"
        ApplicationEvent.objects.create(application=a, action=REMINDED, unit=a.handler, note=note)
        if to:
            send_mail(
                f"【依申请公开·{label}】{a.number}",
                f"政府信息公开申请 {a.number}（{a.get_state_display()}）{text}",
                None,
                list(to),
            )
    return counts
