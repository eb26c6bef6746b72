"""Applying for disclosure online: the 依申请公开 column leads to the form; the form's 公开机关 are
the site's own; 自然人 and 法人或其他组织 each need their fields; every refusal says what to fix
beside the field, keeps what was typed, and leaves no application and no file behind."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from wagtail.models import Site

from columns.models import ColumnPage
from disclosure import intake
from disclosure.columns import adopt_disclosure_columns
from disclosure.models import Application, ApplicationEvent, ApplicationFile, DisclosureColumnPage
from interaction.receipts import code_matches
from sites.provisioning import provision_site
from sites.routing import own_pages_q
from tests.conftest import build_base_cluster

from .conftest import ORGANISATION, cleaned, form_data, pdf, png, stored_files
from .factories import application

URL = "/disclosure/apply/"
HOST = "jixian.localhost"
NOT_A_FILE = "不是 JPG、PNG 图片或 PDF 文件"


def code_on(html):
    return html.split('查询码：<strong class="code">')[1].split("<")[0]


def options(client, host):
    html = client.get(URL, HTTP_HOST=host).content.decode()
    return html.split('name="profile"')[1].split("</select>")[0]


# The column and the form ---------------------------------------------------------------------


def test_the_county_and_portal_columns_lead_to_the_form(client, sites):
    expected = {
        "jixian": "disclosure/disclosure-on-request",
        "youyi": "disclosure/disclosure-on-request",
        "jianshan": "disclosure/disclosure-on-request",
        "portal": "homepage/disclosure-on-request/request-handling",
    }
    for key, column_key in expected.items():
        page = DisclosureColumnPage.objects.filter(own_pages_q(sites[key])).get(column_key=column_key)
        response = client.get(page.get_url_parts()[2], HTTP_HOST=sites[key].hostname)
        html = response.content.decode()
        assert response.status_code == 200 and "申请须知" in html, key
        assert f"/disclosure/apply/?unit={sites[key].profile.pk}" in html and "/disclosure/lookup/" in html
        assert "20个工作日" in html and "第三十一条" in html and "信息处理费" in html
    # the portal's parent channel 依申请公开 stays a plain column
    parent = ColumnPage.objects.filter(own_pages_q(sites["portal"])).get(column_key="homepage/disclosure-on-request")
    assert parent.specific_class is ColumnPage


def test_adopting_the_columns_again_changes_nothing(sites):
    root = sites["jixian"].root_page
    assert adopt_disclosure_columns(root, ColumnPage, DisclosureColumnPage) == 0
    assert DisclosureColumnPage.objects.filter(own_pages_q(sites["jixian"])).count() == 1


def test_the_form_shows_its_sections_captcha_and_a_hidden_honeypot(client, db):
    html = client.get(URL, HTTP_HOST=HOST).content.decode()
    for words in ("政府信息公开申请表", "自然人（个人）", "法人或其他组织", "统一社会信用代码", "法定代表人或负责人"):
        assert words in html
    for words in ("所需政府信息的内容描述", "文号（选填）", "获取信息的载体形式", "获取信息的方式", "验证码"):
        assert words in html
    assert 'class="hp"' in html and 'name="homepage"' in html and 'maxlength="2000"' in html


def test_the_form_links_to_its_own_sites_guide(client, sites):
    for key in ("portal", "jixian"):
        column = DisclosureColumnPage.objects.get(own_pages_q(sites[key]))
        html = client.get(URL, HTTP_HOST=sites[key].hostname).content.decode()
        assert f'<a href="{column.url}">阅读申请须知</a>' in html, key
    assert "阅读申请须知</a>" not in client.get(URL, HTTP_HOST="fuli.jixian.localhost").content.decode()


def test_each_site_offers_its_own_unit_and_the_sections_within_it(client, profiles):
    town = provision_site(parent=HOST, level="township", name="集贤县升昌镇人民政府", path="towns/shengchang").profile
    jixian = options(client, HOST)
    assert "集贤县人民政府" in jixian and "集贤县升昌镇人民政府" in jixian
    assert "集贤县福利镇人民政府" not in jixian  # a township on its own hostname takes its own
    assert "友谊县" not in jixian and "双鸭山市人民政府" not in jixian
    fuli = options(client, "fuli.jixian.localhost")
    assert "集贤县福利镇人民政府" in fuli and "集贤县人民政府" not in fuli
    assert "集贤县升昌镇人民政府" not in options(client, "youyi.localhost")
    # the column's ?unit= preselects, a unit of another site does not
    chosen = client.get(f"{URL}?unit={town.pk}", HTTP_HOST=HOST).content.decode()
    assert f'<option value="{town.pk}" selected>' in chosen
    foreign = client.get(f"{URL}?unit={profiles['youyi'].pk}", HTTP_HOST=HOST).content.decode()
    assert f'<option value="{profiles["jixian"].pk}" selected>' in foreign


# A person, an organisation ------------------------------------------------------------------


def test_a_person_applies_to_the_county(client, profiles, post, private_media):
    data = form_data(profiles["jixian"], attachments=[png(), pdf()], document_number="集政发〔2025〕3号")
    response = post(client, URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    application = Application.objects.get()
    code = code_on(html)
    assert "您的政府信息公开申请已提交" in html and application.number in html
    assert len(code) == 8 and code_matches(application, code) and code not in application.query_code_hash
    today = timezone.localdate()
    assert application.number == f"YS{today:%Y%m%d}0001"

    assert application.profile == application.handler == profiles["jixian"]
    assert application.state == Application.State.SUBMITTED and application.received_on is None
    assert application.channel == "online" and application.remote_addr == "10.0.0.1"
    assert (application.applicant_kind, application.name, application.id_type, application.id_number) == (
        "person",
        "王建国",
        "id_card",
        "11010519491231002X",
    )
    assert application.legal_representative == "" and application.contact_name == ""
    assert application.description.endswith("\n文号：集政发〔2025〕3号")
    assert (application.medium, application.delivery, application.email) == ("electronic", "email", "wang@example.com")
    assert list(application.events.values_list("action", flat=True)) == [ApplicationEvent.Action.SUBMITTED]
    files = {f.content_type: f for f in application.files.all()}
    assert set(files) == {"image/png", "application/pdf"}
    assert all(f.kind == ApplicationFile.Kind.APPLICANT for f in files.values())
    assert len(stored_files(private_media)) == 2

    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["wang@example.com"] and application.number in receipt.subject
    assert code in receipt.body and "二十" not in receipt.subject
    assert "20个工作日内予以答复" in receipt.body and "第三十一条第三项" in receipt.body


def test_an_organisation_applies_with_its_credit_code(client, profiles, post):
    response = post(client, URL, form_data(profiles["jixian"], ORGANISATION, credit_code="9111 0000 8021 0043 3b"))
    assert response.status_code == 200, response.content.decode()
    application = Application.objects.get()
    assert (application.applicant_kind, application.name, application.id_type, application.id_number) == (
        "business",
        "集贤县丰收农业有限公司",
        "credit_code",
        "91110000802100433B",
    )
    assert (application.legal_representative, application.contact_name) == ("李明", "赵丽")


def test_a_person_needs_a_name_and_an_identity_document(client, profiles, post):
    data = form_data(profiles["jixian"], name="", id_type="", id_number="", description="我想要的信息")
    response = post(client, URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "请填写姓名。" in html and "请选择证件类型。" in html and "请填写证件号码。" in html
    assert "请填写名称。" not in html and "请填写法定代表人或负责人。" not in html
    assert "我想要的信息" in html and "13912345678" in html  # the typed input is kept
    assert Application.objects.count() == 0 and mail.outbox == []


def test_a_wrong_id_card_number_is_refused_beside_the_field(client, profiles, post):
    html = post(client, URL, form_data(profiles["jixian"], id_number="110105194912310021")).content.decode()
    assert "居民身份证号码不正确" in html and Application.objects.count() == 0
    # a passport is not checked as an ID card
    assert (
        post(client, URL, form_data(profiles["jixian"], id_type="passport", id_number="E12345678")).status_code == 200
    )


def test_an_organisation_needs_its_name_code_representative_and_contact(client, profiles, post):
    data = form_data(
        profiles["jixian"],
        ORGANISATION,
        organisation_kind="",
        org_name="",
        credit_code="",
        legal_representative="",
        contact_name="",
    )
    html = post(client, URL, data).content.decode()
    for message in ("请选择组织类型。", "请填写名称。", "请填写统一社会信用代码。", "请填写法定代表人或负责人。"):
        assert message in html
    assert "请填写联系人。" in html and "请填写姓名。" not in html and "请填写证件号码。" not in html
    wrong = post(client, URL, form_data(profiles["jixian"], ORGANISATION, credit_code="91110000802100433C"))
    assert "统一社会信用代码不正确" in wrong.content.decode()
    assert Application.objects.count() == 0


def test_the_delivery_needs_its_address_and_matches_the_medium(client, profiles, post):
    html = post(client, URL, form_data(profiles["jixian"], email="", delivery="email")).content.decode()
    assert "选择以电子邮件获取信息时，请填写电子邮箱。" in html
    html = post(client, URL, form_data(profiles["jixian"], address="", delivery="post")).content.decode()
    assert "选择邮寄时，请填写通信地址。" in html
    html = post(client, URL, form_data(profiles["jixian"], medium="paper", delivery="online")).content.decode()
    assert "纸质信息只能邮寄或当面领取" in html
    html = post(client, URL, form_data(profiles["jixian"], consent=None)).content.decode()
    assert "请阅读申请须知并勾选承诺。" in html
    assert Application.objects.count() == 0


# Refusals -------------------------------------------------------------------------------------


def test_a_forged_office_of_another_site_is_refused(client, profiles, post):
    for foreign in ("youyi", "portal", "fuli"):
        response = post(client, URL, form_data(profiles[foreign]))
        assert response.status_code == 400
        assert "所选的公开机关不在本网站受理范围内" in response.content.decode()
    assert post(client, URL, form_data(profiles["jixian"]) | {"profile": "99999999"}).status_code == 400
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"description": "查" * 2001}, "内容描述不能超过2000字（现在是2001字）"),
        ({"name": "王" * 51}, "姓名不能超过50字"),
        ({"purpose": "用" * 201}, "用途不能超过200字"),
        ({"phone": "12345"}, "联系电话格式不正确"),
        ({"postcode": "15590"}, "邮政编码应为6位数字。"),
        ({"name": "王\x00建国"}, "含有无法识别的字符"),
        ({"applicant_type": "robot"}, "请从“申请人”的选项中选择。"),
    ],
)
def test_oversized_and_hostile_input_is_refused(client, profiles, post, overrides, message):
    response = post(client, URL, form_data(profiles["jixian"], **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Application.objects.count() == 0


def test_markup_in_the_text_is_kept_as_text(client, profiles, post):
    post(client, URL, form_data(profiles["jixian"], description="<script>alert(1)</script>道路批复"))
    application = Application.objects.get()
    assert application.description == "<script>alert(1)</script>道路批复"


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("fake.png", b"<?php echo 1; ?>", content_type="image/png"),
            "不是 JPG、PNG 图片或 PDF 文件",
        ),
        (SimpleUploadedFile("doc.exe", b"MZ\x90\x00", content_type="application/pdf"), "不是 JPG、PNG 图片或 PDF 文件"),
    ],
)
def test_attachments_are_checked_by_their_content(client, profiles, post, private_media, upload, message):
    html = post(client, URL, form_data(profiles["jixian"], attachments=[upload])).content.decode()
    assert message in html and Application.objects.count() == 0 and stored_files(private_media) == []


def test_oversized_and_too_many_attachments_are_refused(client, profiles, post, settings, private_media):
    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 1000
    html = post(client, URL, form_data(profiles["jixian"], attachments=[pdf(size=1001)])).content.decode()
    assert "超过了1000B" in html or "超过了1KB" in html
    settings.DISCLOSURE_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    html = post(client, URL, form_data(profiles["jixian"], attachments=[png() for _ in range(6)])).content.decode()
    assert "附件最多5个，您选择了6个" in html
    assert Application.objects.count() == 0 and stored_files(private_media) == []


def test_a_filled_honeypot_and_a_wrong_captcha_are_refused(client, profiles, post):
    html = post(client, URL, form_data(profiles["jixian"], homepage="http://spam.example")).content.decode()
    assert "提交未成功，请刷新页面后重新填写。" in html
    html = post(client, URL, form_data(profiles["jixian"], captcha_1="WRONG")).content.decode()
    assert "验证码不正确或已过期" in html
    assert Application.objects.count() == 0


def test_applications_per_address_are_limited_in_a_rolling_day(client, profiles, post, settings):
    settings.DISCLOSURE_APPLICATIONS_PER_ADDRESS_PER_DAY = 2
    yesterday = timezone.now() - timedelta(hours=25)
    application(profiles["jixian"], submitted=yesterday, remote_addr="10.0.0.1")  # outside the day
    for i in range(2):
        assert post(client, URL, form_data(profiles["jixian"], phone=f"1390000000{i}")).status_code == 200
    refused = post(client, URL, form_data(profiles["jixian"], phone="13900000009"))
    assert refused.status_code == 400 and "同一网络24小时内最多提交2份申请" in refused.content.decode()
    other = post(client, URL, form_data(profiles["jixian"], phone="13900000009"), remote_addr="10.0.0.2")
    assert other.status_code == 200
    assert Application.objects.filter(channel="online").count() == 4


def test_applications_per_phone_are_limited_whatever_the_address(client, profiles, post, settings):
    settings.DISCLOSURE_APPLICATIONS_PER_PHONE_PER_DAY = 1
    assert post(client, URL, form_data(profiles["jixian"]), remote_addr="10.0.0.1").status_code == 200
    refused = post(client, URL, form_data(profiles["jixian"]), remote_addr="10.0.0.2")
    assert "这个联系电话24小时内已提交1份申请" in refused.content.decode()
    # the limit holds when the form is bypassed too
    with pytest.raises(intake.RefusedAction, match="联系电话24小时内"):
        intake.receive_application(profiles["jixian"], cleaned(), remote_addr="10.0.0.3")
    assert Application.objects.count() == 1


def test_a_mail_server_failure_never_loses_the_application(client, profiles, post, settings):
    settings.EMAIL_BACKEND = "tests.disclosure.test_apply.BrokenBackend"
    response = post(client, URL, form_data(profiles["jixian"]))
    assert response.status_code == 200 and "您的政府信息公开申请已提交" in response.content.decode()
    assert Application.objects.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_a_failing_save_leaves_no_file_behind(profiles, private_media, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ApplicationEvent.objects, "create", refuse)
    with pytest.raises(RuntimeError):
        intake.receive_application(profiles["jixian"], cleaned(), [png()], "10.0.0.1")
    assert Application.objects.count() == 0 and stored_files(private_media) == []


def test_an_online_application_cannot_carry_a_receipt_date(profiles):
    with pytest.raises(intake.RefusedAction, match="由工作人员确认"):
        intake.receive_application(profiles["jixian"], cleaned(), received_on=timezone.localdate())
    assert Application.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_applicants_at_once_get_different_numbers():
    build_base_cluster()  # a transactional test starts from a flushed database
    profile = Site.objects.get(hostname=HOST).profile
    numbers, errors = [], []
    barrier = threading.Barrier(4)

    def apply(i):
        try:
            barrier.wait()
            application, _code = intake.receive_application(
                profile, cleaned(phone=f"1370000000{i}"), remote_addr=f"10.1.0.{i}"
            )
            numbers.append(application.number)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    prefix = f"YS{timezone.localdate():%Y%m%d}"
    assert sorted(numbers) == [f"{prefix}{n:04d}" for n in range(1, 5)]
