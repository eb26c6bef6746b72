"""The staff's handling of a letter: every step a function `(letter, user, …)`.

Each step runs in one transaction holding the letter's row (select_for_update), checks that this
user may take it and that the letter's state allows it, and writes a `LetterEvent`. A refusal is a
`HandlingError` with one line of Chinese and changes nothing. The letter the caller holds may be
stale: if someone else moved it on meanwhile, the step is refused ("已被他人处理").

Who does what: the site's office (members of any group of `letter.profile`) accepts, refuses,
forwards, publishes or sends the reply; the handling unit (members of a group of `letter.handler`)
drafts the reply, hands the letter back, and its leaders (复审 or 终审 role) approve or send back
the draft. Superusers may do everything; overseeing city staff only read.
"""

import logging
from types import SimpleNamespace

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from proofreading.checks import blocking, rule_findings
from proofreading.models import ProofreadingRule
from sites.models import SiteGroup, SiteProfile

from . import clock
from .models import Letter, LetterEvent, LetterPage
from .redaction import redact

logger = logging.getLogger(__name__)

State = Letter.State
Action = LetterEvent.Action
LEADER_ROLES = (SiteGroup.Role.SECOND_REVIEW, SiteGroup.Role.FINAL_REVIEW)
# The states of an accepted letter whose reply is still to come.
OPEN_ACCEPTED = (State.ACCEPTED, State.FORWARDED, State.DRAFTED, State.APPROVED)


class HandlingError(Exception):
    """A step refused: the message says why, in one line."""


# Who may act -------------------------------------------------------------------------------------


def is_staff_of(user, profile):
    if not user.is_active:
        return False
    return user.is_superuser or SiteGroup.objects.filter(group__user=user, profile=profile).exists()


def is_office(user, letter):
    return is_staff_of(user, letter.profile)


def is_unit_staff(user, letter):
    return is_staff_of(user, letter.handler)


def is_unit_leader(user, letter):
    if not user.is_active:
        return False
    return (
        user.is_superuser
        or SiteGroup.objects.filter(group__user=user, profile=letter.handler, role__in=LEADER_ROLES).exists()
    )


def sees_personal_data(user, letter):
    """Only the staff handling the letter (its office and the unit it was forwarded to)."""
    if not user.is_active:
        return False
    return (
        user.is_superuser
        or SiteGroup.objects.filter(group__user=user, profile__in=[letter.profile_id, letter.handler_id]).exists()
    )


def forward_targets(profile):
    """The open units a letter of `profile` may be forwarded to: those nested under its root page
    (a county's townships and 专属网页), every unit of the cluster for the portal."""
    targets = SiteProfile.objects.filter(status=SiteProfile.Status.OPEN).exclude(pk=profile.pk)
    if profile.level != SiteProfile.Level.CITY:
        targets = targets.filter(root_page__path__startswith=profile.root_page.path)
    return targets.select_related("root_page").order_by("root_page__path")


def _require(allowed, message="您无权办理该信件。"):
    if not allowed:
        raise HandlingError(message)


def _require_state(letter, *states):
    if letter.state not in states:
        raise HandlingError(f"该信件当前状态为“{letter.get_state_display()}”，不能进行此操作。")


def _required_text(value, what):
    value = (value or "").strip()
    if not value:
        raise HandlingError(f"请填写{what}。")
    return value


# The transaction around each step ---------------------------------------------------------------


