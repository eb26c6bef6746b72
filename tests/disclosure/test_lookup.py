"""依申请公开查询: number and code open an application of this site only; wrong codes get one
generic message and are limited per address; the 补正 is submitted once, within its period; the
closed outcome, its 告知书 and its files are shown, the files downloadable only in the session
that looked the application up."""

import threading
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from wagtail.models import Site

from disclosure import clock, intake
from disclosure.models import Application, ApplicationEvent, ApplicationFile
from tests.conftest import build_base_cluster

from .conftest import cleaned, pdf, png
from .factories import application, attach

URL = "/disclosure/lookup/"
HOST = "jixian.localhost"
WRONG = "申请编号或查询码不正确"
CODE = "ABCD2345"


def look(client, number, code=CODE, host=HOST, remote_addr="10.2.0.1", **extra):
    return client.post(URL, {"number": number, "code": code, **extra}, HTTP_HOST=host, REMOTE_ADDR=remote_addr)


@pytest.fixture
def submitted(profiles):
    application_, code = intake.receive_application(profiles["jixian"], cleaned(), remote_addr="10.0.0.1")
    return application_, code


def clarifying(profile, **extra):
    """An application received on 2026-02-02 and asked on 2026-02-04 to clarify by 2026-03-04."""
    fields = {
        "received": date(2026, 2, 2),
        "state": Application.State.CLARIFYING,
        "clarification_sent_on": date(2026, 2, 4),
        "clarification_request": "请写明所需文件的年份和发文机关。",
        "clarification_due": date(2026, 3, 4),
        "code": CODE,
    }
    return application(profile, **{**fields, **extra})


def test_the_lookup_form_is_on_every_hostname(client, db):
    for host in ("localhost", HOST, "fuli.jixian.localhost"):
        html = client.get(URL, HTTP_HOST=host).content.decode()
        assert "依申请公开查询" in html and 'name="number"' in html and 'name="code"' in html


def test_a_submitted_application_shows_its_state_and_dates_but_no_personal_data(client, submitted):
    application_, code = submitted
    response = look(client, application_.number, code.lower())
    html = response.content.decode()
    assert response.status_code == 200
    assert application_.number in html and "待确认收到" in html and "集贤县人民政府" in html
    assert "待双方确认后确定（第三十一条）" in html and "工作人员确认后即为收到申请之日" in html
    for private in ("王建国", "11010519491231002X", "13912345678", "wang@example.com", "福利镇中心街8号"):
        assert private not in html


def test_a_received_application_shows_its_answer_date_and_why(client, profiles):
    made = application(profiles["jixian"], received=date(2026, 2, 10), channel="in_person", code=CODE)
    html = look(client, made.number).content.decode()
    # 20 working days from 2月10日 across 春节 (2月15日–23日 off, 2月14日 and 2月28日 worked)
    assert "办理中" in html and "第三十一条第一项" in html and "第三十三条" in html
    due = clock.answer_due(made)
    assert due > date(2026, 3, 9) and f"{due.year}年{due.month}月{due.day}日" in html


def test_a_wrong_code_and_an_unknown_number_get_the_same_message(client, submitted):
    application_, _code = submitted
    wrong = look(client, application_.number, "AAAAAAAA")
    unknown = look(client, "YS202601010001", "AAAAAAAA")
    assert wrong.status_code == unknown.status_code == 400
    assert WRONG in wrong.content.decode() and WRONG in unknown.content.decode()
    assert "待确认收到" not in wrong.content.decode()


def test_another_sites_application_is_not_found_here(client, profiles):
    made = application(profiles["youyi"], code=CODE)
    assert WRONG in look(client, made.number).content.decode()
    assert look(client, made.number, host="youyi.localhost").status_code == 200


