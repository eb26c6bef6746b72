"""Writing to a mailbox: the happy path on 集贤县's 县长信箱, then every refusal, each of which
leaves no letter and no file behind."""

import threading
from datetime import timedelta

import pytest
from captcha.models import CaptchaStore
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from django.utils.functional import empty
from wagtail.models import Site

from interaction import receipts
from interaction.models import Letter, LetterAttachment, LetterEvent
from interaction.storage import private_storage
from tests.conftest import build_base_cluster

from .residents import jpeg, letter_data, mailbox_of, path_of, pdf, png, receive

HOST = "jixian.localhost"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def mailbox(sites):
    return mailbox_of(sites["jixian"])


@pytest.fixture
def write_url(mailbox):
    return path_of(mailbox) + "write/"


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST as a resident at `remote_addr`; what waits for the commit (the receipt) runs."""

    def send(client, url, data, remote_addr="10.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, HTTP_HOST=HOST, REMOTE_ADDR=remote_addr)

    return send


def test_the_form_shows_its_fields_limits_captcha_and_a_hidden_honeypot(client, write_url):
    html = client.get(write_url, HTTP_HOST=HOST).content.decode()
    for label in (
        "类型",
        "标题",
        "内容",
        "姓名",
        "手机号码",
        "电子邮箱（选填）",
        "是否同意公开",
        "附件（选填）",
        "验证码",
    ):
        assert label in html, label
    assert 'data-counted="50"' in html and 'data-counted="2000"' in html
    assert "不超过50字" in html and "不超过2000字" in html
    assert '<div class="hp" aria-hidden="true">' in html and 'name="homepage"' in html
    assert "验证码图片" in html


def test_a_resident_writes_to_the_county_mailbox(client, mailbox, write_url, private_media, post):
    data = letter_data(attachments=[png(), pdf()])
    response = post(client, write_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    letter = Letter.objects.get()
    assert "您的来信已收到" in html and letter.number in html
    code = html.split('查询码：<strong class="code">')[1].split("<")[0]
    assert len(code) == 8 and not set(code) & set("01OIL")
    assert receipts.code_matches(letter, code) and code not in letter.query_code_hash

    assert letter.mailbox == mailbox and letter.profile.site.hostname == HOST
    assert letter.handler == letter.profile and letter.state == Letter.State.RECEIVED
    assert (letter.kind, letter.title, letter.name, letter.phone) == (
        "complaint",
        "福利镇路灯不亮",
        "王建国",
        "13912345678",
    )
    assert letter.remote_addr == "10.0.0.1" and letter.publishable
    assert letter.accept_due > timezone.localdate(letter.received_at)
    assert letter.number.startswith(timezone.localtime(letter.received_at).strftime("%Y%m%d"))
    assert list(letter.events.values_list("action", flat=True)) == [LetterEvent.Action.RECEIVED]

    attachments = {a.content_type: a for a in letter.attachments.all()}
    assert set(attachments) == {"image/png", "application/pdf"}
    assert attachments["image/png"].name == "photo.png" and attachments["image/png"].file.name.endswith(".png")
    assert len(stored_files(private_media)) == 2

    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["wang@example.com"] and letter.number in receipt.subject
    assert letter.number in receipt.body and code in receipt.body and "妥善保存" in receipt.body


def test_without_email_the_letter_is_received_and_nothing_is_mailed(client, write_url, post):
    response = post(client, write_url, letter_data(email="", publishable="0"))
    assert "您的来信已收到" in response.content.decode()
    letter = Letter.objects.get()
    assert letter.email == "" and not letter.publishable and mail.outbox == []


def test_a_mail_server_failure_never_loses_the_letter(client, write_url, settings, post):
    settings.EMAIL_BACKEND = "tests.interaction.test_writing.BrokenBackend"
    response = post(client, write_url, letter_data())
    assert response.status_code == 200 and "您的来信已收到" in response.content.decode()
    assert Letter.objects.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_phone_written_with_86_and_spaces_is_kept_as_eleven_digits(client, write_url, post):
    post(client, write_url, letter_data(phone="+86 139-1234-5678"))
    assert Letter.objects.get().phone == "13912345678"


REFUSALS = [
    ({"kind": None}, "请选择来信类型。"),
    ({"title": ""}, "请填写标题。"),
    ({"content": ""}, "请填写内容。"),
    ({"name": ""}, "请填写姓名。"),
    ({"phone": ""}, "请填写手机号码。"),
    ({"phone": "12345678901"}, "手机号码格式不正确"),
    ({"phone": "0469-5123456"}, "手机号码格式不正确"),
    ({"email": "not-an-address"}, "电子邮箱格式不正确"),
    ({"title": "长" * 51}, "标题不能超过50字（现在是51字）"),
    ({"content": "长" * 2001}, "内容不能超过2000字（现在是2001字）"),
    ({"kind": "<script>"}, "选择一个有效的选项"),
    ({"captcha_1": "wrong"}, "验证码不正确或已过期"),
    ({"captcha_1": ""}, "请输入验证码。"),
]


@pytest.mark.parametrize(("overrides", "message"), REFUSALS)
def test_a_refused_form_says_what_to_fix_and_keeps_what_was_typed(
    client, write_url, private_media, overrides, message, post
):
    data = letter_data(attachments=[png()], **{"title": "我的标题", **overrides})
    response = post(client, write_url, data)
    html = response.content.decode()
    assert message in html
    assert "提交未成功" in html and '<p class="error" role="alert">' in html
    if "content" not in overrides:
        assert LETTER_CONTENT in html  # what was typed stays
    assert "附件没有保留" in html and "请输入新图片中的字符" in html
    assert Letter.objects.count() == 0 and LetterAttachment.objects.count() == 0
    assert stored_files(private_media) == []


LETTER_CONTENT = "福利镇中心街的路灯已经坏了两个星期"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("virus.jpg", b"MZ\x90\x00" + b"\x00" * 500, content_type="image/jpeg"), "不是 JPG、PNG"),
        (SimpleUploadedFile("note.pdf", b"just text, no header", content_type="application/pdf"), "不是 JPG、PNG"),
        (SimpleUploadedFile("broken.png", png().read()[:60], content_type="image/png"), "不是 JPG、PNG"),
        (SimpleUploadedFile("anim.gif", b"GIF89a" + b"\x00" * 100, content_type="image/gif"), "不是 JPG、PNG"),
    ],
    ids=["exe-renamed-jpg", "text-renamed-pdf", "truncated-png", "gif"],
)
def test_attachments_are_checked_by_their_content(client, write_url, private_media, upload, message, post):
    html = post(client, write_url, letter_data(attachments=[jpeg(), upload])).content.decode()
    assert message in html and upload.name in html
    assert Letter.objects.count() == 0 and stored_files(private_media) == []


def test_an_attachment_over_the_size_limit_is_refused(client, write_url, private_media, settings, post):
    settings.INTERACTION_ATTACHMENT_MAX_BYTES = 1024 * 1024
    html = post(client, write_url, letter_data(attachments=[pdf(size=1024 * 1024 + 512 * 1024)])).content.decode()
    assert "有1.5MB，超过了1MB的限制" in html
    assert Letter.objects.count() == 0 and stored_files(private_media) == []


def test_too_many_attachments_are_refused(client, write_url, private_media, post):
    html = post(client, write_url, letter_data(attachments=[png(), png(), jpeg(), pdf()])).content.decode()
    assert "附件最多3个，您选择了4个" in html
    assert Letter.objects.count() == 0 and stored_files(private_media) == []


def test_a_filled_honeypot_is_refused_without_details(client, write_url, post):
    html = post(client, write_url, letter_data(homepage="http://spam.example")).content.decode()
    assert "提交未成功，请刷新页面后重新填写。" in html and "homepage" in html
    assert "蜜罐" not in html and "机器人" not in html
    assert Letter.objects.count() == 0


def test_a_replayed_post_is_refused_because_the_captcha_is_single_use(client, write_url, post):
    data = letter_data()
    assert "您的来信已收到" in post(client, write_url, data).content.decode()
    replay = post(client, write_url, data).content.decode()
    assert "验证码不正确或已过期" in replay
    assert Letter.objects.count() == 1


def test_an_expired_captcha_is_refused(client, write_url, post):
    data = letter_data()
    CaptchaStore.objects.filter(hashkey=data["captcha_0"]).update(expiration=timezone.now() - timedelta(minutes=1))
    assert "验证码不正确或已过期" in post(client, write_url, data).content.decode()
    assert Letter.objects.count() == 0


def test_letters_per_address_are_limited_in_a_rolling_day(client, mailbox, write_url, settings, post):
    settings.INTERACTION_LETTERS_PER_ADDRESS_PER_DAY = 2
    old = receive(mailbox, remote_addr="10.0.0.9", phone="13700000001")[0]
    Letter.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(hours=25))
    receive(mailbox, remote_addr="10.0.0.9", phone="13700000002")
    receive(mailbox, remote_addr="10.0.0.9", phone="13700000003")
    html = post(client, write_url, letter_data(phone="13700000004"), remote_addr="10.0.0.9").content.decode()
    assert "同一网络24小时内最多来信2封" in html
    assert Letter.objects.count() == 3
    other = post(client, write_url, letter_data(phone="13700000004"), remote_addr="10.0.0.10").content.decode()
    assert "您的来信已收到" in other


def test_letters_per_phone_are_limited_in_a_rolling_day_whatever_the_address(
    client, mailbox, write_url, settings, post
):
    settings.INTERACTION_LETTERS_PER_PHONE_PER_DAY = 2
    receive(mailbox, remote_addr="10.0.1.1")
    receive(mailbox, remote_addr="10.0.1.2")
    html = post(client, write_url, letter_data(phone="139 1234 5678"), remote_addr="10.0.1.3").content.decode()
    assert "这个手机号码24小时内已来信2封" in html
    assert Letter.objects.count() == 2


def test_every_mailbox_of_the_cluster_has_its_form(client, sites):
    for key, column_key in [
        ("portal", "interaction/mayors-mailbox/replies"),
        ("portal", "interaction/enterprise-complaints/replies"),
        ("youyi", "interaction/consultation"),
        ("fuli", "interaction/mailbox"),
    ]:
        site = sites[key]
        try:
            mailbox = mailbox_of(site, column_key)
        except Exception:
            continue  # a township's column set may not have this mailbox
        response = client.get(path_of(mailbox) + "write/", HTTP_HOST=site.hostname)
        assert response.status_code == 200 and "我要写信" in response.content.decode(), (key, column_key)


def test_a_failing_save_leaves_no_file_behind(mailbox, private_media, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(LetterEvent.objects, "create", refuse)
    with pytest.raises(RuntimeError):
        receive(mailbox, files=[png()])
    assert Letter.objects.count() == 0 and stored_files(private_media) == []


@pytest.mark.django_db(transaction=True)
def test_two_residents_writing_at_once_get_different_numbers():
    build_base_cluster()  # a transactional test starts from a flushed database
    mailbox = mailbox_of(Site.objects.get(hostname=HOST))
    numbers, errors = [], []
    barrier = threading.Barrier(4)

    def write(i):
        try:
            barrier.wait()
            letter, _code = receive(mailbox, remote_addr=f"10.1.0.{i}", phone=f"1370000000{i}")
            numbers.append(letter.number)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(numbers)) == 4
