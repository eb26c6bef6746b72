"""The office's handling of an application: every step a function `(application, user, data)`,
`data` being the step's form data (a dict; the admin passes its form's cleaned_data).

Each step runs in one transaction holding the application's row (select_for_update), checks
that this user may take it, that the state allows it and that its required fields are there,
and writes an `ApplicationEvent`. A refusal is a `HandlingError` with one line of Chinese and
changes nothing. The application the caller holds may be stale: if someone else moved it on
meanwhile, the step is refused ("已被他人处理").

Who does what: the staff of the organ applied to (`profile`) and of the unit handling it now
(`handler`) take every step; the 告知书 is approved by someone else than who drafted it: a member
of the 终审 group of either, or city staff. The daily job (disclosure.jobs) closes, as nobody,
the applications whose 补正 or fee period passed.
"""

import logging
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from assurance.scope import oversees_cluster
from sites.models import SiteGroup, SiteProfile
from workdays.calendar import add_working_days

from . import clock, fees, intake, letters
from .models import Application, ApplicationEvent, ApplicationFile
from .outcomes import FEE_UNPAID, LEAVES, NOT_CORRECTED, RELEASING, label_of

logger = logging.getLogger(__name__)

State = Application.State
Action = ApplicationEvent.Action
Kind = ApplicationFile.Kind
# Outcomes the platform sets when a period passes; a decision never chooses them.
AUTOMATIC = (NOT_CORRECTED, FEE_UNPAID)
# States where the answer period is still to be met (an extension makes sense).
OPEN = (State.RECEIVED, State.CONSULTING, State.FEE_PENDING, State.DECIDED, State.APPROVED)
MAX_FILE_SIZE = 20 * 1024 * 1024


class HandlingError(Exception):
    """A step refused: the message says why, in one line."""


# Who may act -------------------------------------------------------------------------------------


def is_staff_of(user, *profiles):
    if not user or not user.is_active:
        return False
    ids = [p.pk if isinstance(p, SiteProfile) else p for p in profiles]
    return user.is_superuser or SiteGroup.objects.filter(group__user=user, profile__in=ids).exists()


def may_handle(user, application):
    """The staff of the organ applied to and of the unit handling it now."""
    return is_staff_of(user, application.profile_id, application.handler_id)


sees_personal_data = may_handle


def may_review(user, application):
    """终审 of the organ or of the handling unit, or city staff."""
    if not user or not user.is_active:
        return False
    return (
        user.is_superuser
        or oversees_cluster(user)
        or SiteGroup.objects.filter(
            group__user=user,
            profile__in=[application.profile_id, application.handler_id],
            role=SiteGroup.Role.FINAL_REVIEW,
        ).exists()
    )


def forward_targets(application):
    """The open units the organ's office oversees (those nested under its root page; every unit
    for the portal), itself included, less the unit handling the application now."""
    profile = application.profile
    targets = SiteProfile.objects.filter(status=SiteProfile.Status.OPEN).exclude(pk=application.handler_id)
    if profile.level != SiteProfile.Level.CITY:
        targets = targets.filter(root_page__path__startswith=profile.root_page.path)
    return targets.select_related("root_page").order_by("root_page__path")


def visible_applications(profiles):
    """Applications made to these profiles or handled by them now."""
    ids = profiles.values("pk")
    return Application.objects.filter(Q(profile__in=ids) | Q(handler__in=ids))


# Checks ------------------------------------------------------------------------------------------


def _require(allowed, message="您无权办理该申请。"):
    if not allowed:
        raise HandlingError(message)


def _require_state(application, *states):
    if application.state not in states:
        raise HandlingError(f"该申请当前状态为“{application.get_state_display()}”，不能进行此操作。")


def _text(data, key, what, max_length=None):
    value = str(data.get(key) or "").strip()
    if not value:
        raise HandlingError(f"请填写{what}。")
    if max_length and len(value) > max_length:
        raise HandlingError(f"{what}不能超过 {max_length} 个字。")
    return value


def _day(data, key, default):
    value = data.get(key) or default
    if not isinstance(value, date):
        raise HandlingError("日期格式不正确。")
    return value