def test_guessing_codes_is_limited_per_address(client, submitted, settings):
    settings.INTERACTION_LOOKUP_ATTEMPTS = 3
    application_, code = submitted
    for guess in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC"):
        assert look(client, application_.number, guess).status_code == 400
    blocked = look(client, application_.number, code)
    assert blocked.status_code == 429 and "查询次数过多，请10分钟后再试。" in blocked.content.decode()
    assert "待确认收到" not in blocked.content.decode()
    assert look(client, application_.number, code, remote_addr="10.2.0.2").status_code == 200


# 补正 -----------------------------------------------------------------------------------------


@time_machine.travel(date(2026, 2, 26), tick=False)
def test_the_applicant_submits_the_clarification_once(client, profiles, private_media):
    made = clarifying(profiles["jixian"])
    html = look(client, made.number).content.decode()
    assert "请写明所需文件的年份和发文机关。" in html and "2026年3月4日" in html and "提交补正" in html

    text = "2025年集贤县人民政府办公室印发的道路改造工程立项批复。"
    response = look(client, made.number, action="clarify", text=text, attachments=[png()])
    assert response.status_code == 200 and "补正已提交" in response.content.decode()
    made.refresh_from_db()
    assert made.state == Application.State.RECEIVED and made.clarified_on == date(2026, 2, 26)
    assert made.clarification == text
    event = made.events.get(action=ApplicationEvent.Action.CLARIFIED)
    assert event.actor is None and event.unit == profiles["jixian"]
    assert made.files.get().kind == ApplicationFile.Kind.APPLICANT
    assert "收到补正之日" in response.content.decode()

    again = look(client, made.number, action="clarify", text="再补充一点。")
    assert again.status_code == 400 and "补正只能提交一次" in again.content.decode()
    made.refresh_from_db()
    assert made.clarification == text and made.events.filter(action="clarified").count() == 1


@time_machine.travel(date(2026, 3, 5), tick=False)
def test_a_clarification_after_its_due_date_is_refused(client, profiles):
    made = clarifying(profiles["jixian"])
    response = look(client, made.number, action="clarify", text="补正内容。")
    assert response.status_code == 400
    assert "补正期限已过（2026年3月4日）" in response.content.decode()
    made.refresh_from_db()
    assert made.state == Application.State.CLARIFYING and made.clarified_on is None and made.clarification == ""


@time_machine.travel(date(2026, 3, 4), tick=False)
def test_the_last_day_of_the_period_still_counts(profiles):
    made = clarifying(profiles["jixian"])
    assert intake.receive_clarification(made, "补正内容。").clarified_on == date(2026, 3, 4)


@time_machine.travel(date(2026, 2, 26), tick=False)
def test_a_clarification_needs_text_a_wrong_code_and_a_state_that_awaits_it(client, profiles, settings):
    made = clarifying(profiles["jixian"])
    empty = look(client, made.number, action="clarify", text="  ")
    assert empty.status_code == 400 and "请填写补正内容。" in empty.content.decode()
    long = look(client, made.number, action="clarify", text="补" * (settings.DISCLOSURE_DESCRIPTION_MAX + 1))
    assert "补正内容不能超过2000字" in long.content.decode()
    forged = look(client, made.number, "AAAAAAAA", action="clarify", text="补正内容。")
    assert forged.status_code == 400 and WRONG in forged.content.decode()
    received = application(profiles["jixian"], received=date(2026, 2, 2), code=CODE)
    with pytest.raises(intake.RefusedAction, match="当前不需要补正"):
        intake.receive_clarification(received, "补正内容。")
    made.refresh_from_db()
    assert made.state == Application.State.CLARIFYING and not made.events.exists()


@pytest.mark.django_db(transaction=True)
def test_two_clarifications_at_once_land_once():
    build_base_cluster()
    profile = Site.objects.get(hostname=HOST).profile
    made = clarifying(profile, clarification_due=date(2099, 1, 1))
    results, barrier = [], threading.Barrier(2)

    def submit(i):
        try:
            barrier.wait()
            intake.receive_clarification(made, f"补正{i}")
            results.append("ok")
        except intake.RefusedAction:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert made.events.filter(action="clarified").count() == 1


