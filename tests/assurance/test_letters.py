"""Residents' letters in 内容保障: the 互动回应差 single veto computed from the letters and the
mailboxes, overdue letters in the circulars and the unit scores, letters answered in the annual
statistics, the 群众来信统计 report and closed solicitations without feedback."""

import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assurance.audit import audit_cluster, record_audit
from assurance.circulars import circular, week_of
from assurance.models import SiteSnapshot
from assurance.spotcheck import draw
from assurance.statistics import annual_statistics
from interaction.models import Letter, LetterPage, MailboxPage
from interaction.statistics import letter_statistics
from sites.models import SiteGroup, SiteProfile
from solicitation.models import SolicitationPage
from tests.assurance.test_audit import AUDIT_QUERIES
from tests.factories import UserFactory
from tests.interaction.factories import letter, mailbox_of

NOW = timezone.make_aware(datetime(2026, 11, 23, 10))  # a Monday
TODAY = NOW.date()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def profiles(sites):
    return {key: site.profile for key, site in sites.items()}


def ago(days):
    return TODAY - timedelta(days=days)


def user_of(sites, key, role="editor"):
    return UserFactory(groups=[SiteGroup.objects.get(profile__site=sites[key], role=role).group])


def interaction_veto(hostname):
    (audit,) = audit_cluster(hostname=hostname)
    return next((v for v in audit.vetoes if v.code == "interaction"), None)


# 互动回应差


def test_a_letter_unanswered_four_months_after_acceptance_fails_the_site(frozen, profiles):
    jixian = profiles["jixian"]
    letter(jixian, received=ago(40), accepted=ago(39))  # newer and unanswered, within the three months
    oldest = letter(jixian, received=ago(124), accepted=ago(122), state=Letter.State.FORWARDED)
    letter(jixian, received=ago(100), accepted=ago(95), state=Letter.State.DRAFTED)
    veto = interaction_veto("jixian.localhost")
    assert veto.label == "互动回应差"
    assert f"信件 {oldest.number} 受理已 122 天仍未答复" in veto.detail and "共 2 件" in veto.detail
    assert interaction_veto("youyi.localhost") is None  # another county's letters are not jixian's


def test_two_months_unanswered_does_not_fail(frozen, profiles):
    letter(profiles["jixian"], received=ago(62), accepted=ago(60))
    letter(profiles["jixian"], received=ago(93), accepted=ago(92))  # exactly three months: not yet
    assert interaction_veto("jixian.localhost") is None


def test_answered_late_does_not_fail_the_veto_but_is_not_in_time(frozen, profiles):
    jixian = profiles["jixian"]
    letter(jixian, received=ago(131), accepted=ago(130), replied=ago(10), reply_due=ago(123))
    assert interaction_veto("jixian.localhost") is None
    total = letter_statistics([jixian]).total
    assert (total.answered, total.in_time, total.in_time_rate) == (1, 0, 0.0)


def test_a_letter_accepted_more_than_a_year_ago_is_out_of_the_window(frozen, profiles):
    letter(profiles["jixian"], received=ago(401), accepted=ago(400))
    assert interaction_veto("jixian.localhost") is None


def test_a_site_without_a_live_mailbox_fails_but_a_township_needs_none(frozen, profiles):
    youyi = profiles["youyi"]
    for mailbox in MailboxPage.objects.filter(path__startswith=youyi.root_page.path):
        mailbox.unpublish()
    veto = interaction_veto("youyi.localhost")
    assert "没有可用的在线咨询渠道" in veto.detail
    assert interaction_veto("fuli.jixian.localhost") is None  # its residents write to the county
    assert interaction_veto("jixian.localhost") is None


def test_both_reasons_at_once_and_the_audit_still_costs_the_same_queries(frozen, profiles, django_assert_num_queries):
    audit_cluster()  # warm the content type cache
    for key in ("portal", "jixian", "youyi", "jianshan", "fuli"):
        for days in (200, 150, 20):
            letter(profiles[key], received=ago(days + 1), accepted=ago(days))
    for mailbox in MailboxPage.objects.filter(path__startswith=profiles["jianshan"].root_page.path):
        mailbox.unpublish()
    with django_assert_num_queries(AUDIT_QUERIES):
        audits = {a.profile.web_address: a for a in audit_cluster()}
    failing = {address for address, a in audits.items() if any(v.code == "interaction" for v in a.vetoes)}
    assert failing == {
        "localhost",
        "jixian.localhost",
        "youyi.localhost",
        "jianshan.localhost",
        "fuli.jixian.localhost",
    }
    (jianshan,) = [v for v in audits["jianshan.localhost"].vetoes if v.code == "interaction"]
    assert "受理已 200 天" in jianshan.detail and "没有可用的在线咨询渠道" in jianshan.detail


