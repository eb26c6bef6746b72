"""The office's steps on an application: each one, each refusal (a clear message, nothing
changed), the 告知书 of every outcome group, review by someone else, sending, and two reviewers
racing."""

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure import handling
from disclosure.handling import HandlingError
from disclosure.models import Application, ApplicationEvent, ApplicationFile

from .handling_factories import application, at, profile_of, staff

pytestmark = pytest.mark.django_db
State = Application.State


def on(day, hour=10):
    return time_machine.travel(at(day, hour), tick=False)


def pdf(name="道路资金.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 released", content_type="application/pdf")


def unchanged(applied, events=0):
    """The row as the refused step found it: same state, no new event."""
    fresh = Application.objects.get(pk=applied.pk)
    assert fresh.state == applied.state
    assert fresh.events.count() == events
    return fresh


def refused(step, applied, user, data, match):
    events = applied.events.count()
    with pytest.raises(HandlingError, match=match):
        step(applied, user, data)
    return unchanged(applied, events)


# Receipt and forwarding ---------------------------------------------------------------------------


def test_confirm_receipt_and_its_refusals():
    office = staff("jixian")
    applied = application(submitted=date(2026, 3, 2))
    with on(date(2026, 3, 3)):
        refused(handling.confirm_receipt, applied, office, {"received_on": date(2026, 3, 4)}, "不能晚于今天")
        refused(handling.confirm_receipt, applied, office, {"received_on": date(2026, 3, 1)}, "不能早于提交日期")
        refused(handling.confirm_receipt, applied, staff("youyi"), {}, "无权办理")
        handling.confirm_receipt(applied, office)
        refused(handling.confirm_receipt, applied, office, {}, "当前状态为“办理中”")
    assert applied.received_on == date(2026, 3, 3)
    event = applied.events.get()
    assert event.action == "received" and event.actor == office and event.unit == profile_of("jixian")


def test_forward_within_the_county_keeps_the_receipt_date():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    refused(handling.forward, applied, office, {"to": profile_of("youyi"), "note": "x"}, "所辖")
    refused(handling.forward, applied, office, {"to": profile_of("jixian"), "note": "x"}, "所辖")  # already there
    refused(handling.forward, applied, office, {"to": profile_of("fuli")}, "转交理由")
    refused(handling.forward, applied, office, {"to": "999999", "note": "x"}, "所辖")
    handling.forward(applied, office, {"to": profile_of("fuli"), "note": "道路建设资金由福利镇管理"})
    assert applied.handler == profile_of("fuli") and applied.received_on == date(2026, 3, 2)
    assert applied.events.get().note == "转交集贤县福利镇人民政府办理：道路建设资金由福利镇管理"
    township = staff("fuli")
    assert handling.may_handle(township, applied) and handling.may_handle(office, applied)
    # the township hands it back to the organ, not elsewhere
    assert list(handling.forward_targets(applied)) == [profile_of("jixian")]
    handling.forward(applied, township, {"to": profile_of("jixian"), "note": "不掌握"})
    assert applied.handler == profile_of("jixian")


def test_a_stale_copy_is_refused():
    applied = application(received=date(2026, 3, 2))
    stale = Application.objects.get(pk=applied.pk)
    office = staff("jixian")
    handling.consult(applied, office, {"third_party": "某公司"})
    with pytest.raises(HandlingError, match="已被他人处理"):
        handling.forward(stale, office, {"to": profile_of("fuli"), "note": "x"})


# 补正 ---------------------------------------------------------------------------------------------


def test_clarification_is_asked_once_and_mailed():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    with on(date(2026, 3, 3)):
        refused(handling.ask_clarification, applied, office, {"request": "  "}, "需要补正的事项")
        handling.ask_clarification(applied, office, {"request": "请写明道路名称。"})
        (sent,) = mail.outbox
        assert sent.to == ["wang@example.cn"] and "请写明道路名称" in sent.body and "2026-03-24" in sent.body
        handling.record_clarification(applied, office, {"clarification": "福利镇至集贤镇道路"})
        refused(handling.ask_clarification, applied, office, {"request": "再补"}, "只能一次性告知")


def test_no_mail_without_an_address():
    applied = application(received=date(2026, 3, 2), email="")
    with on(date(2026, 3, 3)):
        handling.ask_clarification(applied, staff("jixian"), {"request": "请写明年份。"})
    assert mail.outbox == []


def test_the_correction_must_arrive_in_time_and_say_something():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    with on(date(2026, 3, 3)):
        handling.ask_clarification(applied, office, {"request": "请写明年份。"})
    with on(date(2026, 3, 10)):
        refused(handling.record_clarification, applied, office, {}, "补正内容")
        refused(
            handling.record_clarification,
            applied,
            office,
            {"clarification": "2025年", "clarified_on": date(2026, 3, 2)},
            "收到补正之日不能早于补正告知日期",
        )
    with on(date(2026, 3, 25)):
        refused(handling.record_clarification, applied, office, {"clarification": "2025年"}, "2026年3月24日")


