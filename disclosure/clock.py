"""An application's legal clock under the 政府信息公开条例 (2019), in working days on China's
calendar (workdays.calendar).

- 收到申请之日 (art. 31): the day it is handed in, the day a registered letter is signed for, or
  the day both sides confirm an online, faxed or ordinary-mail application.
- 补正 (art. 30): the request to clarify goes out within DISCLOSURE_CLARIFY_NOTICE_DAYS (7)
  working days of receipt; the answer period then runs from the day the corrected application
  arrives; not corrected by the period given, the application is closed (其他处理 1).
- 答复 (art. 33): within DISCLOSURE_ANSWER_DAYS (20) working days; extended once, by at most
  DISCLOSURE_MAX_EXTENSION_DAYS (20), with the approver named and the applicant told. The time
  spent consulting a third party or another organ (art. 32: 15 working days for the third party)
  and awaiting a fee (国办函〔2020〕109号) does not count.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from workdays.calendar import add_working_days, working_days_between

RECEIPT_RULES = {
    "in_person": "当面提交的，以收到申请之日为收到申请之日（第三十一条第一项）",
    "registered_post": "以邮寄方式提交的，以行政机关签收之日为收到申请之日（第三十一条第二项）",
    "ordinary_post": "以平常信函等无需签收的方式提交的，以与申请人确认之日为收到申请之日（第三十一条第二项）",
    "online": "通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第三项）",
    "fax": "通过传真提交的，以双方确认之日为收到申请之日（第三十一条第三项）",
}


def clarify_notice_due(application):
    """The last day a 补正 request may go out (art. 30)."""
    if not application.received_on:
        return None
    return add_working_days(application.received_on, settings.DISCLOSURE_CLARIFY_NOTICE_DAYS)


def clock_start(application):
    """The day the answer period runs from: receipt, or the corrected application's arrival."""
    return application.clarified_on or application.received_on


def answer_due(application):
    """The answer deadline as it stands: 20 working days from the start, plus the extension, plus
    the working days that did not count. None while the clock has not started or stands still
    awaiting the 补正."""
    start = clock_start(application)
    if start is None or (application.clarification_sent_on and not application.clarified_on):
        return None
    days = settings.DISCLOSURE_ANSWER_DAYS + application.extension_days + application.paused_days
    return add_working_days(start, days)


def paused_working_days(paused_on, resumed_on):
    """Working days a pause (consultation, fee) lasted: from the day after it began up to and
    including the day it ended."""
    return working_days_between(paused_on, resumed_on)


def consultation_due(started_on):
    return add_working_days(started_on, settings.DISCLOSURE_THIRD_PARTY_DAYS)


def clarification_due(sent_on):
    return add_working_days(sent_on, settings.DISCLOSURE_CLARIFY_PERIOD_DAYS)


def fee_due(notice_on):
    return add_working_days(notice_on, settings.DISCLOSURE_FEE_PAYMENT_DAYS)


@dataclass(frozen=True)
class LegalDate:
    label: str
    day: date | None
    why: str


def timeline(application):
    """Every date the law uses for this application, with the rule that sets it."""
    a = application
    dates = []
    if a.received_on:
        dates.append(LegalDate("收到申请之日", a.received_on, RECEIPT_RULES.get(a.channel, "")))
        dates.append(
            LegalDate(
                "补正告知期限",
                clarify_notice_due(a),
                f"申请内容不明确的，应自收到申请之日起{settings.DISCLOSURE_CLARIFY_NOTICE_DAYS}个工作日内一次性告知补正（第三十条）",
            )
        )
    else:
        dates.append(LegalDate("收到申请之日", None, "待双方确认后确定（第三十一条）"))
    if a.clarification_sent_on:
        dates.append(LegalDate("补正告知日期", a.clarification_sent_on, "已一次性告知申请人需要补正的事项（第三十条）"))
        dates.append(
            LegalDate("补正期限", a.clarification_due, "申请人无正当理由逾期不补正的，视为放弃申请（第三十条）")
        )
        if a.clarified_on:
            why = "答复期限自行政机关收到补正的申请之日起计算（第三十条）"
            dates.append(LegalDate("收到补正之日", a.clarified_on, why))
    if a.paused_days or a.paused_on:
        why = "征求第三方和其他机关意见、等待缴纳信息处理费所需时间不计算在答复期限内（第三十二条、第三十三条）"
        if a.paused_on:
            dates.append(LegalDate("暂停计时", a.paused_on, why))
        if a.paused_days:
            dates.append(LegalDate(f"已不计入期限 {a.paused_days} 个工作日", None, why))
    if a.consultation_due:
        dates.append(
            LegalDate(
                "第三方答复期限",
                a.consultation_due,
                f"第三方应自收到征求意见书之日起{settings.DISCLOSURE_THIRD_PARTY_DAYS}个工作日内提出意见（第三十二条）",
            )
        )
    if a.fee_due:
        dates.append(LegalDate("缴费期限", a.fee_due, "逾期未缴纳信息处理费的，不再处理该申请（国办函〔2020〕109号）"))
    due = answer_due(a)
    start = clock_start(a)
    if start:
        since = "收到补正" if a.clarified_on else "收到申请"
        base = f"自{since}之日起{settings.DISCLOSURE_ANSWER_DAYS}个工作日内答复（第三十三条）"
        if a.extension_days:
            base += (
                f"；经{a.extension_approver or '政府信息公开工作机构负责人'}同意延长{a.extension_days}个工作日"
                "并告知申请人（第三十三条第二款）"
            )
        if a.paused_days:
            base += f"；另加不计入期限的{a.paused_days}个工作日"
        dates.append(LegalDate("答复期限", due, base if due else base + "；当前计时暂停"))
    if a.closed_on:
        dates.append(LegalDate("办结日期", a.closed_on, "告知书送达申请人之日"))
    return dates