def _ymd(day):
    return f"{day:%Y-%m-%d}" if day else ""


def due_now(application, today=None):
    """The answer deadline as it stands today: while a consultation or a fee is pending, the
    working days of the pause so far do not count either."""
    today = today or timezone.localdate()
    due = clock.answer_due(application)
    if due and application.paused_on and today > application.paused_on:
        due = add_working_days(due, clock.paused_working_days(application.paused_on, today))
    return due


# The transaction around each step ---------------------------------------------------------------


def _step(application, user, action, apply, note=""):
    """Run `apply(fresh)` on the locked row, save it, record the event, copy the result onto the
    caller's object and send the mails `apply` returned."""
    with transaction.atomic():
        fresh = (
            Application.objects.select_for_update()
            .select_related("profile__root_page", "handler__root_page")
            .get(pk=application.pk)
        )
        if fresh.state != application.state or fresh.handler_id != application.handler_id:
            raise HandlingError(f"该申请已被他人处理（当前状态：{fresh.get_state_display()}）。")
        mails = apply(fresh) or []
        fresh.save()
        note = note(fresh) if callable(note) else note
        ApplicationEvent.objects.create(
            application=fresh, action=action, actor=user if user and user.pk else None, unit=fresh.handler, note=note
        )
    for field in Application._meta.concrete_fields:
        setattr(application, field.attname, getattr(fresh, field.attname))
    application._state.fields_cache = dict(fresh._state.fields_cache)
    for mail in mails:
        _send(mail)
    return application


def _send(message):
    """A mail that fails is logged: the step is done and recorded all the same."""
    if not message.to:
        return
    try:
        message.send()
    except Exception:  # noqa: BLE001 - a mail server's failure must not undo a recorded step
        logger.exception("mail to %s failed: %s", message.to, message.subject)


def _applicant_mail(application, subject, body, attachments=()):
    if not application.email:
        return []
    organ = application.handler.name
    text = f"{application.name}：\n\n{body}\n\n申请编号：{application.number}\n{organ}"
    message = EmailMessage(f"【{organ}】{subject}（申请编号 {application.number}）", text, None, [application.email])
    for name, content, content_type in attachments:
        message.attach(name, content, content_type)
    return [message]


def _keep_letter(application):
    """The 告知书 as sent, kept with the application's files."""
    content = ContentFile(application.decision_letter.encode("utf-8"), name=f"{application.number}-gaozhishu.txt")
    ApplicationFile.objects.create(
        application=application,
        kind=Kind.LETTER,
        file=content,
        name=f"{application.number} 告知书.txt",
        content_type="text/plain; charset=utf-8",
        size=content.size,
    )


def _close(fresh, outcome, basis, today):
    """Closed by the platform when a period passed: the 告知书 drafted, kept and mailed."""
    fresh.outcome = outcome
    fresh.decision_basis = basis
    fresh.decision_letter = letters.draft(fresh, outcome, basis, today=today)
    fresh.decided_at = timezone.now()
    fresh.state = State.CLOSED
    fresh.closed_on = today
    fresh.sent_via = "email" if fresh.email else "online"
    _keep_letter(fresh)
    return _applicant_mail(fresh, "政府信息公开申请答复告知书", fresh.decision_letter)


# The steps ---------------------------------------------------------------------------------------


def confirm_receipt(application, user, data=None):
    """收到申请 (art. 31): the day both sides confirm, or the day given (a registered letter's
    signature), never later than today nor before the application was made."""
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.SUBMITTED)
    today = timezone.localdate()
    received_on = _day(data, "received_on", today)
    made_on = timezone.localdate(application.submitted_at)
    if received_on > today:
        raise HandlingError("收到申请之日不能晚于今天。")
    if received_on < made_on:
        raise HandlingError(f"收到申请之日不能早于提交日期（{_ymd(made_on)}）。")

    def apply(fresh):
        fresh.state = State.RECEIVED
        fresh.received_on = received_on

    rule = clock.RECEIPT_RULES.get(application.channel, "")
    return _step(application, user, Action.RECEIVED, apply, note=f"收到申请之日：{_ymd(received_on)}。{rule}")


