"""Every step of a letter's handling, who may take it, and every refusal: a clear Chinese message
and nothing changed."""

import pytest
from django.core import mail
from django.utils import timezone

from interaction import handling
from interaction.handling import HandlingError
from interaction.models import Letter, LetterEvent, LetterPage
from proofreading.models import ProofreadingRule, Severity
from sites.models import SiteProfile

pytestmark = pytest.mark.django_db
State = Letter.State


@pytest.fixture
def people(staff):
    return {
        "office": staff("jixian", email="office@jixian.cn"),
        "fuli": staff("fuli", email="staff@fuli.cn"),
        "fuli_leader": staff("fuli", "second_review"),
        "jixian_leader": staff("jixian", "final_review"),
        "youyi": staff("youyi"),
        "city": staff("portal"),
    }


def refused(letter, call, message):
    """`call` raises HandlingError with `message`, and the letter and its history are unchanged."""
    before = Letter.objects.filter(pk=letter.pk).values().get()
    events = LetterEvent.objects.filter(letter=letter).count()
    outbox = len(mail.outbox)
    with pytest.raises(HandlingError, match=message):
        call()
    assert Letter.objects.filter(pk=letter.pk).values().get() == before
    assert LetterEvent.objects.filter(letter=letter).count() == events
    assert len(mail.outbox) == outbox


def forwarded(letter, people, sites):
    handling.accept(letter, people["office"])
    handling.forward(letter, people["office"], sites["fuli"].profile)
    return letter


def test_accept_forward_draft_approve_publish(letter, people, sites):
    received = forwarded(letter(), people, sites)
    assert (received.state, received.handler) == (State.FORWARDED, sites["fuli"].profile)
    handling.draft_reply(received, people["fuli"], "经福利镇核实，张三丰反映的供暖问题已解决，联系电话13800000000。")
    handling.approve(received, people["fuli_leader"])
    assert received.state == State.APPROVED
    assert "张三丰" not in received.public_reply and "13800000000" not in received.public_reply
    assert "张某某" in received.public_reply and "13800000000" not in received.public_content
    handling.publish(received, people["office"])
    received.refresh_from_db()
    page = received.public_page
    assert received.state == State.ANSWERED and received.replied_at
    assert isinstance(page, LetterPage) and page.live and page.get_parent().pk == received.mailbox.pk
    assert page.reply_unit == "集贤县福利镇人民政府"
    assert page.received_on == timezone.localdate(received.accepted_at)  # the date in 北京时间, not UTC
    assert page.live_revision is not None and page.reply == received.public_reply
    assert list(received.events.values_list("action", flat=True)) == [
        "accepted",
        "forwarded",
        "drafted",
        "approved",
        "published",
    ]
    assert received.events.get(action="forwarded").actor == people["office"]
    assert mail.outbox[-1].to == ["resident@example.cn"] and "已答复" in mail.outbox[-1].subject


def test_accepting_twice_on_a_stale_letter_is_refused_with_the_current_state(letter, people, staff):
    first = letter()
    stale = Letter.objects.get(pk=first.pk)
    handling.accept(first, people["office"])
    refused(stale, lambda: handling.accept(stale, staff("jixian")), r"该信件已被他人处理（当前状态：已受理）")
    refused(stale, lambda: handling.refuse(stale, people["office"], "duplicate", "重复"), "该信件已被他人处理")


@pytest.mark.parametrize("who", ["youyi", "fuli", "city", "jixian_leader_inactive"])
def test_only_the_office_accepts(letter, people, staff, who):
    received = letter()
    user = people.get(who)
    if who == "jixian_leader_inactive":
        user = staff("jixian", is_active=False)
    refused(received, lambda: handling.accept(received, user), "无权")


def test_a_superuser_may_act_for_the_office(letter, django_user_model):
    received = letter()
    handling.accept(received, django_user_model.objects.create_superuser("root", "r@x.cn", "pw"))
    assert received.state == State.ACCEPTED


