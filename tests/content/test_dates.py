"""Honest dates: 发布时间 can be set, never before the item's creation nor in the future, and every
change of a published item's dates is in its history (seed 003: 严禁伪造发稿日期)."""

import datetime
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import rich_text

from content.models import NoticePage
from tests.factories import GovDocumentPageFactory, NoticePageFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
COMMENTS = {"comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0"}
PUBLISH = {"action-publish": "1"}
DRAFTED = datetime.datetime(2026, 11, 20, 9, 30, 42, tzinfo=SHANGHAI)
PUBLISHED = datetime.datetime(2026, 11, 20, 10, 15, tzinfo=SHANGHAI)
NEXT_MORNING = datetime.datetime(2026, 11, 21, 8, 0, tzinfo=SHANGHAI)


def local(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def editor(sites):
    """Site staff submit for 三审三校 and cannot publish (tests/review); the city's administrators
    can, so the dates are edited and published through the admin by one of them."""
    return UserFactory(username="city_zhang", is_superuser=True)


@contextmanager
def working_at(client, user, when):
    """The user, logged in at `when` (a session opened in real time may not exist yet then)."""
    with time_machine.travel(when, tick=False):
        client.force_login(user)
        yield


def notice_form(page, **extra):
    return {"title": page.title, "slug": page.slug, "body": rich_text("<p>停水通知正文。</p>"), **COMMENTS, **extra}


def edit(client, page, data):
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def date_logs(page):
    return PageLogEntry.objects.filter(page=page, action="content.change_dates").order_by("timestamp", "pk")


@pytest.fixture
def notice(client, editor, column):
    """A notice drafted in the admin at 09:30:42 on 20 November and published at 10:15."""
    notices = column("jixian", "disclosure/notices")
    with working_at(client, editor, DRAFTED):
        response = client.post(
            f"/admin/pages/add/content/noticepage/{notices.pk}/",
            {"title": "关于城区部分路段临时停水的通知", "slug": "water", "body": rich_text("<p>正文</p>"), **COMMENTS},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    page = NoticePage.objects.get(slug="water")
    with working_at(client, editor, PUBLISHED):
        assert edit(client, page, notice_form(page, **PUBLISH)).status_code == 302
    page.refresh_from_db()
    assert page.live and page.first_published_at == PUBLISHED
    return page


def errors_of(response):
    assert response.status_code == 200
    return response.context["form"].errors


def test_first_publication_is_not_logged_as_a_change(notice):
    assert not date_logs(notice).exists()
    assert PageLogEntry.objects.filter(page=notice, action="wagtail.publish").exists()


def test_a_publication_time_before_the_item_was_created_is_refused_and_nothing_is_saved(client, editor, notice):
    revisions = notice.revisions.count()
    with working_at(client, editor, NEXT_MORNING):
        response = edit(client, notice, notice_form(notice, first_published_at="2026-11-20 09:29", **PUBLISH))
    assert errors_of(response)["first_published_at"] == [
        "发布时间不能早于信息在本平台创建的时间（2026-11-20 09:30）。严禁伪造发稿日期。"
    ]
    assert "严禁伪造发稿日期" in response.content.decode()
    notice.refresh_from_db()
    assert notice.first_published_at == PUBLISHED
    assert notice.revisions.count() == revisions
    assert not date_logs(notice).exists()


def test_a_publication_time_in_the_future_is_refused_and_points_to_scheduled_publishing(client, editor, notice):
    with working_at(client, editor, NEXT_MORNING):
        response = edit(client, notice, notice_form(notice, first_published_at="2026-11-21 09:00", **PUBLISH))
    [message] = errors_of(response)["first_published_at"]
    assert message.startswith("发布时间不能晚于当前时间") and "定时发布" in message
    notice.refresh_from_db()
    assert notice.first_published_at == PUBLISHED


def test_an_honest_earlier_time_is_accepted_logged_with_its_editor_and_shown_to_residents(client, editor, notice):
    """The notice was announced on paper when it was drafted, at 09:30, and posted at 10:15."""
    with working_at(client, editor, NEXT_MORNING):
        response = edit(client, notice, notice_form(notice, first_published_at="2026-11-20 09:30", **PUBLISH))
        assert response.status_code == 302
        history = client.get(f"/admin/pages/{notice.pk}/history/").content.decode()
    notice.refresh_from_db()
    assert notice.first_published_at == local(2026, 11, 20, 9, 30)
    [entry] = date_logs(notice)
    assert entry.user == editor
    assert entry.data["changes"] == [
        {
            "field": "first_published_at",
            "old": PUBLISHED.astimezone(datetime.UTC).isoformat(),
            "new": local(2026, 11, 20, 9, 30).astimezone(datetime.UTC).isoformat(),
        }
    ]
    assert "发布时间：2026-11-20 10:15 → 2026-11-20 09:30" in history
    assert "修改日期" in history and "city_zhang" in history
    page = client.get(notice.url, HTTP_HOST="jixian.localhost").content.decode()
    assert "发布时间：2026-11-20 09:30" in page


def test_an_unchanged_minute_keeps_the_stored_seconds_and_logs_nothing(client, editor, column):
    """Items loaded by code carry seconds the admin does not show; saving the form keeps them."""
    loaded = local(2026, 10, 8, 14, 5, 37)
    page = NoticePageFactory(parent=column("jixian", "disclosure/notices"), title="旧通知", first_published_at=loaded)
    with working_at(client, editor, NEXT_MORNING):
        response = edit(client, page, notice_form(page, first_published_at="2026-10-08 14:05", **PUBLISH))
        assert response.status_code == 302
    page.refresh_from_db()
    assert page.first_published_at == loaded
    assert not date_logs(page).exists()


def test_every_date_of_a_government_document_is_logged_when_it_changes(client, editor, column):
    document = GovDocumentPageFactory(
        parent=column("jixian", "disclosure/government-documents"),
        title="关于印发集贤县春耕生产方案的通知",
        first_published_at=local(2026, 11, 2, 9, 0),
        written_date=datetime.date(2026, 10, 30),
        publish_date=datetime.date(2026, 11, 2),
    )
    form = {
        "title": document.title,
        "slug": document.slug,
        "issuer": document.issuer,
        "doc_number": document.doc_number,
        "written_date": "2026-10-29",
        "publish_date": "2026-11-01",
        "topic": document.topic,
        "disclosure": document.disclosure,
        "validity": document.validity,
        "document_kind": document.document_kind,
        "body": rich_text("<p>文件正文。</p>"),
        "first_published_at": "2026-11-02 09:00",
        "expire_at": "2027-11-02 00:00",
        **COMMENTS,
        **PUBLISH,
    }
    with working_at(client, editor, NEXT_MORNING):
        response = edit(client, document, form)
        assert response.status_code == 302, errors_of(response)
        history = client.get(f"/admin/pages/{document.pk}/history/").content.decode()
    [entry] = date_logs(document)
    assert entry.user == editor
    assert [change["field"] for change in entry.data["changes"]] == ["expire_at", "written_date", "publish_date"]
    for line in [
        "过期时间：未设置 → 2027-11-02 00:00",
        "成文日期：2026-10-30 → 2026-10-29",
        "发布日期：2026-11-02 → 2026-11-01",
    ]:
        assert line in history


def test_dates_changed_by_code_are_logged_too(column):
    page = NoticePageFactory(parent=column("jixian", "disclosure/notices"), first_published_at=local(2026, 11, 1, 8, 0))
    page.first_published_at = local(2026, 11, 3, 8, 0)
    page.save()
    [entry] = date_logs(page)
    assert entry.user is None
    assert entry.message == "发布时间：2026-11-01 08:00 → 2026-11-03 08:00"


def test_code_may_load_past_items_but_a_new_item_cannot_claim_a_past_date(column):
    notices = column("jixian", "disclosure/notices")
    loaded = NoticePageFactory(parent=notices, first_published_at=local(2025, 3, 1, 9, 0))
    loaded.full_clean()  # unchanged: what the platform recorded stands
    new = NoticePage(title="新通知", slug="new-notice", first_published_at=local(2025, 3, 1, 9, 0))
    new.set_url_path(notices)
    with pytest.raises(ValidationError) as error:
        new.full_clean()
    assert "严禁伪造发稿日期" in error.value.message_dict["first_published_at"][0]
