import io

import pytest
from captcha.models import CaptchaStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.functional import empty
from PIL import Image

from interaction.storage import private_storage

PERSON = {
    "applicant_type": "person",
    "name": "王建国",
    "id_type": "id_card",
    "id_number": "11010519491231002X",
    "phone": "13912345678",
    "email": "wang@example.com",
    "address": "集贤县福利镇中心街8号",
    "postcode": "155900",
    "description": "2025年福利镇中心街道路改造工程的立项批复文件。",
    "medium": "electronic",
    "delivery": "email",
}
ORGANISATION = {
    **PERSON,
    "applicant_type": "organisation",
    "name": "",
    "id_number": "",
    "organisation_kind": "business",
    "org_name": "集贤县丰收农业有限公司",
    "credit_code": "91110000802100433B",
    "legal_representative": "李明",
    "contact_name": "赵丽",
}


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._wrapped = empty
    yield settings.PRIVATE_MEDIA_ROOT
    private_storage._wrapped = empty


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def solved_captcha():
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def form_data(profile, base=PERSON, **overrides):
    """The online form's data for `profile` (a SiteProfile), with a solved captcha."""
    data = {**base, "profile": str(profile.pk), "consent": "on", "homepage": "", **solved_captcha()}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def cleaned(**overrides):
    """What the form's cleaned data holds for a person (for calling intake directly)."""
    data = {k: v for k, v in PERSON.items() if k != "applicant_type"}
    data["applicant_kind"] = "person"
    data.update(overrides)
    return data


def png(name="photo.png", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="scan.pdf", size=2000):
    head = b"%PDF-1.4\n"
    return SimpleUploadedFile(name, head + b"0" * (size - len(head)), content_type="application/pdf")


@pytest.fixture
def profiles(sites):
    """site key -> SiteProfile."""
    return {key: site.profile for key, site in sites.items()}


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST as an applicant on `host` from `remote_addr`; what waits for the commit (the receipt) runs."""

    def send(client, url, data, host="jixian.localhost", remote_addr="10.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, HTTP_HOST=host, REMOTE_ADDR=remote_addr)

    return send
