"""The residents' comment form and the staff's disposition and feedback forms."""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator

from interaction.forms import HONEYPOT, CaptchaMixin

from .models import Comment

WHOLE_DRAFT = ""


def content_max():
    return settings.SOLICITATION_COMMENT_MAX


class CommentForm(CaptchaMixin):
    field_order = ["article", "content", "name", "phone", "captcha", HONEYPOT]

    article = forms.TypedChoiceField(
        label="针对条款",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "所选条款不属于本次征集的草案，请在列表中重新选择。"},
    )
    content = forms.CharField(
        label="意见内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写意见内容。"},
    )
    name = forms.CharField(
        label="姓名（选填，不公开）",
        max_length=50,
        required=False,
        error_messages={"max_length": "姓名最多 %(limit_value)d 个字。"},
    )
    phone = forms.CharField(
        label="联系电话（选填，不公开）",
        max_length=20,
        required=False,
        validators=[RegexValidator(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$", "请填写正确的手机号码或带区号的固定电话。")],
        error_messages={"max_length": "电话号码最多 %(limit_value)d 位。"},
    )

    def __init__(self, page, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.articles = list(page.articles.all())
        self.fields["article"].choices = [(WHOLE_DRAFT, "对草案整体提意见")] + [
            (article.pk, f"{article.label}") for article in self.articles
        ]
        limit = content_max()
        content = self.fields["content"]
        content.max_length = limit
        content.validators.append(forms.fields.validators.MaxLengthValidator(limit))
        content.error_messages["max_length"] = f"意见内容最多 {limit} 字，请删减后再提交。"
        content.widget.attrs.update({"maxlength": limit, "data-limit": limit})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})

    def clean_content(self):
        return self.cleaned_data["content"].strip()

    def chosen_article(self):
        article_id = self.cleaned_data.get("article")
        return next((a for a in self.articles if a.pk == article_id), None)


class DispositionForm(forms.Form):
    disposition = forms.ChoiceField(
        label="处理结果",
        choices=[c for c in Comment.Disposition.choices if c[0] != Comment.Disposition.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择处理结果。", "invalid_choice": "请选择采纳、部分采纳或未采纳。"},
    )
    reason = forms.CharField(
        label="理由",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "理由最多 %(limit_value)d 字。"},
    )

    def clean(self):
        data = super().clean()
        needs_reason = data.get("disposition") in (Comment.Disposition.PARTLY, Comment.Disposition.NOT_ADOPTED)
        if needs_reason and not (data.get("reason") or "").strip():
            self.add_error("reason", "部分采纳或未采纳的意见须说明理由。")
        return data


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label="意见采纳情况说明",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "请填写意见采纳情况说明。", "max_length": "说明最多 %(limit_value)d 字。"},
    )