def test_the_spot_check_sheet_fills_the_interaction_item_from_the_audit(frozen, profiles):
    stale = {
        key: letter(profiles[key], received=ago(131), accepted=ago(130))
        for key in ("jixian", "youyi", "jianshan", "fuli")
    }
    check = draw(2026, 4)
    (row,) = check.sheet
    (item,) = [i for i in row["items"] if i["code"] == "interaction"]
    assert item["result"] == "不合格" and row["qualified"] is False
    drawn = next(key for key, p in profiles.items() if p.web_address == row["site"])
    assert f"信件 {stale[drawn].number} 受理已 130 天" in item["detail"]


# Overdue letters in the circulars and the unit scores, on 国庆 2025: on Monday 6 October (a holiday)
# a reply due on Tuesday 30 September is not yet late by a working day, one due on the 29th is.


@pytest.fixture
def national_day(profiles):
    jixian, fuli = profiles["jixian"], profiles["fuli"]
    made = {
        "forwarded": letter(
            jixian,
            received=date(2025, 9, 18),
            accepted=date(2025, 9, 19),
            reply_due=date(2025, 9, 29),
            handler=fuli,
            state=Letter.State.FORWARDED,
        ),
        "due_last_workday": letter(
            jixian, received=date(2025, 9, 22), accepted=date(2025, 9, 23), reply_due=date(2025, 9, 30)
        ),
        "paused": letter(
            jixian,
            received=date(2025, 8, 1),
            accepted=date(2025, 8, 4),
            reply_due=date(2025, 9, 1),
            state=Letter.State.AWAITING_INFO,
        ),
        "not_accepted": letter(jixian, received=date(2025, 9, 24), accept_due=date(2025, 9, 26)),
        "answered": letter(
            jixian,
            received=date(2025, 8, 1),
            accepted=date(2025, 8, 4),
            replied=date(2025, 9, 20),
            reply_due=date(2025, 9, 1),
        ),
    }
    with time_machine.travel(timezone.make_aware(datetime(2025, 10, 6, 10)), tick=False):
        yield made


def test_overdue_letters_count_against_the_handling_unit_in_the_circular(national_day, profiles):
    record_audit()
    snapshot = SiteSnapshot.objects.get(profile=profiles["jixian"], date=date(2025, 10, 6))
    letters = {u["name"]: u["letters"] for u in snapshot.units if u["letters"]}
    assert letters == {"集贤县人民政府": 1, "集贤县福利镇人民政府": 1}
    entries = circular(week_of(date(2025, 10, 6)), SiteProfile.objects.all())
    fuli = next(e for e in entries if e.kind == "单位" and e.name == "集贤县福利镇人民政府")
    assert fuli.letters == 1 and "逾期未办理群众来信 1 件" in fuli.reasons
    youyi = next(e for e in entries if e.kind == "单位" and e.name == "友谊县人民政府")
    assert youyi.letters == 0 and "群众来信" not in youyi.reasons


def test_old_snapshots_without_letters_still_make_a_circular(national_day, profiles):
    record_audit()
    for snapshot in SiteSnapshot.objects.all():
        snapshot.units = [{k: v for k, v in u.items() if k != "letters"} for u in snapshot.units]
        snapshot.save()
    entries = circular(week_of(date(2025, 10, 6)), SiteProfile.objects.all())
    assert all(e.letters == 0 for e in entries)


