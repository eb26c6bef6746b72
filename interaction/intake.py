"""A resident's letter coming in, and what the resident may do with it afterwards.

The letter, its attachments and its first history step are saved in one transaction before
anything else; the receipt is mailed only once that has committed, and a mail server that fails
loses nothing. The resident gets a number (信件编号) and a random query code (查询码) that is kept
only as an HMAC, so a leaked database does not open anybody's letter.
"""

import io
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from PIL import Image

from sites.units import profile_of
from workdays.calendar import add_working_days

from . import clock
from .models import ErrorReport, Letter, LetterAttachment, LetterEvent
from .receipts import new_query_code, save_numbered
from .storage import private_storage

logger = logging.getLogger(__name__)


class RefusedAction(Exception):
    """What the resident asked cannot be done now; the message says why, in Chinese."""


# Attachments ---------------------------------------------------------------------------------

ATTACHMENT_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "PDF": ("application/pdf", "pdf")}


def sniff_attachment(upload):
    """("image/jpeg"|"image/png"|"application/pdf", extension) read from the file's content, or
    None: the name and the browser's content type prove nothing."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return ATTACHMENT_TYPES["PDF"]
    try:
        data = upload.read()
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds of errors on hostile input
        return None
    finally:
        upload.seek(0)
    return ATTACHMENT_TYPES.get(kind) if kind in ("JPEG", "PNG") else None


# Receiving -----------------------------------------------------------------------------------


def letters_today(remote_addr=None, phone=None):
    """Letters from this address or phone number in the rolling last 24 hours."""
    since = timezone.now() - timedelta(hours=24)
    q = Q(remote_addr=remote_addr) if remote_addr else Q(phone=phone)
    return Letter.objects.filter(q, received_at__gte=since).count()


def receive_letter(mailbox, cleaned_data, files, remote_addr):
    """Save a resident's letter to `mailbox`; returns (letter, query code). The code exists in
    clear only in this return value and in the receipt mail."""
    profile = profile_of(mailbox)
    received_at = timezone.now()
    code = new_query_code()
    letter = Letter(
        mailbox=mailbox,
        profile=profile,
        handler=profile,
        kind=cleaned_data["kind"],
        title=cleaned_data["title"],
        content=cleaned_data["content"],
        name=cleaned_data["name"],
        phone=cleaned_data["phone"],
        email=cleaned_data.get("email") or "",
        publishable=bool(cleaned_data.get("publishable")),
        remote_addr=remote_addr,
        state=Letter.State.RECEIVED,
        received_at=received_at,
        accept_due=clock.accept_due(profile, received_at),
    )
    letter.query_code = code
    stored = []
    try:
        with transaction.atomic():
            save_numbered(letter, timezone.localtime(received_at).strftime("%Y%m%d"), Letter)
            for upload in files or ():
                content_type, extension = sniff_attachment(upload)
                attachment = LetterAttachment(
                    letter=letter,
                    name=(upload.name or "附件")[-120:],
                    content_type=content_type,
                    size=upload.size,
                )
                attachment.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
                stored.append(attachment.file.name)
                attachment.save()
            LetterEvent.objects.create(letter=letter, action=LetterEvent.Action.RECEIVED, unit=profile)
            transaction.on_commit(lambda: send_receipt(letter, code))
    except BaseException:
        for name in stored:  # the rolled-back letter leaves no file behind
            private_storage.delete(name)
        raise
    return letter, code


def send_receipt(letter, code):
    if not letter.email:
        return
    site_name = letter.profile.name if letter.profile else ""
    body = (
        f"{letter.name}：\n\n您写给{site_name}“{letter.mailbox.title}”的来信已收到。\n\n"
        f"信件编号：{letter.number}\n查询码：{code}\n\n"
        "请妥善保存信件编号和查询码，凭它们可在网站“信件查询”中查看办理情况和答复。"
        "查询码只发送这一次，工作人员也无法查到。\n"
    )
    try:
        send_mail(f"来信已收到（信件编号 {letter.number}）", body, None, [letter.email])
    except Exception:
        logger.exception("interaction: receipt mail for letter %s failed", letter.number)


# After the reply -----------------------------------------------------------------------------


def rate(letter, rating, reason=""):
    """The resident's rating of the reply: once, after it is answered; 不满意 needs a reason."""
    reason = (reason or "").strip()
    if rating not in Letter.Rating.values:
        raise RefusedAction("请选择评价。")
    if rating == Letter.Rating.UNSATISFIED and not reason:
        raise RefusedAction("选择“不满意”时请填写理由。")
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.state != Letter.State.ANSWERED:
            raise RefusedAction("信件答复后才能评价。")
        if letter.rating:
            raise RefusedAction("这封信已经评价过了，每封信只能评价一次。")
        letter.rating = rating
        letter.rating_reason = reason[:300]
        letter.rated_at = timezone.now()
        letter.save(update_fields=["rating", "rating_reason", "rated_at"])
        note = Letter.Rating(rating).label + (f"：{reason}" if reason else "")
        LetterEvent.objects.create(letter=letter, action=LetterEvent.Action.RATED, note=note)
    return letter


def request_second_handling(letter):
    """An unsatisfied resident's one request that the letter be handled again: back to 已受理
    with the same handler and a new reply deadline; the first reply stays in the history."""
    with transaction.atomic():
        letter = Letter.objects.select_for_update().select_related("profile").get(pk=letter.pk)
        if letter.second_handling:
            raise RefusedAction("这封信已经申请过二次办理，每封信只能申请一次。")
        if letter.state != Letter.State.ANSWERED or letter.rating != Letter.Rating.UNSATISFIED:
            raise RefusedAction("答复评价为“不满意”后才能申请二次办理。")
        now = timezone.now()
        first_reply = letter.reply
        letter.state = Letter.State.ACCEPTED
        letter.second_handling = True
        letter.reply_due = clock.reply_due(letter.profile, letter.kind, now)
        letter.save(update_fields=["state", "second_handling", "reply_due"])
        LetterEvent.objects.create(
            letter=letter,
            action=LetterEvent.Action.SECOND_HANDLING,
            unit=letter.handler,
            note=f"来信人不满意，申请二次办理。首次答复：{first_reply}",
        )
    return letter


# 我为政府网站找错 ----------------------------------------------------------------------------


def receive_error_report(profile, cleaned_data, remote_addr):
    received_at = timezone.now()
    report = ErrorReport(
        profile=profile,
        url=cleaned_data["url"],
        kind=cleaned_data["kind"],
        description=cleaned_data["description"],
        contact=cleaned_data.get("contact") or "",
        remote_addr=remote_addr,
        received_at=received_at,
        due=add_working_days(timezone.localdate(received_at), settings.INTERACTION_ERROR_REPORT_DAYS),
    )
    with transaction.atomic():
        save_numbered(report, "JC" + timezone.localtime(received_at).strftime("%Y%m%d"), ErrorReport)
    return report


def error_reports_today(remote_addr):
    since = timezone.now() - timedelta(hours=24)
    return ErrorReport.objects.filter(remote_addr=remote_addr, received_at__gte=since).count()
