"""The forms of the handling steps in the admin's letter page."""

from django import forms

from ..handling import forward_targets
from ..models import Letter


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class RefuseForm(forms.Form):
    reason = forms.ChoiceField(label="不予受理原因", choices=Letter.Refusal.choices)
    note = forms.CharField(
        label="说明",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        help_text="必填：将通过电子邮件告知来信人。",
        error_messages={"required": "请填写不予受理的说明。"},
    )


class ForwardForm(forms.Form):
    to = forms.ModelChoiceField(
        label="转办单位",
        queryset=None,
        error_messages={"required": "请选择转办单位。", "invalid_choice": "只能转办给本站点下属的运行中单位。"},
    )
    note = forms.CharField(label="转办说明", required=False, max_length=300)

    def __init__(self, *args, letter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = forward_targets(letter.profile)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=200,
        error_messages={"required": "请填写理由。"},
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label="答复内容",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={"required": "请填写答复内容。"},
    )


class PublishForm(forms.Form):
    title = forms.CharField(label="公开标题", max_length=100)
    content = forms.CharField(label="公开的来信内容", widget=forms.Textarea(attrs={"rows": 5}))
    reply = forms.CharField(label="公开的答复内容", widget=forms.Textarea(attrs={"rows": 6}))


class EmptyForm(forms.Form):
    pass