def test_not_corrected_closes_after_the_period_with_its_letter():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    with on(date(2026, 3, 3)):
        handling.ask_clarification(applied, office, {"request": "请写明年份。"})
    with on(date(2026, 3, 24)):
        refused(handling.close_not_corrected, applied, office, {}, "尚未届满")
    mail.outbox.clear()
    with on(date(2026, 3, 25)):
        handling.close_not_corrected(applied, office)
    assert applied.state == State.CLOSED and applied.closed_on == date(2026, 3, 25)
    assert applied.outcome == "other.not_corrected"
    assert "第三十条" in applied.decision_letter and "行政复议" in applied.decision_letter
    assert applied.files.get(kind="letter").size > 0
    assert mail.outbox[0].body.count("王小明") >= 1


# Extension and consultation ------------------------------------------------------------------


def test_extension_refusals_then_once():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))  # due 2026-03-30
    good = {"days": 10, "reason": "涉及档案较多", "approver": "张主任"}
    with on(date(2026, 3, 10)):
        for days in (0, 21, "x"):
            refused(handling.extend, applied, office, {**good, "days": days}, "1 至 20 个工作日")
        refused(handling.extend, applied, office, {**good, "reason": ""}, "延期理由")
        refused(handling.extend, applied, office, {**good, "approver": ""}, "批准人")
        handling.extend(applied, office, good)
        refused(handling.extend, applied, office, good, "不能再次延长")
    assert "延长 10 个工作日" in mail.outbox[0].body and "张主任" in mail.outbox[0].body
    late = application(received=date(2026, 3, 2))
    with on(date(2026, 3, 31)):
        refused(handling.extend, late, office, good, "已于 2026-03-30 届满")


def test_no_extension_while_awaiting_the_correction():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    with on(date(2026, 3, 3)):
        handling.ask_clarification(applied, office, {"request": "请写明年份。"})
        refused(handling.extend, applied, office, {"days": 5, "reason": "r", "approver": "a"}, "不能进行此操作")


def test_consultation_needs_the_third_party():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    refused(handling.consult, applied, office, {"third_party": ""}, "第三方名称")
    refused(handling.end_consultation, applied, office, {}, "不能进行此操作")


# Deciding, reviewing, sending ------------------------------------------------------------------


def test_decision_refusals_change_nothing():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    refused(handling.decide, applied, office, {"basis": "x"}, "请选择办理结果")
    refused(handling.decide, applied, office, {"outcome": "withhold", "basis": "x"}, "请选择办理结果")  # not a leaf
    refused(handling.decide, applied, office, {"outcome": "other.not_corrected", "basis": "x"}, "请选择办理结果")
    refused(handling.decide, applied, office, {"outcome": "withhold.state_secret"}, "理由和依据")
    refused(handling.decide, applied, office, {"outcome": "disclose", "basis": "可以公开"}, "请上传")
    refused(handling.decide, applied, office, {"outcome": "partial", "basis": "部分", "files": [pdf()]}, "不予公开部分")
    assert not ApplicationFile.objects.filter(application=applied).exists()
    refused(handling.approve, applied, staff("jixian", "final_review"), {}, "不能进行此操作")


LETTERS = [
    # outcome, article cited, words of the group's template
    ("disclose", "第三十六条第（二）项", "予以公开"),
    ("partial", "第三十七条", "不予公开的内容，理由和依据如下：涉及个人隐私"),
    ("withhold.third_party", "第十五条", "决定不予公开"),
    ("withhold.process", "第十六条第二款", "属于四类过程性信息"),
    ("unavailable.not_held", "第三十六条第（四）项", "无法向您提供"),
    ("not_handled.repeat", "第三十六条第（六）项", "不予处理"),
    ("other.other", "第三十六条", "作如下处理：已通过其他途径答复"),
]


@pytest.mark.parametrize(("outcome", "article", "words"), LETTERS)
def test_every_outcome_group_has_its_letter(outcome, article, words):
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    data = {"outcome": outcome, "basis": "已通过其他途径答复" if outcome == "other.other" else "经审查"}
    if outcome in ("disclose", "partial"):
        data["files"] = [pdf()]
    if outcome == "partial":
        data["withheld"] = "涉及个人隐私"
    with on(date(2026, 3, 20)):
        handling.decide(applied, office, data)
    letter = applied.decision_letter
    assert applied.state == State.DECIDED and applied.decided_by == office
    for text in ("王小明", applied.number, "2026年3月2日", f"《中华人民共和国政府信息公开条例》{article}", words):
        assert text in letter, text
    assert "可以自收到本告知书之日起六十日内依法申请行政复议" in letter and "提起行政诉讼" in letter
    assert letter.rstrip().endswith("2026年3月20日") and "集贤县人民政府" in letter
    if outcome in ("disclose", "partial"):
        assert "1. 道路资金.pdf" in letter


