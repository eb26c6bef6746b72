"""Residents' forms: writing a letter, looking it up, rating the reply, reporting a site error.

Limits are read from settings when a form is built, so a changed setting applies at once. Every
message says what to fix, beside the field it concerns.
"""

import re

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings

from .intake import error_reports_today, letters_today, sniff_attachment
from .models import ErrorReport, Letter, LetterKind

MOBILE = re.compile(r"^1[3-9]\d{9}$")
HONEYPOT = "homepage"
HONEYPOT_MESSAGE = "提交未成功，请刷新页面后重新填写。"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class CaptchaMixin(forms.Form):
    """The self-hosted captcha and the honeypot: a field hidden from people that bots fill in."""

    captcha = CaptchaField(
        label="验证码",
        help_text="请输入图片中的字符，看不清可点击图片换一张。",
        error_messages={"invalid": "验证码不正确或已过期，请重新输入。", "required": "请输入验证码。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = forms.CharField(
            label="请勿填写此项",
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return cleaned


def normalize_mobile(value):
    value = re.sub(r"[\s-]", "", value or "")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    return value


class LetterForm(CaptchaMixin):
    kind = forms.ChoiceField(
        label="类型",
        choices=LetterKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择来信类型。"},
    )
    title = forms.CharField(label="标题", error_messages={"required": "请填写标题。"})
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 10}))
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名。"})
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        help_text="请填写11位手机号码，用于工作人员联系您，不会公开。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": "请填写手机号码。"},
    )
    email = forms.EmailField(
        label="电子邮箱（选填）",
        required=False,
        help_text="填写后，信件编号和查询码会发送到这个邮箱，不会公开。",
        error_messages={"invalid": "电子邮箱格式不正确，请检查或不填。"},
    )
    publishable = forms.TypedChoiceField(
        label="是否同意公开",
        choices=[("1", "同意公开（公开时会隐去姓名、电话等个人信息）"), ("0", "不同意公开")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
        error_messages={"required": "请选择是否同意公开。"},
    )
    attachments = MultipleFileField(label="附件（选填）", required=False)

    field_order = ["kind", "title", "content", "name", "phone", "email", "publishable", "attachments", "captcha"]

    def __init__(self, *args, remote_addr=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.remote_addr = remote_addr
        title_max, content_max = settings.INTERACTION_TITLE_MAX, settings.INTERACTION_CONTENT_MAX
        for name, limit in (("title", title_max), ("content", content_max)):
            field = self.fields[name]
            field.max_length = limit
            field.widget.attrs.update({"maxlength": str(limit), "data-counted": str(limit)})
            field.validators = [v for v in field.validators if not hasattr(v, "limit_value")]
            field.validators.append(forms.fields.validators.MaxLengthValidator(limit, _too_long(field.label, limit)))
            field.help_text = f"不超过{limit}字。"
        self.fields["content"].error_messages["required"] = "请填写内容。"
        self.fields["attachments"].help_text = (
            f"可上传 JPG、PNG 图片或 PDF 文件，最多{settings.INTERACTION_ATTACHMENT_MAX_COUNT}个，"
            f"每个不超过{_size(settings.INTERACTION_ATTACHMENT_MAX_BYTES)}。"
        )
        self.fields["attachments"].widget.attrs["accept"] = ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"

    def clean_phone(self):
        phone = normalize_mobile(self.cleaned_data["phone"])
        if not MOBILE.match(phone):
            raise forms.ValidationError("手机号码格式不正确，请填写11位手机号码，如 13912345678。")
        limit = settings.INTERACTION_LETTERS_PER_PHONE_PER_DAY
        if letters_today(phone=phone) >= limit:
            raise forms.ValidationError(f"这个手机号码24小时内已来信{limit}封，请明天再来信，或拨打政务服务热线。")
        return phone

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        max_count, max_bytes = settings.INTERACTION_ATTACHMENT_MAX_COUNT, settings.INTERACTION_ATTACHMENT_MAX_BYTES
        if len(files) > max_count:
            raise forms.ValidationError(f"附件最多{max_count}个，您选择了{len(files)}个，请减少后重新选择。")
        for upload in files:
            if upload.size > max_bytes:
                raise forms.ValidationError(
                    f"附件“{upload.name}”有{_size(upload.size)}，超过了{_size(max_bytes)}的限制。"
                )
            if sniff_attachment(upload) is None:
                raise forms.ValidationError(f"附件“{upload.name}”不是 JPG、PNG 图片或 PDF 文件，请重新选择。")
        return files

    def clean(self):
        cleaned = super().clean()
        limit = settings.INTERACTION_LETTERS_PER_ADDRESS_PER_DAY
        if self.remote_addr and letters_today(remote_addr=self.remote_addr) >= limit:
            raise forms.ValidationError(f"同一网络24小时内最多来信{limit}封，请明天再来信，或拨打政务服务热线。")
        return cleaned


def _size(size):
    """5242880 → 5MB, 10001 → 9.8KB."""
    value, unit = (size / 1048576, "MB") if size >= 1048576 else (size / 1024, "KB")
    return f"{value:.1f}".removesuffix(".0") + unit


def _too_long(label, limit):
    return f"{label}不能超过{limit}字（现在是%(show_value)d字），请删减后再提交。"


class LookupForm(forms.Form):
    number = forms.CharField(label="信件编号", max_length=20, error_messages={"required": "请填写信件编号。"})
    code = forms.CharField(
        label="查询码",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": "请填写查询码。"},
    )

    def clean_number(self):
        return "".join(self.cleaned_data["number"].split())


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label="您对答复的评价",
        choices=Letter.Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择评价。"},
    )
    reason = forms.CharField(
        label="理由",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="选择“不满意”时必填。",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rating") == Letter.Rating.UNSATISFIED and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "选择“不满意”时请填写理由。")
        return cleaned


class ErrorReportForm(CaptchaMixin):
    kind = forms.ChoiceField(
        label="问题类型",
        choices=ErrorReport.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择问题类型。"},
    )
    description = forms.CharField(
        label="问题描述",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": "1000"}),
        error_messages={"required": "请描述您发现的问题。", "max_length": "问题描述不能超过1000字。"},
    )
    url = forms.CharField(label="页面地址", max_length=500, error_messages={"required": "请填写出错页面的地址。"})
    contact = forms.CharField(
        label="联系方式（选填）", required=False, max_length=100, help_text="便于工作人员向您核实，不会公开。"
    )

    field_order = ["kind", "description", "url", "contact", "captcha"]

    def __init__(self, *args, remote_addr=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.remote_addr = remote_addr

    def clean(self):
        cleaned = super().clean()
        limit = settings.INTERACTION_ERROR_REPORTS_PER_ADDRESS_PER_DAY
        if self.remote_addr and error_reports_today(self.remote_addr) >= limit:
            raise forms.ValidationError(f"同一网络24小时内最多提交{limit}次纠错，请明天再提交。")
        return cleaned
