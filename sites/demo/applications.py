"""The demo's applications for disclosure on request (依申请公开) on the portal, 集贤县 and 友谊县:
one in every state of the handling and one closed with every outcome group, on real dates —
closed ones across 2025 and early 2026 (some received in December 2025 and closed in January
2026, carried over for table three of the annual reports), open ones in the last weeks.

The steps go through disclosure.handling by the demo's accounts; a step that checks its day
against today (补正, extension, fee notice) is written directly for a day in the past, and every
step's dates are then set to its day. A number derives from its site and scenario: building
again adds nothing.
"""

import hashlib
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from disclosure import clock, fees, handling, letters
from disclosure.models import Application, ApplicationEvent, ApplicationFile
from sites.models import SiteGroup, SiteProfile
from workdays.calendar import add_working_days

from .letters import DemoLetters

State = Application.State
Action = ApplicationEvent.Action
SITES = ("portal", "jixian", "youyi")
STEP_GAP = 3  # working days between two steps

APPLICANTS = [
    # kind, name, id type, id number, legal representative
    ("person", "赵建国", "id_card", "230521196805120011", ""),
    ("person", "钱淑芬", "id_card", "230522197503080024", ""),
    ("business", "双鸭山市宏达建材有限公司", "credit_code", "91230500MA1B2C3D4E", "孙宏达"),
    ("research", "黑龙江省农业经济研究所", "credit_code", "12230000MB0123456X", "李明"),
    ("nonprofit", "双鸭山市绿色家园环保协会", "credit_code", "51230500MJ0001234K", "周文"),
    ("legal", "黑龙江正衡律师事务所", "credit_code", "31230000MD0056789P", "吴正衡"),
    ("other", "集贤县福利镇幸福村村民委员会", "credit_code", "54230521MF0009876Q", "郑福"),
]
REQUESTS = [
    "{area}2025年农村公路建设项目的资金拨付和使用情况。",
    "{area}2024年度城乡居民最低生活保障资金发放汇总表。",
    "{area}中心小学新建教学楼项目的招标公告和中标结果。",
    "{area}2025年秸秆综合利用补贴的发放标准和发放名单（不含个人身份信息）。",
    "{area}集中式饮用水水源地2025年各季度水质监测报告。",
    "{area}老旧小区改造项目的规划许可文件。",
    "{area}关于农村宅基地审批管理的规范性文件。",
]
OUTCOME_BASIS = {
    "disclose": "所申请信息属于本机关制作并保存的政府信息，可以公开。",
    "partial": "所申请信息中可以公开的部分予以提供。",
    "withhold.third_party": "所申请信息涉及第三方商业秘密，第三方不同意公开，不公开不会对公共利益造成重大影响。",
    "withhold.process": "所申请信息为项目论证过程中形成的讨论记录，属于过程性信息。",
    "unavailable.not_held": "经检索，本机关未制作或获取所申请的信息。",
    "not_handled.repeat": "本机关已于此前就相同内容的申请作出答复，申请人重复申请公开相同政府信息。",
    "other.other": "申请人撤回申请。",
}
WITHHELD = "名单中的个人身份证号码、银行账号属于个人隐私，已作删除处理（第十五条、第三十七条）。"

# key: (received — a date, or working days ago —, applicant, steps). Steps: receive, forward,
# clarify, clarified, not_corrected, extend, consult, consulted, fee, fee_unpaid, decide:<outcome>,
# approve, send:<email|print>. The steps of one application run STEP_GAP working days apart.
SCENARIOS = {
    # closed in 2025, one per outcome group
    "2025-disclose": (date(2025, 3, 10), 0, ["receive", "decide:disclose", "approve", "send:email"]),
    "2025-partial": (
        date(2025, 5, 12),
        1,
        ["receive", "clarify", "clarified", "extend", "decide:partial", "approve", "send:print"],
    ),
    "2025-withhold": (
        date(2025, 6, 16),
        2,
        ["receive", "consult", "consulted", "decide:withhold.third_party", "approve", "send:email"],
    ),
    "2025-unavailable": (date(2025, 8, 4), 3, ["receive", "decide:unavailable.not_held", "approve", "send:email"]),
    "2025-not-handled": (date(2025, 9, 15), 4, ["receive", "decide:not_handled.repeat", "approve", "send:print"]),
    "2025-not-corrected": (date(2025, 10, 13), 5, ["receive", "clarify", "not_corrected"]),
    "2025-fee-unpaid": (date(2025, 11, 3), 2, ["receive", "fee", "fee_unpaid"]),
    # received in December 2025, closed in January 2026: carried over
    "2025-carried-withhold": (
        date(2025, 12, 15),
        6,
        ["receive", "extend", "decide:withhold.process", "approve", "send:print"],
    ),
    "2025-carried-disclose": (date(2025, 12, 22), 1, ["receive", "decide:disclose", "approve", "send:email"]),
    # closed in 2026
    "2026-partial": (date(2026, 3, 2), 4, ["receive", "decide:partial", "approve", "send:email"]),
    "2026-other": (date(2026, 4, 13), 0, ["receive", "decide:other.other", "approve", "send:print"]),
    # open, in every state, received in the last weeks
    "open-submitted": (1, 0, []),
    "open-received": (12, 3, ["receive", "extend"]),
    "open-due-soon": (17, 5, ["receive"]),
    "open-overdue": (23, 2, ["receive"]),
    "open-clarifying": (4, 1, ["receive", "clarify"]),
    "open-consulting": (8, 2, ["receive", "consult"]),
    "open-fee": (6, 6, ["receive", "fee"]),
    "open-decided": (10, 4, ["receive", "decide:unavailable.not_held"]),
    "open-approved": (11, 0, ["receive", "decide:disclose", "approve"]),
}
# 集贤县's own: one handled by 福利镇, which holds the information.
FORWARDED = {"jixian-forwarded": (9, 6, ["receive", "forward:fuli", "decide:disclose"])}