def forward(application, user, data=None):
    """To the unit that holds the information; the clock keeps its receipt date."""
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.RECEIVED)
    to = data.get("to")
    if to is not None and not isinstance(to, SiteProfile):
        to = SiteProfile.objects.filter(pk=to).first() if str(to).isdigit() else None
    if to is None or not forward_targets(application).filter(pk=to.pk).exists():
        raise HandlingError("只能转交给本机关所辖的运行中单位。")
    note = _text(data, "note", "转交理由", 300)

    def apply(fresh):
        fresh.handler = to

    return _step(application, user, Action.FORWARDED, apply, note=f"转交{to.name}办理：{note}")


def ask_clarification(application, user, data=None):
    """补正 (art. 30): once, within DISCLOSURE_CLARIFY_NOTICE_DAYS working days of receipt."""
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.RECEIVED)
    if application.clarification_sent_on:
        raise HandlingError(f"已于 {_ymd(application.clarification_sent_on)} 告知补正，补正只能一次性告知。")
    today = timezone.localdate()
    limit = clock.clarify_notice_due(application)
    if today > limit:
        raise HandlingError(
            f"补正告知期限已于 {_ymd(limit)} 届满"
            f"（收到申请之日起{settings.DISCLOSURE_CLARIFY_NOTICE_DAYS}个工作日内），不能再要求补正。"
        )
    request = _text(data, "request", "需要补正的事项", 2000)

    def apply(fresh):
        fresh.state = State.CLARIFYING
        fresh.clarification_request = request
        fresh.clarification_sent_on = today
        fresh.clarification_due = clock.clarification_due(today)
        return _applicant_mail(
            fresh,
            "政府信息公开申请补正告知书",
            f"您提出的政府信息公开申请内容不明确，请于 {_ymd(fresh.clarification_due)} 前补正以下事项：\n"
            f"{request}\n\n答复期限自本机关收到补正的申请之日起计算。"
            "无正当理由逾期不补正的，视为放弃申请（《中华人民共和国政府信息公开条例》第三十条）。",
        )

    return _step(application, user, Action.CLARIFICATION_SENT, apply, note=request)


def record_clarification(application, user, data=None):
    """The corrected application came on paper (by post, in person …): staff record it with the
    day it arrived; intake.receive_clarification holds the rules, the online 补正's too."""
    data = data or {}
    _require(may_handle(user, application))
    try:
        fresh = intake.receive_clarification(
            application,
            data.get("clarification"),
            data.get("attachments") or (),
            on=data.get("clarified_on"),
            actor=user,
        )
    except intake.RefusedAction as refusal:
        raise HandlingError(str(refusal)) from None
    for field in Application._meta.concrete_fields:
        setattr(application, field.attname, getattr(fresh, field.attname))
    return application


def close_not_corrected(application, user=None, data=None):
    """Not corrected by the period given: closed as 其他处理 (art. 30)."""
    if user is not None:
        _require(may_handle(user, application))
    _require_state(application, State.CLARIFYING)
    today = timezone.localdate()
    if today <= application.clarification_due:
        raise HandlingError(f"补正期限 {_ymd(application.clarification_due)} 尚未届满。")

    def apply(fresh):
        return _close(fresh, NOT_CORRECTED, "申请人无正当理由逾期不补正，视为放弃申请。", today)

    note = f"补正期限 {_ymd(application.clarification_due)} 届满"
    return _step(application, user, Action.NOT_CORRECTED, apply, note=note)


