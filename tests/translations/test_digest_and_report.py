"""Translators hear of source changes once, in a daily digest per language; the report and the
dashboard show where every page stands, and the report exports to CSV and XLSX."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule
from openpyxl import load_workbook

from tests.factories import UserFactory
from translations.digest import send_digests

from .test_out_of_date import NEW_TEXT, _publish


@pytest.fixture
def changed_geography(translated_profile, column, translator):
    """Both languages' translators have e-mail; the geography column's text has changed."""
    for code in ("en", "ru"):
        user = translator(code)
        user.email = f"{code}-translator@example.org"
        user.save()
    geography = column("portal", "city-profile/geography")
    _publish(geography, intro=f"<p>{NEW_TEXT}</p>")
    return geography


def test_each_language_gets_one_digest_naming_the_page_and_the_changed_text(changed_geography):
    assert send_digests() == {"en": 1, "ru": 1}

    assert len(mail.outbox) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    english = by_recipient["en-translator@example.org"]
    assert english.subject == "【外文版】1 个页面的中文原文已更新，英文译文待更新"
    assert "地理地貌" in english.body
    assert NEW_TEXT in english.body
    translation = changed_geography.get_translations().get(locale__language_code="en")
    assert reverse("wagtailadmin_pages:edit", args=[translation.pk]) in english.body
    html = english.alternatives[0][0]
    assert f"<ins>{NEW_TEXT}</ins>" in html

    assert send_digests() == {"en": 0, "ru": 0}  # nothing new: nothing sent
    assert len(mail.outbox) == 2


def test_a_second_change_reaches_the_next_digest_only(changed_geography):
    send_digests()
    _publish(changed_geography, intro=f"<p>{NEW_TEXT}</p><p>全市总面积约2.25万平方公里。</p>")
    assert send_digests() == {"en": 1, "ru": 1}
    latest = mail.outbox[-1]
    assert "全市总面积约2.25万平方公里。" in latest.body


def test_the_digest_runs_daily_on_django_q2(db):
    schedule = Schedule.objects.get(func="translations.digest.send_digests")
    assert schedule.schedule_type == Schedule.DAILY
    assert timezone.localtime(schedule.next_run).hour == 8


def test_the_report_lists_each_page_and_language_and_exports_csv_and_xlsx(changed_geography, client, translator):
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("translation_report")
    page = client.get(url)
    assert page.status_code == 200
    assert "地理地貌" in page.content.decode()

    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(url, {"export": "csv"}).streaming_content).decode())))
    geography = [r for r in rows if r["中文页面"] == "地理地貌"]
    assert sorted(r["语种"] for r in geography) == ["俄文", "英文"]
    assert {r["状态"] for r in geography} == {"待更新"}
    assert all(r["待更新自"] for r in geography)
    assert {r["状态"] for r in rows} == {"已同步", "待更新", "未翻译"}  # investment is not translated here

    workbook = load_workbook(io.BytesIO(b"".join(client.get(url, {"export": "xlsx"}).streaming_content)))
    sheet = list(workbook.active.values)
    assert sheet[0][:4] == ("中文页面", "页面路径", "语种", "状态")
    assert len(sheet) == len(rows) + 1


def test_the_dashboard_counts_each_state_per_language(changed_geography, client):
    client.force_login(UserFactory(is_superuser=True))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "外文版翻译状态" in html
    assert "待更新" in html


def test_editors_without_translation_rights_see_neither_report_nor_panel(changed_geography, client, sites):
    from sites.models import SiteGroup

    editor = UserFactory(
        groups=[SiteGroup.objects.get(profile__site=sites["jixian"], role=SiteGroup.Role.EDITOR).group]
    )
    client.force_login(editor)
    assert client.get(reverse("translation_report")).status_code in (302, 403)
    assert "外文版翻译状态" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_translator_is_not_shown_an_unpublished_chinese_page(changed_geography, client, column):
    """The Chinese tree as residents see it: a draft in a translated channel (a department's item
    in review, say) is listed to the city's staff, not to the translators."""
    from django.contrib.auth import get_user_model

    from content.models import ArticlePage

    draft = ArticlePage(title="未发布的招商稿件", slug="unpublished-investment", live=False, body="<p>正文</p>")
    column("portal", "investment/investment-promotion").add_child(instance=draft)
    client.force_login(get_user_model().objects.get(username="en-translator"))
    assert "未发布的招商稿件" not in client.get(reverse("translation_report")).content.decode()
    assert "地理地貌" in client.get(reverse("translation_report")).content.decode()
    client.force_login(UserFactory(is_superuser=True))
    assert "未发布的招商稿件" in client.get(reverse("translation_report")).content.decode()