class _Step:
    """`with _Step(letter) as fresh:` — the letter's row locked and read again; refused when its
    state is no longer the one the caller saw. Mails queued on the step go out after commit."""

    def __init__(self, letter):
        self.letter = letter
        self.mails = []

    def __enter__(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        try:
            fresh = (
                Letter.objects.select_for_update()
                .select_related("profile", "handler", "mailbox")
                .get(pk=self.letter.pk)
            )
            if fresh.state != self.letter.state or fresh.handler_id != self.letter.handler_id:
                raise HandlingError(f"该信件已被他人处理（当前状态：{fresh.get_state_display()}）。")
        except BaseException as error:
            self.atomic.__exit__(type(error), error, error.__traceback__)
            raise
        return fresh

    def __exit__(self, kind, error, traceback):
        self.atomic.__exit__(kind, error, traceback)
        return False


def _step(letter, user, action, apply, note=""):
    """Run `apply(fresh)` in the step's transaction, record the event, copy the result onto the
    caller's letter and send the mails `apply` returned [(subject, body, [to])]."""
    step = _Step(letter)
    with step as fresh:
        mails = apply(fresh) or []
        fresh.save()
        note = note(fresh) if callable(note) else note
        LetterEvent.objects.create(letter=fresh, action=action, actor=user, unit=fresh.handler, note=note)
    for field in Letter._meta.concrete_fields:
        setattr(letter, field.attname, getattr(fresh, field.attname))
    letter._state.fields_cache = dict(fresh._state.fields_cache)
    for subject, body, to in mails:
        _send(subject, body, to)
    return letter


def _send(subject, body, to):
    """A mail that fails is logged: the step is done and recorded all the same."""
    to = [address for address in to if address]
    if not to:
        return
    try:
        send_mail(subject, body, None, to)
    except Exception:  # noqa: BLE001 - a mail server's failure must not undo a recorded step
        logger.exception("mail to %s failed: %s", to, subject)


def _resident_mail(letter, subject, body):
    if not letter.email:
        return []
    text = f"{letter.name}：\n\n{body}\n\n信件编号：{letter.number}\n{letter.profile.name}"
    return [(f"【{letter.profile.name}】{subject}（信件编号 {letter.number}）", text, [letter.email])]


# The steps ---------------------------------------------------------------------------------------


def accept(letter, user):
    _require(is_office(user, letter))
    _require_state(letter, State.RECEIVED)

    def apply(fresh):
        now = timezone.now()
        fresh.state = State.ACCEPTED
        fresh.accepted_at = now
        fresh.reply_due = clock.reply_due(fresh.profile, fresh.kind, now)

    return _step(letter, user, Action.ACCEPTED, apply)


def refuse(letter, user, reason, note):
    _require(is_office(user, letter))
    _require_state(letter, State.RECEIVED)
    if reason not in Letter.Refusal.values:
        raise HandlingError("请选择不予受理的原因。")
    note = _required_text(note, "不予受理的说明")

    def apply(fresh):
        fresh.state = State.REFUSED
        fresh.refusal = reason
        fresh.refusal_note = note[:300]
        label = Letter.Refusal(reason).label
        return _resident_mail(
            fresh, "来信不予受理", f"您的来信“{fresh.title}”不予受理。\n原因：{label}。\n说明：{note}"
        )

    return _step(letter, user, Action.REFUSED, apply, note=f"{Letter.Refusal(reason).label}：{note}")


def forward(letter, user, to_profile, note=""):
    _require(is_office(user, letter))
    _require_state(letter, State.ACCEPTED)
    if to_profile is None or not forward_targets(letter.profile).filter(pk=to_profile.pk).exists():
        raise HandlingError("只能转办给本站点下属的运行中单位。")

    def apply(fresh):
        fresh.state = State.FORWARDED
        fresh.handler = to_profile

    return _step(letter, user, Action.FORWARDED, apply, note=f"转办至{to_profile.name}。{note}".strip())


def hand_back(letter, user, reason):
    _require(letter.handler_id != letter.profile_id and is_unit_staff(user, letter), "只有承办单位可以退回该信件。")
    _require_state(letter, State.FORWARDED)
    reason = _required_text(reason, "退回理由")

    def apply(fresh):
        fresh.state = State.ACCEPTED
        fresh.handler = fresh.profile
        fresh.reply = ""

    return _step(letter, user, Action.RETURNED, apply, note=f"{letter.handler.name}退回：{reason}")


def _state_before_pause(letter):
    if letter.accepted_at is None:
        return State.RECEIVED
    return State.FORWARDED if letter.handler_id != letter.profile_id else State.ACCEPTED


def ask_info(letter, user, note):
    _require(is_office(user, letter) or is_unit_staff(user, letter))
    _require_state(letter, State.RECEIVED, State.ACCEPTED, State.FORWARDED)
    if letter.state != _state_before_pause(letter):
        raise HandlingError("该信件当前不能暂停计时。")
    note = _required_text(note, "需要来信人补充的内容")

    def apply(fresh):
        fresh.state = State.AWAITING_INFO
        fresh.paused_at = timezone.now()
        return _resident_mail(
            fresh,
            "请补充信件内容",
            f"关于您的来信“{fresh.title}”，请补充以下内容：\n{note}\n\n补充后办理时限自动顺延。",
        )

    return _step(letter, user, Action.ASKED_INFO, apply, note=note)


def info_received(letter, user, note):
    _require(is_office(user, letter) or is_unit_staff(user, letter))
    _require_state(letter, State.AWAITING_INFO)
    note = _required_text(note, "来信人补充的内容")

    def apply(fresh):
        days = clock.paused_working_days(fresh.paused_at, timezone.now())
        fresh.state = _state_before_pause(fresh)
        if fresh.accepted_at is None:
            fresh.accept_due = clock.shifted(fresh.accept_due, days)
        fresh.reply_due = clock.shifted(fresh.reply_due, days)
        fresh.paused_days += days
        fresh.paused_at = None
        fresh.pause_length = days

    def described(fresh):
        return f"{note}（计时暂停 {fresh.pause_length} 个工作日，期限相应顺延）" if fresh.pause_length else note

    return _step(letter, user, Action.INFO_RECEIVED, apply, note=described)


def extend(letter, user, reason):
    _require(is_office(user, letter) or is_unit_staff(user, letter))
    _require_state(letter, *OPEN_ACCEPTED)
    if letter.extended:
        raise HandlingError("该信件已延期一次，不能再次延期。")
    reason = _required_text(reason, "延期理由")

    def apply(fresh):
        if fresh.extended:
            raise HandlingError("该信件已延期一次，不能再次延期。")
        fresh.extended = True
        fresh.extension_reason = reason[:200]
        fresh.reply_due = clock.extended_due(fresh.profile, fresh.accepted_at, fresh.paused_days)

    return _step(letter, user, Action.EXTENDED, apply, note=reason)


def draft_reply(letter, user, text):
    _require(is_unit_staff(user, letter), "只有承办单位可以拟写答复。")
    _require_state(letter, State.ACCEPTED, State.FORWARDED)
    text = _required_text(text, "答复内容")

    def apply(fresh):
        fresh.state = State.DRAFTED
        fresh.reply = text
        fresh.reply_unit = fresh.handler

    return _step(letter, user, Action.DRAFTED, apply)


def reply_findings(text):
    """智能校对 of a reply: the city's proofreading rules on its text, blocking ones first."""
    rules = [rule for rule in ProofreadingRule.objects.filter(active=True) if rule.pattern]
    names = set(SiteProfile.objects.values_list("name", flat=True))
    # rule_findings reads a page's title and rich text: the reply stands in as a title.
    stand_in = SimpleNamespace(title=text, _meta=SimpleNamespace(concrete_fields=[]))
    findings = list(rule_findings(stand_in, rules, names))
    return sorted(findings, key=lambda finding: not finding.blocks)


def approve(letter, user):
    _require(is_unit_leader(user, letter), "只有承办单位的领导（复审、终审）可以审核答复。")
    _require_state(letter, State.DRAFTED)
    problems = blocking(reply_findings(letter.reply))
    if problems:
        raise HandlingError("智能校对发现问题，请退回修改：" + "；".join(f.message for f in problems))

    def apply(fresh):
        names = [fresh.name]
        fresh.state = State.APPROVED
        fresh.public_title = redact(fresh.title, names=names)[:100]
        fresh.public_content = redact(fresh.content, names=names)
        fresh.public_reply = redact(fresh.reply, names=names)

    return _step(letter, user, Action.APPROVED, apply)


def send_back(letter, user, note):
    _require(is_unit_leader(user, letter), "只有承办单位的领导（复审、终审）可以退回答复。")
    _require_state(letter, State.DRAFTED)
    note = _required_text(note, "退回修改的意见")

    def apply(fresh):
        fresh.state = _state_before_pause(fresh)

    return _step(letter, user, Action.SENT_BACK, apply, note=note)


def publish(letter, user, title=None, content=None, reply=None):
    """The office publishes the reply as a LetterPage under the mailbox; it may correct the
    redacted proposal (title, content, reply) before it goes out."""
    _require(is_office(user, letter), "只有受理站点可以公开答复。")
    _require_state(letter, State.APPROVED)
    if not letter.publishable:
        raise HandlingError("来信人未同意公开，只能不公开答复。")
    title = (title if title is not None else letter.public_title).strip()
    content = (content if content is not None else letter.public_content).strip()
    reply = (reply if reply is not None else letter.public_reply).strip()
    if not (title and content and reply):
        raise HandlingError("公开的标题、来信内容和答复内容都不能为空。")

    def apply(fresh):
        now = timezone.now()
        fresh.public_title, fresh.public_content, fresh.public_reply = title[:100], content, reply
        page = LetterPage(
            title=fresh.public_title,
            slug=slugify(fresh.number) or f"letter-{fresh.pk}",
            letter_kind=fresh.kind,
            question=content,
            reply=reply,
            received_on=clock.local_date(fresh.accepted_at),
            replied_on=timezone.localdate(now),
            reply_unit=(fresh.reply_unit or fresh.handler).name,
            live=False,
            owner=user,
        )
        fresh.mailbox.add_child(instance=page)
        page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
        fresh.public_page = page
        fresh.state = State.ANSWERED
        fresh.replied_at = now
        return _resident_mail(fresh, "来信已答复", f"您的来信“{fresh.title}”已答复并公开：\n\n{fresh.reply}")

    return _step(letter, user, Action.PUBLISHED, apply)


def send_privately(letter, user):
    _require(is_office(user, letter), "只有受理站点可以答复来信人。")
    _require_state(letter, State.APPROVED)

    def apply(fresh):
        fresh.state = State.ANSWERED
        fresh.replied_at = timezone.now()
        return _resident_mail(fresh, "来信已答复", f"您的来信“{fresh.title}”答复如下：\n\n{fresh.reply}")

    return _step(letter, user, Action.SENT_PRIVATELY, apply)


def allowed_actions(letter, user):
    """The steps this user may take on the letter now (names of the functions above)."""
    office, unit = is_office(user, letter), is_unit_staff(user, letter)
    state, actions = letter.state, []
    if office and state == State.RECEIVED:
        actions += ["accept", "refuse"]
    if office and state == State.ACCEPTED:
        actions.append("forward")
    if unit and state in (State.ACCEPTED, State.FORWARDED):
        actions.append("draft_reply")
    if unit and state == State.FORWARDED and letter.handler_id != letter.profile_id:
        actions.append("hand_back")
    pausable = state in (State.RECEIVED, State.ACCEPTED, State.FORWARDED) and state == _state_before_pause(letter)
    if (office or unit) and pausable:
        actions.append("ask_info")
    if (office or unit) and state == State.AWAITING_INFO:
        actions.append("info_received")
    if (office or unit) and state in OPEN_ACCEPTED and not letter.extended:
        actions.append("extend")
    if state == State.DRAFTED and is_unit_leader(user, letter):
        actions += ["approve", "send_back"]
    if office and state == State.APPROVED:
        actions += (["publish"] if letter.publishable else []) + ["send_privately"]
    return actions


def visible_letters(user, profiles):
    """Letters of these profiles or forwarded to them."""
    ids = profiles.values("pk")
    return Letter.objects.filter(Q(profile__in=ids) | Q(handler__in=ids))