def test_refusal_needs_a_known_reason_and_a_note_and_tells_the_resident(letter, people):
    received = letter()
    refused(received, lambda: handling.refuse(received, people["office"], "duplicate", "  "), "请填写不予受理的说明")
    refused(received, lambda: handling.refuse(received, people["office"], "bogus", "说明"), "请选择不予受理的原因")
    handling.refuse(received, people["office"], "out_of_scope", "属于法院审理事项，请向法院反映")
    assert (received.state, received.refusal) == (State.REFUSED, "out_of_scope")
    assert "不属于受理范围" in mail.outbox[-1].body and "法院" in mail.outbox[-1].body
    refused(received, lambda: handling.accept(received, people["office"]), "不能进行此操作")


def test_no_mail_without_an_address(letter, people):
    received = letter(email="")
    handling.refuse(received, people["office"], "abusive", "含辱骂内容")
    assert mail.outbox == []


def test_forward_only_to_open_units_nested_under_the_office(letter, people, sites):
    received = letter()
    refused(received, lambda: handling.forward(received, people["office"], sites["fuli"].profile), "不能进行此操作")
    handling.accept(received, people["office"])
    office = people["office"]
    refused(received, lambda: handling.forward(received, office, sites["youyi"].profile), "只能转办给本站点下属")
    refused(received, lambda: handling.forward(received, office, sites["portal"].profile), "只能转办给本站点下属")
    refused(received, lambda: handling.forward(received, office, sites["jixian"].profile), "只能转办给本站点下属")
    SiteProfile.objects.filter(pk=sites["fuli"].profile.pk).update(status=SiteProfile.Status.CLOSED)
    refused(received, lambda: handling.forward(received, office, sites["fuli"].profile), "只能转办给本站点下属")
    refused(received, lambda: handling.forward(received, people["fuli"], sites["fuli"].profile), "无权")


def test_the_portal_forwards_to_any_open_unit(mailbox, people, staff, sites):
    from tests.factories import LetterFactory

    received = LetterFactory(mailbox=mailbox("portal", "interaction/mayors-mailbox/replies"))
    city = staff("portal")
    handling.accept(received, city)
    handling.forward(received, city, sites["fuli"].profile)
    assert received.handler == sites["fuli"].profile
    # the city's staff cannot act on a county's letter
    county_letter = LetterFactory(mailbox=mailbox("jixian"))
    refused(county_letter, lambda: handling.accept(county_letter, city), "无权")


def test_the_unit_hands_a_letter_back_with_a_reason(letter, people, sites):
    received = forwarded(letter(), people, sites)
    refused(received, lambda: handling.hand_back(received, people["fuli"], ""), "请填写退回理由")
    refused(received, lambda: handling.hand_back(received, people["office"], "不归我们"), "只有承办单位")
    handling.hand_back(received, people["fuli"], "该问题属于县住建局职责")
    assert (received.state, received.handler) == (State.ACCEPTED, received.profile)
    assert "县住建局" in received.events.get(action="returned").note


def test_only_the_handling_unit_drafts_and_only_its_leader_approves(letter, people, sites):
    received = forwarded(letter(), people, sites)
    refused(received, lambda: handling.draft_reply(received, people["office"], "答复"), "只有承办单位")
    refused(received, lambda: handling.draft_reply(received, people["fuli"], " "), "请填写答复内容")
    refused(received, lambda: handling.approve(received, people["fuli_leader"]), "不能进行此操作")
    handling.draft_reply(received, people["fuli"], "已协调供热公司解决。")
    for who in ("fuli", "office", "jixian_leader", "youyi"):
        refused(received, lambda who=who: handling.approve(received, people[who]), "只有承办单位的领导")
    refused(received, lambda: handling.send_back(received, people["fuli_leader"], ""), "请填写退回修改的意见")
    handling.send_back(received, people["fuli_leader"], "请写明解决时间")
    assert received.state == State.FORWARDED and received.reply == "已协调供热公司解决。"