def extend(application, user, data=None):
    """Once, by 1 to DISCLOSURE_MAX_EXTENSION_DAYS working days, with the approver named, before
    the deadline; the applicant is told."""
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, *OPEN)
    if application.extension_days:
        raise HandlingError(f"答复期限已于 {_ymd(application.extended_on)} 延长过一次，不能再次延长。")
    most = settings.DISCLOSURE_MAX_EXTENSION_DAYS
    try:
        days = int(data.get("days") or 0)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= most:
        raise HandlingError(f"延长的期限应为 1 至 {most} 个工作日。")
    reason = _text(data, "reason", "延期理由", 300)
    approver = _text(data, "approver", "批准人（政府信息公开工作机构负责人）", 50)
    today = timezone.localdate()
    due = due_now(application, today)
    if due is None:
        raise HandlingError("答复期限尚未开始计算，不能延长。")
    if today > due:
        raise HandlingError(f"答复期限已于 {_ymd(due)} 届满，不能再延长。")

    def apply(fresh):
        fresh.extension_days = days
        fresh.extension_reason = reason
        fresh.extension_approver = approver
        fresh.extended_on = today
        new_due = due_now(fresh, today)
        return _applicant_mail(
            fresh,
            "延长答复期限告知书",
            f"因{reason}，经{approver}同意，您的政府信息公开申请答复期限延长 {days} 个工作日，"
            f"至 {_ymd(new_due)}（《中华人民共和国政府信息公开条例》第三十三条第二款）。",
        )

    return _step(application, user, Action.EXTENDED, apply, note=f"延长 {days} 个工作日，{approver}批准：{reason}")


def consult(application, user, data=None):
    """征求第三方意见 (art. 32): the clock stands still until the answer returns."""
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.RECEIVED)
    third_party = _text(data, "third_party", "第三方名称", 200)
    today = timezone.localdate()

    def apply(fresh):
        fresh.state = State.CONSULTING
        fresh.third_party = third_party
        fresh.paused_on = today
        fresh.consultation_due = clock.consultation_due(today)

    def note(fresh):
        return f"征求{third_party}的意见，第三方答复期限 {_ymd(fresh.consultation_due)}，期间不计入答复期限。"

    return _step(application, user, Action.CONSULTED, apply, note=note)


def _resume(fresh, today):
    days = clock.paused_working_days(fresh.paused_on, today)
    fresh.paused_days += days
    fresh.paused_on = None
    return days


def end_consultation(application, user, data=None):
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.CONSULTING)
    opinion = str(data.get("note") or "").strip()[:1000]
    today = timezone.localdate()

    def apply(fresh):
        fresh.state = State.RECEIVED
        fresh.pause_length = _resume(fresh, today)

    def note(fresh):
        return f"{opinion or '第三方意见已返回'}（不计入答复期限 {fresh.pause_length} 个工作日）"

    return _step(application, user, Action.CONSULTATION_ENDED, apply, note=note)


def fee_notice(application, user, data=None):
    """收费通知 (国办函〔2020〕109号), where the unit charges: the clock stands still until paid."""
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.RECEIVED)
    if not fees.charges(application.handler):
        raise HandlingError(f"{application.handler.name}不收取信息处理费。")
    if application.fee_notice_on:
        raise HandlingError(f"已于 {_ymd(application.fee_notice_on)} 发出收费通知。")
    method = data.get("method")
    if method not in (fees.PIECE, fees.VOLUME):
        raise HandlingError("请选择计费方式（按件计收或按量计收）。")
    pages = data.get("pages")
    if method == fees.VOLUME:
        try:
            pages = int(pages)
        except (TypeError, ValueError):
            raise HandlingError("按量计收请填写页数。") from None
        if pages < 0:
            raise HandlingError("页数不能为负数。")
    amount, basis = fees.assess(application, method, pages)
    if amount <= 0:
        raise HandlingError(f"按标准本申请不收费（{basis}），无需发出收费通知。")
    today = timezone.localdate()

    def apply(fresh):
        fresh.state = State.FEE_PENDING
        fresh.fee_amount = amount
        fresh.fee_basis = basis[:200]
        fresh.fee_notice_on = today
        fresh.fee_due = clock.fee_due(today)
        fresh.paused_on = today
        return _applicant_mail(
            fresh,
            "收取信息处理费通知",
            f"{basis}。请于 {_ymd(fresh.fee_due)} 前缴纳。逾期未缴纳的，本机关不再处理该申请；"
            "缴费期间不计算在答复期限内。",
        )

    return _step(application, user, Action.FEE_NOTICE, apply, note=basis)


