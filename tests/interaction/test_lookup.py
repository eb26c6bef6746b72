"""信件查询: number and code open a letter of this site only; wrong codes are one generic message
and limited per address; after the reply, one rating and one request for a second handling."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from interaction import intake
from interaction.models import Letter, LetterEvent
from sites.models import SiteProfile

from .residents import mailbox_of, receive

HOST = "jixian.localhost"
WRONG = "编号或查询码不正确"


@pytest.fixture
def letter(sites):
    return receive(mailbox_of(sites["jixian"]), email="wang@example.com")


def answer(letter, reply="路灯已于9月5日修复。", unit_host="fuli.jixian.localhost"):
    now = timezone.now()
    letter.state = Letter.State.ANSWERED
    letter.accepted_at = now - timedelta(days=3)
    letter.reply_due = timezone.localdate() + timedelta(days=4)
    letter.reply = reply
    letter.reply_unit = SiteProfile.objects.get(site__hostname=unit_host)
    letter.replied_at = now
    letter.save()
    return letter


def look(client, number, code, host=HOST, remote_addr="10.2.0.1", **extra):
    return client.post(
        "/letters/lookup/", {"number": number, "code": code, **extra}, HTTP_HOST=host, REMOTE_ADDR=remote_addr
    )


def test_the_lookup_form_is_on_every_hostname(client, db):
    for host in ("localhost", HOST, "fuli.jixian.localhost"):
        html = client.get("/letters/lookup/", HTTP_HOST=host).content.decode()
        assert "信件编号" in html and "查询码" in html


def test_a_received_letter_shows_its_state_and_deadline_but_no_personal_data(client, letter):
    letter, code = letter
    response = look(client, letter.number, code.lower())  # a code typed in lower case still opens
    html = response.content.decode()
    assert response.status_code == 200
    assert "待受理" in html and "尚未受理" in html and letter.accept_due.strftime("%Y年%-m月%-d日") in html
    for personal in ("王建国", "13912345678", "wang@example.com"):
        assert personal not in html
    assert "提交评价" not in html


def test_an_answered_letter_shows_the_reply_its_unit_and_dates(client, letter):
    letter, code = letter
    answer(letter)
    html = look(client, f" {letter.number} ", f" {code[:4]} {code[4:]} ").content.decode()
    assert "已答复" in html and "路灯已于9月5日修复。" in html
    assert "集贤县福利镇人民政府" in html and timezone.localdate().strftime("%Y年%-m月%-d日") in html
    assert "提交评价" in html and "申请二次办理" not in html
    assert "王建国" not in html and "13912345678" not in html


def test_a_wrong_code_and_an_unknown_number_get_the_same_message(client, letter):
    letter, code = letter
    wrong = look(client, letter.number, "ABCDEFGH")
    unknown = look(client, "20990101" + "9999", code)
    empty_code = look(client, letter.number, code[:7])
    for response in (wrong, unknown, empty_code):
        assert response.status_code == 400
        html = response.content.decode()
        assert WRONG in html and letter.title not in html


def test_another_sites_letter_is_not_found_here(client, sites):
    youyi_letter, code = receive(mailbox_of(sites["youyi"], "interaction/consultation"))
    for host in (HOST, "localhost", "fuli.jixian.localhost"):
        html = look(client, youyi_letter.number, code, host=host).content.decode()
        assert WRONG in html and youyi_letter.title not in html, host
    assert "待受理" in look(client, youyi_letter.number, code, host="youyi.localhost").content.decode()


def test_a_query_code_of_another_letter_does_not_open_this_one(client, sites, letter):
    letter, _code = letter
    _other, other_code = receive(mailbox_of(sites["jixian"]), phone="13800000000")
    assert WRONG in look(client, letter.number, other_code).content.decode()


def test_guessing_codes_is_limited_per_address(client, letter, settings):
    settings.INTERACTION_LOOKUP_ATTEMPTS = 3
    letter, code = letter
    for guess in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC"):
        assert look(client, letter.number, guess).status_code == 400
    blocked = look(client, letter.number, code)
    assert blocked.status_code == 429 and "查询次数过多，请10分钟后再试。" in blocked.content.decode()
    assert "待受理" not in blocked.content.decode()
    assert look(client, letter.number, code, remote_addr="10.2.0.2").status_code == 200


def test_successful_lookups_do_not_count_as_attempts(client, letter, settings):
    settings.INTERACTION_LOOKUP_ATTEMPTS = 2
    letter, code = letter
    for _ in range(5):
        assert look(client, letter.number, code).status_code == 200


def test_a_resident_rates_the_reply_once(client, letter):
    letter, code = letter
    answer(letter)
    html = look(client, letter.number, code, action="rate", rating="satisfied").content.decode()
    assert "感谢您的评价。" in html and "您的评价：满意" in html and "提交评价" not in html
    letter.refresh_from_db()
    assert letter.rating == "satisfied" and letter.rated_at
    again = look(client, letter.number, code, action="rate", rating="unsatisfied", reason="不行")
    assert "每封信只能评价一次" in again.content.decode()
    letter.refresh_from_db()
    assert letter.rating == "satisfied"
    assert list(letter.events.filter(action=LetterEvent.Action.RATED).values_list("note", flat=True)) == ["满意"]


def test_unsatisfied_needs_a_reason(client, letter):
    letter, code = letter
    answer(letter)
    html = look(client, letter.number, code, action="rate", rating="unsatisfied", reason="  ").content.decode()
    assert "选择“不满意”时请填写理由。" in html
    letter.refresh_from_db()
    assert letter.rating == "" and not letter.events.filter(action=LetterEvent.Action.RATED).exists()


def test_a_rating_needs_the_right_code_and_an_answered_letter(client, letter):
    letter, code = letter
    assert WRONG in look(client, letter.number, "ZZZZZZZZ", action="rate", rating="satisfied").content.decode()
    html = look(client, letter.number, code, action="rate", rating="satisfied").content.decode()
    assert "信件答复后才能评价。" in html
    letter.refresh_from_db()
    assert letter.rating == ""
    with pytest.raises(intake.RefusedAction):
        intake.rate(letter, "excellent")


def test_an_unsatisfied_resident_asks_once_for_a_second_handling(client, letter):
    letter, code = letter
    answer(letter, reply="经查，路灯属于供电公司管理。")
    look(client, letter.number, code, action="rate", rating="unsatisfied", reason="至今没有修好")
    with time_machine.travel(timezone.make_aware(timezone.datetime(2024, 9, 27, 10, 0)), tick=False):
        html = look(client, letter.number, code, action="second").content.decode()
    assert "已提交二次办理申请" in html and "二次办理中" in html
    letter.refresh_from_db()
    assert letter.state == Letter.State.ACCEPTED and letter.second_handling
    assert letter.handler == letter.profile and letter.reply == "经查，路灯属于供电公司管理。"
    # complaint: 7 working days from Friday 27 September 2024: 29 (调休 Sunday) and 30 September,
    # 国庆 1-7 October off, 8-11 October, Saturday 12 October (调休) the seventh
    assert letter.reply_due == date(2024, 10, 12)
    event = letter.events.get(action=LetterEvent.Action.SECOND_HANDLING)
    assert "经查，路灯属于供电公司管理。" in event.note
    answer(letter, reply="路灯已修好。")
    again = look(client, letter.number, code, action="second").content.decode()
    assert "每封信只能申请一次" in again
    letter.refresh_from_db()
    assert letter.state == Letter.State.ANSWERED


def test_a_satisfied_resident_cannot_ask_for_a_second_handling(client, letter):
    letter, code = letter
    answer(letter)
    intake.rate(letter, "basically")
    html = look(client, letter.number, code, action="second").content.decode()
    assert "答复评价为“不满意”后才能申请二次办理。" in html
    letter.refresh_from_db()
    assert letter.state == Letter.State.ANSWERED and not letter.second_handling