def test_a_blocking_proofreading_finding_stops_the_approval(letter, people, sites):
    ProofreadingRule.objects.create(
        kind=ProofreadingRule.Kind.MISWRITING, pattern="供热公斯", correction="供热公司", severity=Severity.BLOCK
    )
    received = forwarded(letter(), people, sites)
    handling.draft_reply(received, people["fuli"], "已协调供热公斯解决。")
    refused(received, lambda: handling.approve(received, people["fuli_leader"]), "智能校对.*“供热公斯”应为“供热公司”")


def test_a_letter_not_to_be_published_is_sent_privately(letter, people, sites):
    received = forwarded(letter(publishable=False), people, sites)
    handling.draft_reply(received, people["fuli"], "已解决。")
    handling.approve(received, people["fuli_leader"])
    refused(received, lambda: handling.publish(received, people["office"]), "未同意公开")
    refused(received, lambda: handling.send_privately(received, people["fuli"]), "只有受理站点")
    handling.send_privately(received, people["office"])
    assert received.state == State.ANSWERED and received.public_page is None
    assert "已解决。" in mail.outbox[-1].body and LetterPage.objects.filter(letter=received).count() == 0


def test_extension_needs_a_reason_and_an_accepted_letter(letter, people):
    received = letter()
    refused(received, lambda: handling.extend(received, people["office"], "理由"), "不能进行此操作")
    handling.accept(received, people["office"])
    refused(received, lambda: handling.extend(received, people["office"], ""), "请填写延期理由")
    refused(received, lambda: handling.extend(received, people["youyi"], "理由"), "无权")


def test_asking_for_information_and_resuming(letter, people):
    received = letter()
    handling.accept(received, people["office"])
    refused(received, lambda: handling.info_received(received, people["office"], "补充"), "不能进行此操作")
    refused(received, lambda: handling.ask_info(received, people["office"], ""), "请填写需要来信人补充的内容")
    handling.ask_info(received, people["office"], "请补充具体楼号")
    assert received.paused_at and "具体楼号" in mail.outbox[-1].body
    refused(received, lambda: handling.draft_reply(received, people["office"], "答复"), "不能进行此操作")
    handling.info_received(received, people["office"], "已补充 3 号楼")
    assert received.state == State.ACCEPTED and received.paused_at is None


def test_allowed_actions_follow_the_user_and_the_state(letter, people, sites):
    received = letter()
    assert handling.allowed_actions(received, people["office"]) == ["accept", "refuse", "ask_info"]
    assert handling.allowed_actions(received, people["youyi"]) == []
    forwarded(received, people, sites)
    assert handling.allowed_actions(received, people["office"]) == ["ask_info", "extend"]
    assert set(handling.allowed_actions(received, people["fuli"])) == {"draft_reply", "hand_back", "ask_info", "extend"}


@pytest.mark.django_db(transaction=True)
def test_two_racing_threads_accept_once():
    """Two office members press 受理 at the same moment: one wins, the other is told."""
    import threading

    from django.db import connection
    from wagtail.models import Site

    from interaction.models import MailboxPage
    from sites.models import SiteGroup
    from sites.routing import own_pages_q
    from tests.conftest import build_base_cluster, ensure_wagtail_roots
    from tests.factories import LetterFactory, UserFactory

    ensure_wagtail_roots()
    if not Site.objects.filter(hostname="jixian.localhost").exists():
        build_base_cluster()  # a transactional test may start from a flushed database
    jixian = Site.objects.get(hostname="jixian.localhost")
    received = LetterFactory(
        mailbox=MailboxPage.objects.filter(own_pages_q(jixian)).get(column_key="interaction/mailbox")
    )
    group = SiteGroup.objects.get(profile__site=jixian, role="editor").group
    users = [UserFactory(groups=[group]), UserFactory(groups=[group])]
    results, barrier = [], threading.Barrier(2)

    def run(user):
        letter = Letter.objects.get(pk=received.pk)
        barrier.wait()
        try:
            handling.accept(letter, user)
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
    assert sorted(results) == ["ok", "该信件已被他人处理（当前状态：已受理）。"]
    assert LetterEvent.objects.filter(letter=received, action="accepted").count() == 1
