"""The unit's side: comments listed with a disposition form each, contact details shown to the
unit's staff only and logged, the feedback published only after the end date with nothing pending,
and the public page then showing 意见采纳情况 without anyone's name or phone."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts.models import SecurityEvent
from columns.models import ColumnPage
from sites.routing import own_pages_q
from solicitation.drafts import publish_draft
from solicitation.models import Comment, SolicitationPage

from .conftest import address, at, site_user, travel

pytestmark = pytest.mark.django_db
D = Comment.Disposition


def add_comment(page, content, article=None, name="", phone="", disposition=D.PENDING, reason="", when=None):
    return Comment.objects.create(
        page=page,
        article=article,
        content=content,
        name=name,
        phone=phone,
        remote_addr="203.0.113.7",
        received_at=when or at(2025, 9, 25),
        disposition=disposition,
        reason=reason,
    )


@pytest.fixture
def comments(portal_draft):
    first, second, _third = portal_draft.articles.all()
    # Newest first: the list orders them itself.
    return [
        add_comment(portal_draft, "第三条：希望增加对老年业主的减免。", when=at(2025, 10, 2)),
        add_comment(
            portal_draft,
            "我是住在向阳路18号的张卫东，电话13845671234，建议公示栏设在单元门口。",
            article=second,
            name="张卫东",
            phone="13845671234",
            when=at(2025, 9, 28),
        ),
        add_comment(portal_draft, "第一条表述清楚，同意。", article=first, name="赵兰", when=at(2025, 9, 21)),
    ]


def dispose(client, comment, disposition, reason=""):
    prefix = f"c{comment.pk}"
    return client.post(
        reverse("solicitation_dispose", args=[comment.pk]),
        {f"{prefix}-disposition": disposition, f"{prefix}-reason": reason},
    )


def publish(client, page, text="感谢社会各界的关心和支持。"):
    return client.post(reverse("solicitation_feedback", args=[page.pk]), {"f-feedback": text})


def test_the_unit_sees_its_solicitations_with_received_and_pending_counts(client, portal_staff, comments):
    add_comment(comments[0].page, "已处理", disposition=D.ADOPTED)
    client.force_login(portal_staff)
    with travel(at(2025, 10, 10)):
        response = client.get(reverse("solicitation_index"))
    [(page, profile, state)] = response.context["rows"]
    assert (page.received, page.pending, state[1]) == (4, 3, "已截止")
    assert profile.site.is_default_site


def test_another_units_staff_see_nothing_of_it(client, jixian_staff, comments, jixian_draft):
    page = comments[0].page
    client.force_login(jixian_staff)
    listing = client.get(reverse("solicitation_index"))
    assert [row[0] for row in listing.context["rows"]] == [jixian_draft.page_ptr.specific]
    assert client.get(reverse("solicitation_comments", args=[page.pk])).status_code == 404
    assert client.get(reverse("solicitation_person", args=[comments[1].pk])).status_code == 404
    assert dispose(client, comments[1], D.ADOPTED).status_code == 404
    with travel(at(2025, 10, 10)):
        assert publish(client, page).status_code == 404
    assert set(Comment.objects.values_list("disposition", flat=True)) == {D.PENDING}
    assert not SolicitationPage.objects.get(pk=page.pk).feedback_published_at
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERSONAL_DATA).exists()


def test_a_county_does_not_handle_its_townships_solicitation(client, sites, jixian_staff):
    fuli = publish_draft(
        ColumnPage.objects.filter(own_pages_q(sites["fuli"])).order_by("path").first(),
        "福利镇征求意见",
        "",
        None,
        timezone.localdate(),
        timezone.localdate(),
        slug="fuli-draft",
    )
    client.force_login(jixian_staff)
    assert client.get(reverse("solicitation_comments", args=[fuli.pk])).status_code == 404
    client.force_login(site_user(sites, "fuli", "first_review", username="fuli_sun"))
    assert client.get(reverse("solicitation_comments", args=[fuli.pk])).status_code == 200


def test_contact_details_are_behind_a_logged_view(client, portal_staff, comments):
    client.force_login(portal_staff)
    listing = client.get(reverse("solicitation_comments", args=[comments[1].page.pk])).content.decode()
    assert "13845671234" in listing  # the resident wrote it into the text, which the unit reads
    assert 'value="张卫东"' not in listing and reverse("solicitation_person", args=[comments[1].pk]) in listing
    response = client.get(reverse("solicitation_person", args=[comments[1].pk]))
    assert "张卫东" in response.content.decode()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PERSONAL_DATA)
    assert event.user == portal_staff
    assert f"第 {comments[1].pk} 号意见：查看姓名、电话" in event.detail


def test_partly_and_not_adopted_need_a_reason(client, portal_staff, comments):
    client.force_login(portal_staff)
    comment = comments[0]
    for disposition in (D.PARTLY, D.NOT_ADOPTED):
        response = dispose(client, comment, disposition, "  ")
        assert response.status_code == 400
        assert "部分采纳或未采纳的意见须说明理由。" in response.content.decode()
    assert dispose(client, comment, "pending").status_code == 400
    comment.refresh_from_db()
    assert (comment.disposition, comment.reason) == (D.PENDING, "")
    assert dispose(client, comment, D.NOT_ADOPTED, "减免事项由物价部门另行规定。").status_code == 302
    comment.refresh_from_db()
    assert (comment.disposition, comment.reason) == (D.NOT_ADOPTED, "减免事项由物价部门另行规定。")


def test_feedback_is_refused_before_the_end_date_and_while_comments_are_pending(client, portal_staff, comments):
    page = comments[0].page
    client.force_login(portal_staff)
    for comment in comments[1:]:
        dispose(client, comment, D.ADOPTED)
    with travel(at(2025, 10, 8, 23, 50)):
        client.force_login(portal_staff)
        early = publish(client, page)
    with travel(at(2025, 10, 9, 9)):
        client.force_login(portal_staff)
        pending = publish(client, page)
        dispose(client, comments[0], D.PARTLY, "对困难老年业主的减免已在第三条增加。")
        empty = publish(client, page, "  ")
    assert "征集到2025年10月8日截止，截止之后才能公布意见采纳情况。" in early.content.decode()
    assert "还有 1 条意见未处理" in pending.content.decode()
    assert "请填写意见采纳情况说明。" in empty.content.decode()
    assert {early.status_code, pending.status_code, empty.status_code} == {400}
    page.refresh_from_db()
    assert (page.feedback, page.feedback_published_at) == ("", None)
    assert page.revisions.count() == 1


def test_published_feedback_shows_the_tally_and_redacted_opinions_never_names_or_phones(client, portal_staff, comments):
    page = comments[0].page
    client.force_login(portal_staff)
    dispose(client, comments[0], D.NOT_ADOPTED, "减免事项由物价部门另行规定，张卫东所提不在本办法范围。")
    dispose(client, comments[1], D.ADOPTED)
    dispose(client, comments[2], D.PARTLY, "第一条已作文字调整。")
    with travel(at(2025, 10, 12, 15)):
        client.force_login(portal_staff)
        response = publish(client, page, "共收到意见3条，经认真研究，采纳1条。")
    assert response.status_code == 302
    client.force_login(portal_staff)
    page = SolicitationPage.objects.get(pk=page.pk)
    assert page.feedback == "共收到意见3条，经认真研究，采纳1条。"
    assert page.feedback_published_at is not None
    assert page.live_revision.user == portal_staff
    assert dispose(client, comments[1], D.NOT_ADOPTED, "改主意").status_code == 400
    assert Comment.objects.get(pk=comments[1].pk).disposition == D.ADOPTED

    client.logout()
    host, path = address(page)
    with travel(at(2025, 10, 13)):
        text = client.get(path, HTTP_HOST=host).content.decode()
    assert "已反馈" in text
    tally = "共收到意见 <strong>3</strong> 条，其中采纳 <strong>1</strong> 条，部分采纳 <strong>1</strong> 条，"
    assert tally + "未采纳 <strong>1</strong> 条" in text
    assert "共收到意见3条，经认真研究，采纳1条。" in text
    assert "建议公示栏设在单元门口" in text
    assert "减免事项由物价部门另行规定" in text
    for personal in ("张卫东", "13845671234", "向阳路18号", "赵兰"):
        assert personal not in text
    assert "张某某" in text
    assert 'name="content"' not in text
    # Grouped by article, in the draft's order, whole-draft opinions first.
    groups = [group.label for group in client.get(path, HTTP_HOST=host).context["opinion_groups"]]
    assert groups == ["对草案整体的意见", "第一条", "第二条"]


def test_a_superuser_handles_every_solicitation(client, comments, jixian_draft):
    admin = get_user_model().objects.create_superuser("solic_admin", "a@example.cn", "pw")
    client.force_login(admin)
    assert len(client.get(reverse("solicitation_index")).context["rows"]) == 2
    assert client.get(reverse("solicitation_comments", args=[jixian_draft.pk])).status_code == 200
