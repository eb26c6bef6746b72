"""The 政府信息公开申请表 (online, and as staff record a paper one), the lookup and the 补正.

One form serves 自然人 and 法人或其他组织: the fields each needs become required by the kind chosen,
and the cleaned data carries the model's fields (applicant_kind, name, id_type, id_number …).
"""

import re

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator

from interaction.forms import CaptchaMixin, MultipleFileField, normalize_mobile

from . import intake
from .models import ApplicantKind, Channel, Delivery, IdType, Medium

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
POSTCODE = re.compile(r"^\d{6}$")
PERSON, ORGANISATION = "person", "organisation"
ORGANISATION_KINDS = [(k, label) for k, label in ApplicantKind.choices if k != ApplicantKind.PERSON]
PERSON_ID_TYPES = [(k, label) for k, label in IdType.choices if k != IdType.CREDIT_CODE]
ACCEPT = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def valid_id_card(value):
    """A 居民身份证 number: 17 digits and its check character (GB 11643)."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == value[17]


def valid_credit_code(value):
    """A 统一社会信用代码: 18 characters and its check character (GB 32100)."""
    if len(value) != 18 or any(c not in CREDIT_ALPHABET for c in value):
        return False
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(value[:17], CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31] == value[17]


OFFICE_REFUSED = "所选的公开机关不在本网站受理范围内，请从列表中重新选择。"
NULL_MESSAGE = "含有无法识别的字符，请删除后重新输入。"


def plain_messages(form):
    """Chinese messages for what Django says badly: NUL characters and a choice not offered."""
    for field in form.fields.values():
        field.validators = [
            ProhibitNullCharactersValidator(NULL_MESSAGE) if isinstance(v, ProhibitNullCharactersValidator) else v
            for v in field.validators
        ]
        if isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = f"请从“{field.label}”的选项中选择。"


def _text(label, max_length, required=True, rows=None, help_text="", **attrs):
    widget = forms.Textarea(attrs={"rows": rows, "maxlength": str(max_length)}) if rows else None
    field = forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget,
        error_messages={
            "required": f"请填写{label.removesuffix('（选填）')}。",
            "max_length": f"{label.removesuffix('（选填）')}不能超过{max_length}字，请删减后再提交。",
        },
    )
    field.widget.attrs.update({"maxlength": str(max_length), **attrs})
    return field


class ApplicantForm(forms.Form):
    """The applicant, what is sought and how it is wanted: shared by the online form and staff."""

    profile = forms.ModelChoiceField(
        label="公开机关",
        queryset=None,
        empty_label="请选择",
        help_text="选择掌握您所需信息的机关。",
        error_messages={
            "required": "请选择公开机关。",
        },
    )
    applicant_type = forms.ChoiceField(
        label="申请人",
        choices=[(PERSON, "自然人（个人）"), (ORGANISATION, "法人或其他组织")],
        widget=forms.RadioSelect,
        initial=PERSON,
        error_messages={"required": "请选择申请人是个人还是法人或其他组织。"},
    )
    # 自然人
    name = _text("姓名", 50, required=False, autocomplete="name")
    id_type = forms.ChoiceField(
        label="证件类型", choices=[("", "请选择"), *PERSON_ID_TYPES], required=False, initial=IdType.ID_CARD
    )
    id_number = _text("证件号码", 30, required=False, autocomplete="off")
    # 法人或其他组织
    organisation_kind = forms.ChoiceField(
        label="组织类型", choices=ORGANISATION_KINDS, widget=forms.RadioSelect, required=False
    )
    org_name = _text("名称", 100, required=False, help_text="与营业执照或登记证书上的名称一致。")
    credit_code = _text("统一社会信用代码", 30, required=False, autocomplete="off", autocapitalize="characters")
    legal_representative = _text("法定代表人或负责人", 50, required=False)
    contact_name = _text("联系人", 50, required=False)
    # 联系方式
    phone = _text(
        "联系电话",
        20,
        help_text="手机号码或固定电话（如 0469-4221234），用于工作人员联系您，不会公开。",
        inputmode="tel",
        autocomplete="tel",
    )
    email = forms.EmailField(
        label="电子邮箱（选填）",
        required=False,
        max_length=254,
        help_text="填写后，申请编号和查询码会发送到这个邮箱；选择以电子邮件获取信息时必填。",
        error_messages={"invalid": "电子邮箱格式不正确，请检查。"},
    )
    address = _text("通信地址（选填）", 200, required=False, help_text="选择邮寄获取信息时必填。")
    postcode = _text("邮政编码（选填）", 6, required=False, inputmode="numeric")
    # 所需信息
    description = forms.CharField(
        label="所需政府信息的内容描述",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="请写明信息的名称或者便于查询的特征，如发布机关、时间、涉及的事项。",
        error_messages={"required": "请描述您需要的政府信息。"},
    )
    document_number = _text(
        "文号（选填）", 100, required=False, help_text="知道文件文号的，请填写，如 集政发〔2025〕3号。"
    )
    purpose = _text("用途（选填）", 200, required=False)
    medium = forms.ChoiceField(
        label="获取信息的载体形式",
        choices=Medium.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择纸质或电子文档。"},
    )
    delivery = forms.ChoiceField(
        label="获取信息的方式",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择获取信息的方式。"},
    )
    attachments = MultipleFileField(label="附件（选填）", required=False)

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        plain_messages(self)
        self.fields["profile"].queryset = profiles
        self.fields["profile"].error_messages["invalid_choice"] = OFFICE_REFUSED
        limit = settings.DISCLOSURE_DESCRIPTION_MAX
        description = self.fields["description"]
        description.max_length = limit
        description.widget.attrs.update({"maxlength": str(limit), "data-counted": str(limit)})
        description.validators.append(
            forms.fields.validators.MaxLengthValidator(
                limit, f"内容描述不能超过{limit}字（现在是%(show_value)d字），请删减后再提交。"
            )
        )
        self.fields["attachments"].help_text = intake.files_help()
        self.fields["attachments"].widget.attrs["accept"] = ACCEPT

    def clean_phone(self):
        phone = normalize_mobile(self.cleaned_data["phone"])
        if not (MOBILE.match(phone) or LANDLINE.match(phone)):
            raise forms.ValidationError("联系电话格式不正确，请填写11位手机号码或带区号的固定电话。")
        return phone

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not POSTCODE.match(postcode):
            raise forms.ValidationError("邮政编码应为6位数字。")
        return postcode

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if problem := intake.files_problem(files):
            raise forms.ValidationError(problem)
        return files

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("applicant_type") == ORGANISATION:
            self._clean_organisation(cleaned)
        elif cleaned.get("applicant_type") == PERSON:
            self._clean_person(cleaned)
        delivery, medium = cleaned.get("delivery"), cleaned.get("medium")
        if delivery == Delivery.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "选择以电子邮件获取信息时，请填写电子邮箱。")
        if delivery == Delivery.POST and not cleaned.get("address"):
            self.add_error("address", "选择邮寄时，请填写通信地址。")
        if medium == Medium.PAPER and delivery in (Delivery.EMAIL, Delivery.ONLINE):
            self.add_error("delivery", "纸质信息只能邮寄或当面领取，请重新选择，或将载体形式改为电子文档。")
        if cleaned.get("description"):
            text = cleaned["description"].strip()
            if cleaned.get("document_number"):
                text += f"\n文号：{cleaned['document_number'].strip()}"
            cleaned["description"] = text
        return cleaned

    def _require(self, cleaned, *names):
        for name in names:
            if not (cleaned.get(name) or "").strip() and name not in self.errors:
                label = self.fields[name].label
                self.add_error(name, f"请填写{label}。" if name != "organisation_kind" else "请选择组织类型。")

    def _clean_person(self, cleaned):
        self._require(cleaned, "name", "id_number")
        if not cleaned.get("id_type") and "id_type" not in self.errors:
            self.add_error("id_type", "请选择证件类型。")
        number = "".join((cleaned.get("id_number") or "").split()).upper()
        if number and cleaned.get("id_type") == IdType.ID_CARD and not valid_id_card(number):
            self.add_error("id_number", "居民身份证号码不正确，请核对18位号码（最后一位可能是X）。")
        cleaned.update(
            applicant_kind=ApplicantKind.PERSON,
            name=(cleaned.get("name") or "").strip(),
            id_number=number,
            legal_representative="",
            contact_name="",
        )

    def _clean_organisation(self, cleaned):
        self._require(cleaned, "organisation_kind", "org_name", "credit_code", "legal_representative", "contact_name")
        code = "".join((cleaned.get("credit_code") or "").split()).upper()
        if code and not valid_credit_code(code) and "credit_code" not in self.errors:
            self.add_error("credit_code", "统一社会信用代码不正确，请核对营业执照或登记证书上的18位代码。")
        cleaned.update(
            applicant_kind=cleaned.get("organisation_kind") or "",
            name=(cleaned.get("org_name") or "").strip(),
            id_type=IdType.CREDIT_CODE,
            id_number=code,
        )


class ApplicationForm(CaptchaMixin, ApplicantForm):
    """The online form: the applicant's promise, the captcha and the abuse limits."""

    consent = forms.BooleanField(
        label="我已阅读申请须知，承诺以上所填信息真实、准确",
        error_messages={"required": "请阅读申请须知并勾选承诺。"},
    )

    def __init__(self, *args, remote_addr=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.remote_addr = remote_addr

    def clean_phone(self):
        phone = super().clean_phone()
        if refusal := intake.phone_limit_reached(phone):
            raise forms.ValidationError(refusal)
        return phone

    def clean(self):
        cleaned = super().clean()
        if refusal := intake.address_limit_reached(self.remote_addr):
            raise forms.ValidationError(refusal)
        return cleaned


RECORDED_CHANNELS = [(k, label) for k, label in Channel.choices if k != Channel.ONLINE]


class RecordForm(ApplicantForm):
    """Staff recording an application that arrived in person, by post or by fax (art. 31)."""

    channel = forms.ChoiceField(
        label="申请方式",
        choices=RECORDED_CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申请方式。"},
    )
    received_on = forms.DateField(
        label="收到申请之日",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="当面提交：提交当日；邮寄需签收：签收之日；平常信函、传真：与申请人确认之日（条例第三十一条）。",
        error_messages={"required": "请填写收到申请之日。", "invalid": "日期格式不正确，如 2026-03-02。"},
    )

    field_order = ["profile", "channel", "received_on"]

    def clean_received_on(self):
        try:
            return intake.check_received_on(self.data.get("channel"), self.cleaned_data["received_on"])
        except intake.RefusedAction as refusal:
            raise forms.ValidationError(str(refusal)) from None


class LookupForm(forms.Form):
    number = forms.CharField(label="申请编号", max_length=20, error_messages={"required": "请填写申请编号。"})
    code = forms.CharField(
        label="查询码",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": "请填写查询码。"},
    )

    def clean_number(self):
        return "".join(self.cleaned_data["number"].split()).upper()


class ClarificationForm(forms.Form):
    """The corrected application (补正): what the office asked for, and papers if any."""

    text = forms.CharField(
        label="补正内容",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="请按补正告知的要求，写明您需要的政府信息的名称、文号或其他特征。",
        error_messages={"required": "请填写补正内容。"},
    )
    attachments = MultipleFileField(label="补充材料（选填）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_messages(self)
        limit = settings.DISCLOSURE_DESCRIPTION_MAX
        text = self.fields["text"]
        text.max_length = limit
        text.widget.attrs.update({"maxlength": str(limit), "data-counted": str(limit)})
        text.validators.append(
            forms.fields.validators.MaxLengthValidator(limit, f"补正内容不能超过{limit}字，请删减后再提交。")
        )
        self.fields["attachments"].help_text = intake.files_help()
        self.fields["attachments"].widget.attrs["accept"] = ACCEPT

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if problem := intake.files_problem(files):
            raise forms.ValidationError(problem)
        return files
