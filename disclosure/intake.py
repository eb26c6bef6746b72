"""An application for disclosure coming in (online, or recorded by staff from paper, post or fax),
and the corrected application (补正) that answers a request to clarify.

The application, its files and its first history step are saved in one transaction; the receipt
is mailed once that has committed, and a mail server that fails loses nothing. Like a letter, it
gets a number (申请编号, YS + date + 4 digits) and a query code kept only as an HMAC
(interaction.receipts).
"""

import logging
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from interaction.intake import sniff_attachment
from interaction.receipts import new_query_code, save_numbered
from interaction.storage import private_storage

from .clock import RECEIPT_RULES
from .models import Application, ApplicationEvent, ApplicationFile, Channel

logger = logging.getLogger(__name__)

# The regulation as revised (国务院令第711号) applies from this day.
REGULATION_START = date(2019, 5, 15)
NUMBER_PREFIX = "YS"
APPLICANT_FIELDS = (
    "applicant_kind",
    "name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_name",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "purpose",
    "medium",
    "delivery",
)
# Each field's length in the model: what a form that let more through would break on.
LIMITS = {name: Application._meta.get_field(name).max_length for name in APPLICANT_FIELDS}


class RefusedAction(Exception):
    """What was asked cannot be done now; the message says why, in Chinese."""


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


# Files --------------------------------------------------------------------------------------


def _size(size):
    value, unit = (size / 1048576, "MB") if size >= 1048576 else (size / 1024, "KB")
    return f"{value:.1f}".removesuffix(".0") + unit


def files_problem(files):
    """What is wrong with these uploads (count, size, content), in Chinese, or ""."""
    files = list(files or ())
    max_count, max_bytes = settings.DISCLOSURE_ATTACHMENT_MAX_COUNT, settings.DISCLOSURE_ATTACHMENT_MAX_BYTES
    if len(files) > max_count:
        return f"附件最多{max_count}个，您选择了{len(files)}个，请减少后重新选择。"
    for upload in files:
        if upload.size > max_bytes:
            return f"附件“{upload.name}”有{_size(upload.size)}，超过了{_size(max_bytes)}的限制。"
        if sniff_attachment(upload) is None:
            return f"附件“{upload.name}”不是 JPG、PNG 图片或 PDF 文件，请重新选择。"
    return ""


def files_help():
    return (
        f"可上传 JPG、PNG 图片或 PDF 文件（如身份证明、营业执照、授权委托书），"
        f"最多{settings.DISCLOSURE_ATTACHMENT_MAX_COUNT}个，每个不超过{_size(settings.DISCLOSURE_ATTACHMENT_MAX_BYTES)}。"
    )


def _store(application, files, stored, kind=ApplicationFile.Kind.APPLICANT):
    for upload in files or ():
        sniffed = sniff_attachment(upload)
        if sniffed is None:
            raise RefusedAction(f"附件“{upload.name}”不是 JPG、PNG 图片或 PDF 文件，请重新选择。")
        content_type, extension = sniffed
        record = ApplicationFile(
            application=application,
            kind=kind,
            name=(upload.name or "附件")[-120:],
            content_type=content_type,
            size=upload.size,
        )
        record.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)
        stored.append(record.file.name)
        record.save()


def _discard(stored):
    for name in stored:  # a rolled-back application leaves no file behind
        private_storage.delete(name)


# Abuse limits --------------------------------------------------------------------------------


def applications_today(remote_addr=None, phone=None):
    """Online applications from this address or phone number in the rolling last 24 hours."""
    since = timezone.now() - timedelta(hours=24)
    q = Q(remote_addr=remote_addr) if remote_addr else Q(phone=phone)
    return Application.objects.filter(q, channel=Channel.ONLINE, submitted_at__gte=since).count()


def address_limit_reached(remote_addr):
    limit = settings.DISCLOSURE_APPLICATIONS_PER_ADDRESS_PER_DAY
    if remote_addr and applications_today(remote_addr=remote_addr) >= limit:
        return f"同一网络24小时内最多提交{limit}份申请，请明天再提交，或到公开机关当面提交。"
    return ""


def phone_limit_reached(phone):
    limit = settings.DISCLOSURE_APPLICATIONS_PER_PHONE_PER_DAY
    if phone and applications_today(phone=phone) >= limit:
        return f"这个联系电话24小时内已提交{limit}份申请，请明天再提交，或到公开机关当面提交。"
    return ""


# Receiving -----------------------------------------------------------------------------------


def check_received_on(channel, received_on, today=None):
    """The 收到申请之日 a staff member gives for a paper, post or fax application, or the refusal."""
    today = today or timezone.localdate()
    if received_on is None:
        raise RefusedAction(f"请填写收到申请之日：{RECEIPT_RULES.get(channel, '')}。")
    if received_on > today:
        raise RefusedAction("收到申请之日不能晚于今天。")
    if received_on < REGULATION_START:
        raise RefusedAction("收到申请之日不能早于2019年5月15日（现行《政府信息公开条例》施行之日）。")
    return received_on


