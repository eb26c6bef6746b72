"""Helpers of the residents' side tests: the mailbox, a solved captcha, a letter form's data, a
letter received and a published reply made from it the way the office publishes one (redacted)."""

import io
from datetime import date

from captcha.models import CaptchaStore
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from interaction.intake import receive_letter
from interaction.models import LetterPage, MailboxPage
from interaction.redaction import redact
from sites.routing import own_pages_q

LETTER = {
    "kind": "complaint",
    "title": "福利镇路灯不亮",
    "content": "福利镇中心街的路灯已经坏了两个星期，晚上出行很不方便，请尽快修理。",
    "name": "王建国",
    "phone": "13912345678",
    "email": "wang@example.com",
    "publishable": "1",
}


def mailbox_of(site, key="interaction/mailbox"):
    return MailboxPage.objects.filter(own_pages_q(site)).get(column_key=key)


def path_of(page):
    return page.get_url_parts()[2]


def solved_captcha():
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def letter_data(**overrides):
    data = {**LETTER, **solved_captcha(), "homepage": ""}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def png(name="photo.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def jpeg(name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def pdf(name="scan.pdf", size=2000):
    head = b"%PDF-1.4\n"
    return SimpleUploadedFile(name, head + b"0" * (size - len(head)), content_type="application/pdf")


def cleaned(**overrides):
    data = {**LETTER, "publishable": True}
    data.update(overrides)
    return data


def receive(mailbox, remote_addr="10.0.0.1", files=(), **overrides):
    return receive_letter(mailbox, cleaned(**overrides), list(files), remote_addr)


def publish_reply(letter, reply, reply_unit, received_on=date(2024, 9, 2), replied_on=date(2024, 9, 6), title=None):
    """The LetterPage the office publishes for `letter`: its text redacted of the writer's data."""
    page = LetterPage(
        title=redact(title or letter.title, names=[letter.name]),
        slug=f"letter-{letter.number}",
        letter_kind=letter.kind,
        question=redact(letter.content, names=[letter.name]),
        reply=redact(reply, names=[letter.name]),
        received_on=received_on,
        replied_on=replied_on,
        reply_unit=reply_unit,
    )
    letter.mailbox.add_child(instance=page)
    page.save_revision().publish()
    letter.public_page = page
    letter.save(update_fields=["public_page"])
    return page