def test_review_by_someone_else_then_send_by_mail_with_the_files():
    office = staff("jixian")
    reviewer = staff("jixian", "final_review")
    applied = application(received=date(2026, 3, 2))
    handling.decide(applied, office, {"outcome": "disclose", "basis": "可以公开", "files": [pdf(), pdf("附表.pdf")]})
    handling.edit_letter(applied, office, {"letter": "告知书正文\r\n王小明"})
    assert applied.decision_letter == "告知书正文\n王小明\n"
    refused(handling.approve, applied, office, {}, "终审")
    decider = staff("jixian", "final_review")
    Application.objects.filter(pk=applied.pk).update(decided_by=decider)
    applied.decided_by = decider
    refused(handling.approve, applied, decider, {}, "拟定人以外")
    refused(handling.approve, applied, staff("youyi", "final_review"), {}, "终审")
    refused(handling.send_back, applied, reviewer, {"note": ""}, "退回修改的意见")
    handling.send_back(applied, reviewer, {"note": "请补充获取方式"})
    assert applied.state == State.RECEIVED
    handling.decide(applied, office, {"outcome": "disclose", "basis": "可以公开", "remove": [applied.files.first().pk]})
    assert list(applied.files.values_list("name", flat=True)) == ["附表.pdf"]
    handling.approve(applied, reviewer)
    assert applied.state == State.APPROVED and applied.approved_by == reviewer
    refused(handling.send, applied, office, {"via": "fax"}, "送达方式")
    with on(date(2026, 3, 25)):
        handling.send(applied, office, {"via": "email"})
    assert applied.state == State.CLOSED and applied.closed_on == date(2026, 3, 25) and applied.sent_via == "email"
    (sent,) = mail.outbox
    assert [name for name, _content, _type in sent.attachments] == ["附表.pdf"]
    assert "予以公开" in sent.body
    kept = applied.files.get(kind="letter")
    assert kept.file.read().decode() == applied.decision_letter
    assert list(applied.events.order_by("pk").values_list("action", flat=True)) == [
        "decided",
        "decided",
        "sent_back",
        "decided",
        "approved",
        "sent",
    ]


def test_city_staff_review_and_printing_needs_no_address():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2), email="")
    handling.decide(applied, office, {"outcome": "unavailable.not_held", "basis": "经检索不存在"})
    handling.approve(applied, staff("portal"))
    refused(handling.send, applied, office, {"via": "email"}, "未留电子邮箱")
    handling.send(applied, office, {"via": "print"})
    assert applied.sent_via == "print" and mail.outbox == []


def test_fee_unpaid_closes_after_the_period():
    from django.test import override_settings

    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    with override_settings(DISCLOSURE_FEES_CHARGED={"jixian.localhost": True}):
        with on(date(2026, 3, 4)):
            handling.fee_notice(applied, office, {"method": "volume", "pages": 40})
        with on(date(2026, 4, 1)):
            refused(handling.close_fee_unpaid, applied, office, {}, "尚未届满")
        with on(date(2026, 4, 2)):
            refused(handling.fee_paid, applied, office, {}, "缴费期限已于 2026-04-01 届满")
            handling.close_fee_unpaid(applied, office)
    assert applied.outcome == "other.fee_unpaid" and applied.state == State.CLOSED
    assert "第四十二条" in applied.decision_letter and "100.00元" in applied.decision_letter
    assert applied.paused_on is None and applied.paused_days == 21  # 3月5日 to 4月2日


def test_allowed_actions_follow_state_and_role():
    office = staff("jixian")
    applied = application(received=date(2026, 3, 2))
    with on(date(2026, 3, 3)):
        assert handling.allowed_actions(applied, office) == [
            "decide",
            "forward",
            "ask_clarification",
            "consult",
            "extend",
        ]
        assert handling.allowed_actions(applied, staff("youyi")) == []
        handling.decide(applied, office, {"outcome": "not_handled.petition", "basis": "属信访事项"})
        assert handling.allowed_actions(applied, office) == ["extend", "edit_letter"]
        reviewer = staff("jixian", "final_review")
        assert handling.allowed_actions(applied, reviewer) == ["extend", "edit_letter", "approve", "send_back"]
    with on(date(2026, 3, 31)):
        assert handling.allowed_actions(applied, office) == ["edit_letter"]  # too late to extend


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_racing_to_approve_approve_once():
    import threading

    from django.db import connection
    from wagtail.models import Site

    from tests.conftest import build_base_cluster, ensure_wagtail_roots

    ensure_wagtail_roots()
    if not Site.objects.filter(hostname="jixian.localhost").exists():
        build_base_cluster()  # a transactional test may start from a flushed database
    applied = application(received=date(2026, 3, 2))
    handling.decide(applied, staff("jixian"), {"outcome": "withhold.internal", "basis": "内部事务信息"})
    users = [staff("jixian", "final_review"), staff("portal")]
    results, barrier = [], threading.Barrier(2)

    def run(user):
        mine = Application.objects.get(pk=applied.pk)
        barrier.wait()
        try:
            handling.approve(mine, user)
            results.append("ok")
        except HandlingError as error:
            results.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "该申请已被他人处理（当前状态：告知书待送达）。"]
    assert ApplicationEvent.objects.filter(application=applied, action="approved").count() == 1
