"""The admin's 依申请公开: confinement of the inbox, the application's page, its actions, files
and 告知书; the applicant's data only on the explicit, logged step; filters and badges; a fixed
number of queries."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import SecurityEvent
from disclosure import handling
from disclosure.models import Application, ApplicationFile

from .handling_factories import application, at, profile_of, staff

pytestmark = pytest.mark.django_db


def inbox(client, user, **query):
    client.force_login(user)
    return client.get(reverse("disclosure_admin:index"), query)


def detail(client, user, applied):
    client.force_login(user)
    return client.get(reverse("disclosure_admin:detail", args=[applied.pk]))


def act(client, user, applied, action, data=None, **extra):
    client.force_login(user)
    return client.post(reverse("disclosure_admin:action", args=[applied.pk, action]), data or {}, **extra)


def pii_logs():
    return list(
        SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERSONAL_DATA)
        .order_by("pk")
        .values_list("detail", flat=True)
    )


def test_each_unit_sees_its_own_and_what_was_forwarded_to_it(client):
    own = application("jixian")
    forwarded = application("jixian", received=date(2026, 3, 2))
    other = application("youyi")
    office = staff("jixian")
    handling.forward(forwarded, office, {"to": profile_of("fuli"), "note": "由镇政府掌握"})
    text = inbox(client, office).content.decode()
    assert own.number in text and forwarded.number in text and other.number not in text
    text = inbox(client, staff("fuli")).content.decode()
    assert forwarded.number in text and own.number not in text and other.number not in text
    text = inbox(client, staff("portal")).content.decode()
    assert own.number in text and other.number in text
    assert detail(client, office, other).status_code == 404
    assert act(client, office, other, "confirm_receipt").status_code == 404
    assert Application.objects.get(pk=other.pk).state == "submitted"


def test_the_applicant_is_shown_only_on_the_logged_step(client):
    applied = application("jixian", received=date(2026, 3, 2))
    office = staff("jixian")
    page = detail(client, office, applied).content.decode()
    assert "王小明" not in page and "230521198001011234" not in page and "13900000000" not in page
    assert "查看申请人信息" in page and pii_logs() == []
    shown = act(client, office, applied, "applicant").content.decode()
    assert "王小明" in shown and "230521198001011234" in shown and "13900000000" in shown
    assert pii_logs() == [f"依申请公开 {applied.number}：查看申请人信息"]
    # the county oversees its township but does not handle what the township was asked
    township = application("fuli")
    assert detail(client, office, township).status_code == 200
    refused = act(client, office, township, "applicant")
    assert refused.status_code in (302, 403) and "王小明" not in refused.content.decode()
    assert len(pii_logs()) == 1
    assert "查看申请人信息</button>" not in detail(client, office, township).content.decode()


def test_a_step_through_the_page_and_a_refusal_keeps_the_input(client):
    applied = application("jixian", received=date(2026, 3, 2))
    office = staff("jixian")
    with time_machine.travel(at(date(2026, 3, 10)), tick=False):
        response = act(
            client, office, applied, "extend", {"state": "received", "extend-days": "25", "extend-reason": "档案多"}
        )
        text = response.content.decode()
        assert response.status_code == 400 and "档案多" in text and "请按提示修改后再提交" in text
        response = act(
            client,
            office,
            applied,
            "extend",
            {"state": "received", "extend-days": "5", "extend-reason": "档案多", "extend-approver": "张主任"},
        )
        assert response.status_code == 302
    applied.refresh_from_db()
    assert applied.extension_days == 5
    # a step posted on a state seen before someone else moved it
    response = act(client, office, applied, "consult", {"state": "submitted", "consult-third_party": "某公司"})
    assert response.status_code == 400 and "已被他人处理" in response.content.decode()
    # a unit outside the county cannot post a step
    assert act(client, staff("youyi"), applied, "consult", {"consult-third_party": "x"}).status_code == 404


def test_decide_with_a_file_then_print_and_download_are_logged(client):
    applied = application("jixian", received=date(2026, 3, 2))
    office = staff("jixian")
    upload = ContentFile(b"%PDF-1.4 x", name="资金表.pdf")
    response = act(
        client,
        office,
        applied,
        "decide",
        {"state": "received", "decide-outcome": "disclose", "decide-basis": "可以公开", "decide-files": [upload]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    applied.refresh_from_db()
    assert applied.state == "decided"
    page = detail(client, office, applied).content.decode()
    assert "政府信息公开申请答复告知书" in page and "王小明" not in page  # the letter is masked here
    kept = applied.files.get()
    client.force_login(office)
    printed = client.get(reverse("disclosure_admin:letter", args=[applied.pk]))
    assert (
        printed.status_code == 200 and "王小明" in printed.content.decode() and "size: A4" in printed.content.decode()
    )
    download = client.get(reverse("disclosure_admin:file", args=[applied.pk, kept.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
    assert pii_logs() == [
        f"依申请公开 {applied.number}：打印告知书",
        f"依申请公开 {applied.number}：下载文件“资金表.pdf”",
    ]
    # another application's file under this one's id
    other = application("youyi")
    foreign = ApplicationFile.objects.create(
        application=other,
        kind="applicant",
        file=ContentFile(b"x", name="x.pdf"),
        name="x.pdf",
        content_type="x",
        size=1,
    )
    assert client.get(reverse("disclosure_admin:file", args=[applied.pk, foreign.pk])).status_code == 404
    assert client.get(reverse("disclosure_admin:file", args=[other.pk, foreign.pk])).status_code == 404


def test_filters_and_badges(client):
    office = staff("jixian")
    late = application(received=date(2026, 2, 2))  # due 2026-03-06 (春节 in between)
    soon = application(received=date(2026, 3, 2))  # due 2026-03-30
    later = application(received=date(2026, 3, 20))  # due 2026-04-20
    waiting = application()
    paused = application(received=date(2026, 2, 2), state="consulting", consultation_due=date(2026, 3, 20))
    with time_machine.travel(at(date(2026, 3, 24)), tick=False):
        text = inbox(client, office).content.decode()
        assert "逾期 12 个工作日" in text and "剩 4 个工作日" in text and "剩 18 个工作日" in text
        assert "待确认收到" in text and "计时暂停，征求第三方意见" in text
        overdue = inbox(client, office, due="overdue").content.decode()
        due_soon = inbox(client, office, due="soon").content.decode()
        submitted = inbox(client, office, state="submitted").content.decode()
    assert late.number in overdue and all(a.number not in overdue for a in (soon, later, waiting, paused))
    assert soon.number in due_soon and all(a.number not in due_soon for a in (late, later, waiting, paused))
    assert waiting.number in submitted and soon.number not in submitted
    # another county's site id in the filter is ignored, not obeyed
    text = inbox(client, office, site=profile_of("youyi").pk).content.decode()
    assert late.number in text


def test_the_inbox_costs_the_same_queries_for_few_and_many(client):
    office = staff("jixian")
    client.force_login(office)
    url = reverse("disclosure_admin:index")
    first = date(2026, 3, 31)
    for k in range(3):
        application(submitted=first - timedelta(days=k), received=first - timedelta(days=k))
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # newest-first: each one made later was submitted earlier, some forwarded, some paused
    for k in range(3, 33):
        day = first - timedelta(days=k)
        applied = application(submitted=day, received=day)
        if k % 3 == 0:
            handling.forward(applied, office, {"to": profile_of("fuli"), "note": "转镇"})
        if k % 5 == 0:
            handling.consult(applied, office, {"third_party": "某公司"})
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("disclosure/") >= 30
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    with CaptureQueriesContext(connection) as filtered:
        client.get(url, {"due": "overdue"})
    assert len(filtered) == len(few) + 2  # the running applications' dates and their calendar


def test_the_letter_is_edited_once_the_applicant_is_shown_and_approved_by_another(client):
    applied = application("jixian", received=date(2026, 3, 2))
    office = staff("jixian")
    handling.decide(applied, office, {"outcome": "withhold.internal", "basis": "内部事务信息"})
    page = detail(client, office, applied).content.decode()
    assert 'name="edit_letter-letter"' not in page and "＊＊＊：" in page
    shown = act(client, office, applied, "applicant").content.decode()
    assert 'name="edit_letter-letter"' in shown and "王小明：" in shown
    response = act(client, office, applied, "edit_letter", {"state": "decided", "edit_letter-letter": ""})
    assert response.status_code == 400 and "请填写告知书内容" in response.content.decode()
    response = act(client, office, applied, "edit_letter", {"state": "decided", "edit_letter-letter": "王小明：改后"})
    assert response.status_code == 302
    assert act(client, office, applied, "approve", {"state": "decided"}).status_code == 400
    reviewer = staff("jixian", "final_review")
    assert act(client, reviewer, applied, "approve", {"state": "decided"}).status_code == 302
    applied.refresh_from_db()
    assert applied.state == "approved" and applied.decision_letter == "王小明：改后\n"
    # the county's staff oversee a township's application but neither print nor download it
    township = application("fuli", received=date(2026, 3, 2), decision_letter="告知书")
    client.force_login(office)
    assert client.get(reverse("disclosure_admin:letter", args=[township.pk])).status_code in (302, 403)