def test_the_unit_score_counts_overdue_letters_of_its_own_units(client, admin_client, sites, national_day):
    record_audit()
    rows = {u.name: u.letters for u in admin_client.get(reverse("assurance_units")).context["object_list"]}
    assert rows["集贤县福利镇人民政府"] == 1 and rows["集贤县人民政府"] == 1 and rows["友谊县人民政府"] == 0
    client.force_login(user_of(sites, "youyi"))
    rows = {u.name: u.letters for u in client.get(reverse("assurance_units")).context["object_list"]}
    assert "集贤县福利镇人民政府" not in rows and not any(rows.values())
    export = admin_client.get(reverse("assurance_units"), {"export": "csv"})
    lines = b"".join(export.streaming_content).decode().splitlines()
    assert "逾期信件" in lines[0]


# 年度信息统计: replies to residents


def test_letters_answered_in_the_year_are_replies_counted_once(profiles):
    jixian, fuli = profiles["jixian"], profiles["fuli"]
    mailbox = mailbox_of(jixian)
    published = LetterPage(
        title="关于办理居住证的咨询",
        letter_kind="consultation",
        question="请问居住证怎么办理？",
        reply="请携带身份证到派出所办理。",
        received_on=date(2025, 9, 29),
        replied_on=date(2025, 10, 13),
        reply_unit="集贤县福利镇人民政府",
        first_published_at=timezone.make_aware(datetime(2025, 10, 13, 16)),
    )
    mailbox.add_child(instance=published)
    letter(
        jixian,
        received=date(2025, 9, 29),
        accepted=date(2025, 9, 30),
        replied=date(2025, 10, 13),
        handler=fuli,
        public_page=published,
    )
    letter(jixian, received=date(2025, 12, 1), accepted=date(2025, 12, 2), replied=date(2025, 12, 5))  # privately
    letter(jixian, received=date(2025, 12, 20), accepted=date(2025, 12, 22), replied=date(2026, 1, 4))  # next year
    letter(jixian, received=date(2025, 12, 10), accepted=date(2025, 12, 11))  # not answered
    by_hand = LetterPage(
        title="往年答复",
        letter_kind="help",
        question="求助",
        reply="已办理。",
        received_on=date(2025, 3, 1),
        replied_on=date(2025, 3, 5),
        reply_unit="集贤县人民政府",
        first_published_at=timezone.make_aware(datetime(2025, 3, 5, 9)),
    )
    mailbox.add_child(instance=by_hand)  # a reply page without a letter is still an item
    rows = {row.name: row.replies for row in annual_statistics(2025).rows}
    assert rows == {"集贤县人民政府": 2, "集贤县福利镇人民政府": 1}
    county = {row.name: row.replies for row in annual_statistics(2025, profiles=[fuli]).rows}
    assert county == {"集贤县福利镇人民政府": 1}
    assert {row.name: row.replies for row in annual_statistics(2026).rows} == {"集贤县人民政府": 1}


# 群众来信统计 in the admin

URL = reverse("assurance_letters")


@pytest.fixture
def letters(profiles):
    """Letters of 2025 on the county, its township's unit and another county, created newest first."""
    jixian, fuli, youyi = profiles["jixian"], profiles["fuli"], profiles["youyi"]
    letter(
        youyi,
        received=date(2025, 11, 3),
        accepted=date(2025, 11, 4),
        replied=date(2025, 11, 7),
        reply_due=date(2025, 11, 11),
        kind="complaint",
    )
    letter(
        jixian,
        received=date(2025, 10, 20),
        accepted=date(2025, 10, 21),
        replied=date(2025, 10, 24),
        reply_due=date(2025, 10, 28),
        rating=Letter.Rating.SATISFIED,
    )
    letter(
        jixian,
        received=date(2025, 9, 29),
        accepted=date(2025, 9, 30),
        replied=date(2025, 10, 13),
        reply_due=date(2025, 10, 10),
        handler=fuli,
        kind="help",
        rating=Letter.Rating.UNSATISFIED,
    )
    letter(jixian, received=date(2024, 12, 30))


def by_section(response):
    rows = {}
    for row in response.context["object_list"]:
        rows.setdefault(row.section, {})[row.name] = row
    return rows