def fee_paid(application, user, data=None):
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.FEE_PENDING)
    today = timezone.localdate()
    on = _day(data, "paid_on", today)
    if on > today or on < application.fee_notice_on:
        raise HandlingError(f"缴费日期应在 {_ymd(application.fee_notice_on)} 至今天之间。")
    if on > application.fee_due:
        raise HandlingError(f"缴费期限已于 {_ymd(application.fee_due)} 届满。")

    def apply(fresh):
        fresh.state = State.RECEIVED
        fresh.fee_paid_on = on
        fresh.pause_length = _resume(fresh, on)

    def note(fresh):
        return f"已缴纳 {fresh.fee_amount} 元（{_ymd(on)}），不计入答复期限 {fresh.pause_length} 个工作日"

    return _step(application, user, Action.FEE_PAID, apply, note=note)


def close_fee_unpaid(application, user=None, data=None):
    if user is not None:
        _require(may_handle(user, application))
    _require_state(application, State.FEE_PENDING)
    today = timezone.localdate()
    if today <= application.fee_due:
        raise HandlingError(f"缴费期限 {_ymd(application.fee_due)} 尚未届满。")

    def apply(fresh):
        _resume(fresh, today)
        return _close(fresh, FEE_UNPAID, "申请人逾期未按收费通知要求缴纳费用。", today)

    return _step(application, user, Action.FEE_UNPAID, apply, note=f"缴费期限 {_ymd(application.fee_due)} 届满")


def _uploads(data):
    files = data.get("files") or []
    if not isinstance(files, (list, tuple)):
        files = [files]
    for upload in files:
        if upload.size > MAX_FILE_SIZE:
            raise HandlingError(f"文件“{upload.name}”超过 20MB。")
        if not upload.size:
            raise HandlingError(f"文件“{upload.name}”是空文件。")
    return files


def decide(application, user, data=None):
    """The outcome, its basis and the 告知书 drafted from the outcome's template; a releasing
    outcome needs the released files (data["files"] adds, data["remove"] drops by id)."""
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.RECEIVED)
    outcome = data.get("outcome") or ""
    if outcome not in LEAVES or outcome in AUTOMATIC:
        raise HandlingError("请选择办理结果。")
    basis = _text(data, "basis", "理由和依据", 3000)
    withheld = str(data.get("withheld") or "").strip()
    if outcome == "partial" and not withheld:
        raise HandlingError("部分公开的，请说明不予公开部分的理由和依据。")
    uploads = _uploads(data)
    remove = {int(pk) for pk in data.get("remove") or [] if str(pk).isdigit()}
    kept = list(application.files.filter(kind=Kind.RELEASED).exclude(pk__in=remove).values_list("name", flat=True))
    released = kept + [upload.name[:120] for upload in uploads]
    if outcome in RELEASING and not released:
        raise HandlingError(f"{label_of(outcome)}的，请上传提供给申请人的信息文件。")
    text = str(data.get("letter") or "").strip()

    def apply(fresh):
        fresh.files.filter(kind=Kind.RELEASED, pk__in=remove).delete()
        for upload in uploads:
            ApplicationFile.objects.create(
                application=fresh,
                kind=Kind.RELEASED,
                file=upload,
                name=upload.name[:120],
                content_type=(getattr(upload, "content_type", "") or "application/octet-stream")[:60],
                size=upload.size,
            )
        fresh.outcome = outcome
        fresh.decision_basis = basis + (f"\n不予公开部分的理由和依据：{withheld}" if outcome == "partial" else "")
        shown = released if outcome in RELEASING else []
        fresh.decision_letter = text or letters.draft(fresh, outcome, basis, withheld, shown)
        fresh.decided_at = timezone.now()
        fresh.decided_by = user
        fresh.state = State.DECIDED

    files = f"；提供文件：{'、'.join(released)}" if outcome in RELEASING else ""
    return _step(application, user, Action.DECIDED, apply, note=f"{label_of(outcome)}{files}")


def edit_letter(application, user, data=None):
    """The 告知书 corrected before review."""
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.DECIDED)
    text = _text(data, "letter", "告知书内容", 20000)

    def apply(fresh):
        fresh.decision_letter = text.replace("\r\n", "\n") + "\n"

    return _step(application, user, Action.DECIDED, apply, note="修改告知书")