def _number(*parts):
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()
    return "YS" + str(int(digest[:12], 16) % 10**10).zfill(10)


class DemoApplications:
    def __init__(self, now=None, log=None, password=None):
        self.now = timezone.localtime(now or timezone.now())
        self.today = self.now.date()
        self.log = log
        self.accounts = DemoLetters(now, log, password)
        self.created = 0

    def build(self):
        # The applicants are made up: what the steps would mail them goes nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            return self._build()

    def _build(self):
        for key in SITES:
            profile = self._profile(key)
            scenarios = {**SCENARIOS, **(FORWARDED if key == "jixian" else {})}
            for name, (received, applicant, steps) in scenarios.items():
                self._scenario(profile, name, received, APPLICANTS[applicant], steps)
        if self.log:
            self.log(f"  依申请公开：新增 {self.created} 件示例申请")
        return self.created

    def _profile(self, key):
        if key == "portal":
            return SiteProfile.objects.select_related("root_page", "site").get(site__is_default_site=True)
        return SiteProfile.objects.select_related("root_page", "site").get(
            Q(site__hostname=f"{key}.localhost") | Q(site__hostname__startswith=f"{key}.")
        )

    def _days(self, received, steps):
        """The day of receipt and of each step."""
        if isinstance(received, int):
            received = self._working_days_ago(received)
        return received, [add_working_days(received, STEP_GAP * (k + 1)) for k in range(len(steps))]

    def _working_days_ago(self, n):
        day, counted = self.today, 0
        while counted < n:
            day -= timedelta(days=1)
            if add_working_days(day, 0) == day:
                counted += 1
        return day

    def _scenario(self, profile, name, received, applicant, steps):
        number = _number(profile.name, name)
        if Application.objects.filter(number=number).exists():
            return
        received_on, days = self._days(received, steps)
        if not isinstance(received, int) and days and days[-1] >= self.today:
            return  # a closed scenario still in the future of this build
        if isinstance(received, int):
            # open ones: each step on its day, none after yesterday
            days = [min(day, self.today) for day in days]
        kind, who, id_type, id_number, representative = applicant
        area = profile.area_name
        submitted = _moment(received_on - timedelta(days=1), 16)
        application = Application.objects.create(
            profile=profile,
            handler=profile,
            number=number,
            query_code_hash=hashlib.sha256(f"demo-{number}".encode()).hexdigest(),
            channel="registered_post" if int(number[-1]) % 3 == 0 else "online",
            applicant_kind=kind,
            name=who,
            id_type=id_type,
            id_number=id_number,
            legal_representative=representative,
            contact_name=representative,
            phone="139" + number[-8:],
            email="" if "print" in " ".join(steps) else f"applicant{number[-4:]}@example.cn",
            address=f"黑龙江省双鸭山市{area}",
            postcode="155900",
            description=REQUESTS[int(number[-3:]) % len(REQUESTS)].format(area=area),
            purpose="了解相关情况",
            medium="electronic",
            delivery="email",
            submitted_at=submitted,
        )
        event = ApplicationEvent.objects.create(application=application, action=Action.SUBMITTED)
        self._date_event(event, received_on - timedelta(days=1), 16)
        self.created += 1
        office = self.accounts.staff(profile)
        for step, day in zip(steps, days, strict=True):
            self._step(application, office, step, received_on, day)

    # The steps -----------------------------------------------------------------------------------

    def _step(self, a, office, step, received_on, day):
        name, _, arg = step.partition(":")
        a.refresh_from_db()
        unit = a.handler
        staff = office if unit == a.profile else self.accounts.staff(unit)
        if name == "receive":
            handling.confirm_receipt(a, office, {"received_on": received_on})
            self._last_event(a, received_on)
            return
        if name == "forward":
            handling.forward(a, office, {"to": self._profile(arg), "note": "该信息由该单位制作和保存。"})
        elif name == "clarify":
            self._direct(
                a,
                office,
                Action.CLARIFICATION_SENT,
                "请写明所需信息的具体项目名称和年份。",
                state=State.CLARIFYING,
                clarification_request="请写明所需信息的具体项目名称和年份。",
                clarification_sent_on=day,
                clarification_due=clock.clarification_due(day),
            )
        elif name == "clarified":
            day = min(day, a.clarification_due)
            handling.record_clarification(a, office, {"clarified_on": day, "clarification": "所需为2025年度的信息。"})
        elif name == "not_corrected":
            day = add_working_days(a.clarification_due, 1)
            handling.close_not_corrected(a, None)
            self._redate_letter(a, day, closed_on=day)
        elif name == "extend":
            self._direct(
                a,
                office,
                Action.EXTENDED,
                "延长 20 个工作日，政务公开办主任批准：需调取多个年度的档案",
                extension_days=20,
                extension_reason="需调取多个年度的档案",
                extension_approver="政务公开办主任",
                extended_on=day,
            )
        elif name == "consult":
            handling.consult(a, staff, {"third_party": "双鸭山市宏达建材有限公司"})
            Application.objects.filter(pk=a.pk).update(paused_on=day, consultation_due=clock.consultation_due(day))
        elif name == "consulted":
            paused_days = a.paused_days + clock.paused_working_days(a.paused_on, day)
            handling.end_consultation(a, staff, {"note": "第三方不同意公开其商业信息。"})
            Application.objects.filter(pk=a.pk).update(paused_days=paused_days)
        elif name == "fee":
            amount = fees.per_volume(150)
            self._direct(
                a,
                office,
                Action.FEE_NOTICE,
                f"按量计收：提供信息共 150 页（A4），收费 {amount} 元",
                state=State.FEE_PENDING,
                fee_amount=amount,
                fee_basis=f"按量计收：提供信息共 150 页（A4），收费 {amount} 元（国办函〔2020〕109号）",
                fee_notice_on=day,
                fee_due=clock.fee_due(day),
                paused_on=day,
            )
        elif name == "fee_unpaid":
            day = add_working_days(a.fee_due, 1)
            paused_days = a.paused_days + clock.paused_working_days(a.fee_notice_on, day)
            handling.close_fee_unpaid(a, None)
            self._redate_letter(a, day, closed_on=day, paused_days=paused_days)
        elif name == "decide":
            self._decide(a, staff, arg, day)
        elif name == "approve":
            handling.approve(a, self._reviewer(a))
            Application.objects.filter(pk=a.pk).update(approved_at=_moment(day, 15))
        elif name == "send":
            handling.send(a, office, {"via": arg if a.email or arg == "print" else "print"})
            Application.objects.filter(pk=a.pk).update(closed_on=day)
        self._last_event(a, day)

    def _direct(self, a, user, action, note, **fields):
        """A step that checks its day against today, written for a day in the past."""
        Application.objects.filter(pk=a.pk).update(**fields)
        ApplicationEvent.objects.create(application=a, action=action, actor=user, unit=a.handler, note=note)

    def _decide(self, a, staff, outcome, day):
        data = {"outcome": outcome, "basis": OUTCOME_BASIS.get(outcome, "经审查。")}
        if outcome in ("disclose", "partial"):
            text = f"{a.description}\n（示例文件）\n".encode()
            data["files"] = [SimpleUploadedFile("提供的信息.txt", text, content_type="text/plain; charset=utf-8")]
        if outcome == "partial":
            data["withheld"] = WITHHELD
        handling.decide(a, staff, data)
        a.refresh_from_db()
        released = list(a.files.filter(kind=ApplicationFile.Kind.RELEASED).values_list("name", flat=True))
        letter = letters.draft(a, outcome, data["basis"], data.get("withheld", ""), released, today=day)
        Application.objects.filter(pk=a.pk).update(decision_letter=letter, decided_at=_moment(day, 11))

    def _redate_letter(self, a, day, **fields):
        a.refresh_from_db()
        letter = letters.draft(a, a.outcome, a.decision_basis, today=day)
        Application.objects.filter(pk=a.pk).update(decision_letter=letter, decided_at=_moment(day, 7), **fields)
        a.files.filter(kind=ApplicationFile.Kind.LETTER).delete()
        content = ContentFile(letter.encode("utf-8"), name=f"{a.number}-gaozhishu.txt")
        ApplicationFile.objects.create(
            application=a,
            kind=ApplicationFile.Kind.LETTER,
            file=content,
            name=f"{a.number} 告知书.txt",
            content_type="text/plain; charset=utf-8",
            size=content.size,
        )

    def _reviewer(self, a):
        reviewer = self.accounts.staff(a.handler, SiteGroup.Role.FINAL_REVIEW)
        if reviewer.pk == a.decided_by_id:
            reviewer = self.accounts.staff(a.profile, SiteGroup.Role.FINAL_REVIEW)
        return reviewer

    def _last_event(self, a, day):
        event = ApplicationEvent.objects.filter(application=a).latest("pk")
        self._date_event(event, day, 10 + event.application.events.count() % 6)

    def _date_event(self, event, day, hour):
        moment = min(_moment(day, hour), self.now - timedelta(minutes=5))
        ApplicationEvent.objects.filter(pk=event.pk).update(at=moment)


def _moment(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))