def test_the_report_has_a_table_per_site_unit_type_and_month(admin_client, letters):
    response = admin_client.get(URL, {"year": 2025})
    assert response.status_code == 200
    rows = by_section(response)
    assert rows["合计"]["合计"].received == 3
    assert list(rows["站点"]) == ["集贤县人民政府", "友谊县人民政府"]
    assert rows["办理单位"]["集贤县福利镇人民政府"].average_days == 4  # 9, 10, 11 (调休), 13 October
    assert rows["办理单位"]["集贤县福利镇人民政府"].in_time_rate == "0.0%"
    assert list(rows["月份"]) == ["2025年9月", "2025年10月", "2025年11月"]
    assert set(rows["来信类型"]) == {"咨询", "投诉", "求助"}
    assert rows["合计"]["合计"].satisfaction_rate == "50.0%"
    narrowed = by_section(admin_client.get(URL, {"year": 2025, "month_from": 10, "month_to": 11, "kind": "complaint"}))
    assert narrowed["合计"]["合计"].received == 1 and list(narrowed["站点"]) == ["友谊县人民政府"]
    assert by_section(admin_client.get(URL, {"year": 2024}))["合计"]["合计"].received == 1
    years = [value for value, _label in response.context["filters"].form.fields["year"].choices]
    assert "2025" in years and "2024" in years


def test_a_county_sees_its_own_letters_and_units_only(client, sites, letters, profiles):
    client.force_login(user_of(sites, "jixian"))
    rows = by_section(client.get(URL, {"year": 2025}))
    assert list(rows["站点"]) == ["集贤县人民政府"] and "友谊县人民政府" not in rows["办理单位"]
    assert rows["合计"]["合计"].received == 2
    # another county's site or unit in the address changes nothing
    forged = by_section(client.get(URL, {"year": 2025, "site": profiles["youyi"].pk, "unit": profiles["youyi"].pk}))
    assert "友谊县人民政府" not in forged.get("站点", {}) and forged["合计"]["合计"].received == 2
    export = client.get(URL, {"year": 2025, "export": "csv", "site": profiles["youyi"].pk})
    text = b"".join(export.streaming_content).decode()
    assert "友谊县" not in text and "集贤县人民政府" in text
    client.force_login(UserFactory())
    assert client.get(URL).status_code in (302, 403)


def test_the_report_exports_xlsx_and_csv(admin_client, letters):
    response = admin_client.get(URL, {"year": 2025, "month_from": 9, "month_to": 10, "export": "xlsx"})
    assert 'filename="letter-statistics-2025-09-10.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == ("统计维度", "名称", "收到", "受理", "办结", "按时办结", "按时办结率", "平均办理工作日")
    assert rows[1][:5] == ("合计", "合计", 2, 2, 2)
    csv_response = admin_client.get(URL, {"year": 2025, "export": "csv"})
    lines = b"".join(csv_response.streaming_content).decode().splitlines()
    assert lines[0].startswith("统计维度,名称,收到,受理,办结") and "月份,2025年11月,1,1,1" in "\n".join(lines)


# 意见征集: closed without feedback


def solicitation(parent, title, ends_on, **fields):
    page = SolicitationPage(title=title, starts_on=ends_on - timedelta(days=30), ends_on=ends_on, **fields)
    parent.add_child(instance=page)
    return page


def test_closed_solicitations_without_feedback_are_flagged(client, admin_client, frozen, sites, column):
    county = column("jixian", "interaction/opinion-solicitation")
    closed = solicitation(county, "集贤县养犬管理规定（征求意见稿）", ago(12))
    solicitation(county, "已反馈的征集", ago(40), feedback="采纳3条。", feedback_published_at=NOW - timedelta(days=5))
    solicitation(county, "仍在征集", TODAY)
    solicitation(column("youyi", "interaction/opinion-solicitation"), "友谊县征集", ago(3))
    rows = admin_client.get(reverse("assurance_solicitations")).context["object_list"]
    assert [(r.site.name, r.title, r.days) for r in rows] == [
        ("集贤县人民政府", closed.title, 12),
        ("友谊县人民政府", "友谊县征集", 3),
    ]
    assert rows[0].unit == "集贤县人民政府"
    client.force_login(user_of(sites, "jixian"))
    assert [r.title for r in client.get(reverse("assurance_solicitations")).context["object_list"]] == [closed.title]
    export = admin_client.get(reverse("assurance_solicitations"), {"export": "csv"})
    assert "截止后天数" in b"".join(export.streaming_content).decode()