def send_back(application, user, data=None):
    data = data or {}
    _require(may_review(user, application), "只有终审人员或市级工作人员可以审核告知书。")
    _require_state(application, State.DECIDED)
    note = _text(data, "note", "退回修改的意见", 1000)

    def apply(fresh):
        fresh.state = State.RECEIVED

    return _step(application, user, Action.SENT_BACK, apply, note=note)


def approve(application, user, data=None):
    _require(may_review(user, application), "只有终审人员或市级工作人员可以审核告知书。")
    _require_state(application, State.DECIDED)
    if application.decided_by_id and application.decided_by_id == user.pk:
        raise HandlingError("告知书应由拟定人以外的人员审核。")

    def apply(fresh):
        fresh.state = State.APPROVED
        fresh.approved_at = timezone.now()
        fresh.approved_by = user

    return _step(application, user, Action.APPROVED, apply)


SEND_VIA = [("email", "电子邮件发送（附公开的文件）"), ("print", "打印后邮寄或当面送达")]


def send(application, user, data=None):
    """The approved 告知书 goes out: by e-mail with the released files attached, or printed; it
    is kept with the files, and the application is closed."""
    data = data or {}
    _require(may_handle(user, application))
    _require_state(application, State.APPROVED)
    via = data.get("via")
    if via not in dict(SEND_VIA):
        raise HandlingError("请选择送达方式。")
    if via == "email" and not application.email:
        raise HandlingError("申请人未留电子邮箱，请打印后邮寄或当面送达。")
    today = timezone.localdate()

    def apply(fresh):
        fresh.state = State.CLOSED
        fresh.sent_via = via
        fresh.closed_on = today
        _keep_letter(fresh)
        if via != "email":
            return []
        attachments = []
        if fresh.outcome in RELEASING:
            for kept in fresh.files.filter(kind=Kind.RELEASED).order_by("pk"):
                with kept.file.open("rb") as handle:
                    attachments.append((kept.name, handle.read(), kept.content_type))
        return _applicant_mail(fresh, "政府信息公开申请答复告知书", fresh.decision_letter, attachments)

    label = dict(SEND_VIA)[via]
    return _step(application, user, Action.SENT, apply, note=f"{label}，{label_of(application.outcome)}")


STEPS = {
    "confirm_receipt": confirm_receipt,
    "forward": forward,
    "ask_clarification": ask_clarification,
    "record_clarification": record_clarification,
    "close_not_corrected": close_not_corrected,
    "extend": extend,
    "consult": consult,
    "end_consultation": end_consultation,
    "fee_notice": fee_notice,
    "fee_paid": fee_paid,
    "close_fee_unpaid": close_fee_unpaid,
    "decide": decide,
    "edit_letter": edit_letter,
    "send_back": send_back,
    "approve": approve,
    "send": send,
}


def allowed_actions(application, user, today=None):
    """The steps this user may take on the application now (keys of STEPS)."""
    a, today = application, today or timezone.localdate()
    handles = may_handle(user, a)
    actions = []
    if handles:
        if a.state == State.SUBMITTED:
            actions.append("confirm_receipt")
        if a.state == State.RECEIVED:
            actions += ["decide", "forward"]
            if not a.clarification_sent_on and today <= clock.clarify_notice_due(a):
                actions.append("ask_clarification")
            actions.append("consult")
            if fees.charges(a.handler) and not a.fee_notice_on:
                actions.append("fee_notice")
        if a.state == State.CLARIFYING:
            # a 补正 posted in time may be recorded after the period, when it is found in the mail
            actions.append("record_clarification")
            if today > a.clarification_due:
                actions.append("close_not_corrected")
        if a.state == State.CONSULTING:
            actions.append("end_consultation")
        if a.state == State.FEE_PENDING:
            actions.append("fee_paid" if today <= a.fee_due else "close_fee_unpaid")
        if a.state in OPEN and not a.extension_days and (due := due_now(a, today)) and today <= due:
            actions.append("extend")
        if a.state == State.DECIDED:
            actions.append("edit_letter")
    if a.state == State.DECIDED and may_review(user, a):
        if a.decided_by_id != user.pk:
            actions.append("approve")
        actions.append("send_back")
    if handles and a.state == State.APPROVED:
        actions.append("send")
    return actions