def receive_application(
    profile,
    cleaned_data,
    files=(),
    remote_addr=None,
    *,
    channel=Channel.ONLINE,
    received_on=None,
    recorded_by=None,
):
    """Save an application to the 公开机关 `profile`; returns (application, query code). The code
    exists in clear only in this return value and in the receipt mail.

    Online, it waits for the office to confirm receipt (art. 31(3)): state SUBMITTED, no
    received_on. Recorded by staff (in person, post, fax), it is received on the day given."""
    if channel not in Channel.values:
        raise RefusedAction("请选择申请方式。")
    online = channel == Channel.ONLINE
    if online:
        if received_on is not None:
            raise RefusedAction("网上申请的收到申请之日由工作人员确认后确定。")
        refusal = address_limit_reached(remote_addr) or phone_limit_reached(cleaned_data.get("phone"))
        if refusal:
            raise RefusedAction(refusal)
    else:
        check_received_on(channel, received_on)
    fields = {name: (cleaned_data.get(name) or "") for name in APPLICANT_FIELDS}
    for name, limit in LIMITS.items():
        if limit and len(fields[name]) > limit:
            raise RefusedAction(f"“{Application._meta.get_field(name).verbose_name}”过长，请删减后再提交。")
    submitted_at = timezone.now()
    code = new_query_code()
    application = Application(
        profile=profile,
        handler=profile,
        channel=channel,
        recorded_by=None if online else recorded_by,
        remote_addr=remote_addr if online else None,
        state=Application.State.SUBMITTED if online else Application.State.RECEIVED,
        submitted_at=submitted_at,
        received_on=None if online else received_on,
        **fields,
    )
    application.query_code = code
    prefix = NUMBER_PREFIX + timezone.localtime(submitted_at).strftime("%Y%m%d")
    stored = []
    try:
        with transaction.atomic():
            save_numbered(application, prefix, Application)
            _store(application, files, stored)
            ApplicationEvent.objects.create(
                application=application,
                action=ApplicationEvent.Action.SUBMITTED if online else ApplicationEvent.Action.RECORDED,
                actor=None if online else recorded_by,
                unit=profile,
                note="" if online else f"{Channel(channel).label}；{RECEIPT_RULES[channel]}",
            )
            transaction.on_commit(lambda: send_receipt(application, code))
    except BaseException:
        _discard(stored)
        raise
    return application, code


def receipt_rules(application):
    """The legal rules of the receipt, in a sentence."""
    days, extension = settings.DISCLOSURE_ANSWER_DAYS, settings.DISCLOSURE_MAX_EXTENSION_DAYS
    received = RECEIPT_RULES.get(application.channel, "")
    return (
        f"{received}；能够当场答复的当场答复，不能当场答复的，自收到申请之日起{days}个工作日内予以答复，"
        f"需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过{extension}个工作日"
        "（《中华人民共和国政府信息公开条例》第三十三条）；申请内容不明确的，将一次性告知您补正，"
        "答复期限自收到补正的申请之日起计算（第三十条）。"
    )


def send_receipt(application, code):
    if not application.email:
        return
    body = (
        f"{application.name}：\n\n您向{application.profile.name}提出的政府信息公开申请已提交。\n\n"
        f"申请编号：{application.number}\n查询码：{code}\n\n"
        f"{receipt_rules(application)}\n\n"
        "请妥善保存申请编号和查询码，凭它们可在网站“依申请公开查询”中查看办理情况、补正申请和答复。"
        "查询码只发送这一次，工作人员也无法查到。\n"
    )
    try:
        send_mail(f"政府信息公开申请已提交（申请编号 {application.number}）", body, None, [application.email])
    except Exception:
        logger.exception("disclosure: receipt mail for application %s failed", application.number)


# 补正 ----------------------------------------------------------------------------------------


def receive_clarification(application, text, files=(), *, on=None, actor=None):
    """The corrected application (补正) arrives, online or recorded by staff from paper (`on`, the
    day it arrived): only while the office awaits it and not after its period; the answer period
    runs again from that day (art. 30)."""
    text = (text or "").strip()
    today = timezone.localdate()
    on = on or today
    if not text:
        raise RefusedAction("请填写补正内容。")
    if len(text) > settings.DISCLOSURE_DESCRIPTION_MAX:
        raise RefusedAction(f"补正内容不能超过{settings.DISCLOSURE_DESCRIPTION_MAX}字，请删减后再提交。")
    if on > today:
        raise RefusedAction("收到补正之日不能晚于今天。")
    stored = []
    try:
        with transaction.atomic():
            application = Application.objects.select_for_update().get(pk=application.pk)
            if application.state != Application.State.CLARIFYING:
                raise RefusedAction(
                    f"该申请当前不需要补正（办理状态：{application.get_state_display()}），补正只能提交一次。"
                )
            if application.clarification_sent_on and on < application.clarification_sent_on:
                raise RefusedAction("收到补正之日不能早于补正告知日期。")
            due = application.clarification_due
            if due and on > due:
                raise RefusedAction(
                    f"补正期限已过（{chinese_date(due)}）。逾期未补正的，视为放弃申请（条例第三十条），"
                    "如仍需要该信息，请重新提出申请。"
                )
            application.clarification = text
            application.clarified_on = on
            application.state = Application.State.RECEIVED
            application.save(update_fields=["clarification", "clarified_on", "state"])
            _store(application, files, stored)
            ApplicationEvent.objects.create(
                application=application,
                action=ApplicationEvent.Action.CLARIFIED,
                actor=actor,
                unit=application.handler,
                note="工作人员登记纸质补正" if actor else "申请人在网上提交补正",
            )
    except BaseException:
        _discard(stored)
        raise
    return application