# The outcome and its files --------------------------------------------------------------------


def closed(profile, **extra):
    made = application(
        profile,
        received=date(2026, 2, 2),
        closed_on=date(2026, 3, 2),
        outcome="partial",
        decision_letter="经审查，您申请的信息部分公开，现将可以公开的部分提供给您。",
        code=CODE,
        **extra,
    )
    released = attach(made, ApplicationFile.Kind.RELEASED, "立项批复.pdf", b"%PDF-1.4 released")
    letter = attach(made, ApplicationFile.Kind.LETTER, "告知书.pdf", b"%PDF-1.4 letter")
    own = attach(made, ApplicationFile.Kind.APPLICANT, "身份证.pdf", b"%PDF-1.4 applicant")
    return made, released, letter, own


def test_the_closed_outcome_is_shown_and_its_first_reading_logged(client, profiles):
    made, released, letter, own = closed(profiles["jixian"])
    html = look(client, made.number).content.decode()
    assert "已办结" in html and "部分公开" in html and "现将可以公开的部分提供给您" in html
    assert "立项批复.pdf" in html and "告知书.pdf" in html and "身份证.pdf" not in html
    look(client, made.number)
    assert made.events.filter(action=ApplicationEvent.Action.VIEWED).count() == 1


def test_an_open_application_logs_no_reading(client, submitted):
    application_, code = submitted
    look(client, application_.number, code)
    assert not application_.events.filter(action=ApplicationEvent.Action.VIEWED).exists()


def test_files_are_downloadable_only_after_the_lookup_in_that_session(client, profiles, private_media):
    made, released, letter, own = closed(profiles["jixian"])
    url = f"/disclosure/lookup/files/{released.pk}/"
    assert client.get(url, HTTP_HOST=HOST).status_code == 404  # not looked up yet
    look(client, made.number)
    response = client.get(url, HTTP_HOST=HOST)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 released"
    assert client.get(f"/disclosure/lookup/files/{letter.pk}/", HTTP_HOST=HOST).status_code == 200
    # the applicant's own papers are never served here; nor on another hostname; nor to another session
    assert client.get(f"/disclosure/lookup/files/{own.pk}/", HTTP_HOST=HOST).status_code == 404
    assert client.get(url, HTTP_HOST="youyi.localhost").status_code == 404
    assert Client().get(url, HTTP_HOST=HOST).status_code == 404


def test_a_lookup_opens_its_own_files_only(client, profiles, private_media):
    made, released, _letter, _own = closed(profiles["jixian"])
    other, other_file, _l, _o = closed(profiles["jixian"])
    look(client, made.number)
    assert client.get(f"/disclosure/lookup/files/{released.pk}/", HTTP_HOST=HOST).status_code == 200
    assert client.get(f"/disclosure/lookup/files/{other_file.pk}/", HTTP_HOST=HOST).status_code == 404
    assert client.get("/disclosure/lookup/files/99999999/", HTTP_HOST=HOST).status_code == 404


def test_files_of_an_application_not_closed_are_not_served(client, profiles, private_media):
    made = application(profiles["jixian"], received=date(2026, 2, 2), state=Application.State.APPROVED, code=CODE)
    draft = attach(made, ApplicationFile.Kind.RELEASED)
    html = look(client, made.number).content.decode()
    assert "告知书待送达" in html and draft.name not in html
    assert client.get(f"/disclosure/lookup/files/{draft.pk}/", HTTP_HOST=HOST).status_code == 404


def test_the_receipt_files_are_not_mixed_with_the_form(client, submitted):
    application_, code = submitted
    html = look(client, application_.number, code, attachments=[pdf()]).content.decode()
    assert "待确认收到" in html and not application_.files.exists()
