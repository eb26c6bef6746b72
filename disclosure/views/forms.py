"""The forms of the handling steps on the admin's application page (prefix = the step's name)."""

from django import forms
from django.conf import settings

from interaction.forms import MultipleFileField

from .. import fees, intake
from ..handling import AUTOMATIC, SEND_VIA, forward_targets
from ..outcomes import OUTCOME_CHOICES


class EmptyForm(forms.Form):
    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)


class ReceiptForm(EmptyForm):
    received_on = forms.DateField(
        label="收到申请之日",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="不填为今天。以邮寄方式提交的，填写签收之日（条例第三十一条）。",
    )


class ForwardForm(EmptyForm):
    to = forms.ModelChoiceField(
        label="转交单位",
        queryset=None,
        error_messages={"required": "请选择转交单位。", "invalid_choice": "只能转交给本机关所辖的运行中单位。"},
    )
    note = forms.CharField(
        label="转交理由",
        max_length=300,
        error_messages={"required": "请填写转交理由。"},
        help_text="如：该信息由该单位制作和保存。",
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = forward_targets(application)


class ClarificationRequestForm(EmptyForm):
    request = forms.CharField(
        label="需要补正的事项",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "请填写需要补正的事项。"},
        help_text="一次性告知申请人需要补正的全部事项和合理的补正期限。",
    )


class ClarificationForm(EmptyForm):
    clarified_on = forms.DateField(
        label="收到补正之日", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="不填为今天。"
    )
    clarification = forms.CharField(
        label="补正内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "请填写补正内容。"},
    )
    attachments = MultipleFileField(label="补充材料（选填）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = intake.files_help()

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if problem := intake.files_problem(files):
            raise forms.ValidationError(problem)
        return files


class ExtendForm(EmptyForm):
    days = forms.IntegerField(
        label="延长工作日",
        min_value=1,
        max_value=settings.DISCLOSURE_MAX_EXTENSION_DAYS,
        initial=settings.DISCLOSURE_MAX_EXTENSION_DAYS,
        error_messages={"required": "请填写延长的工作日数。"},
    )
    reason = forms.CharField(label="延期理由", max_length=300, error_messages={"required": "请填写延期理由。"})
    approver = forms.CharField(
        label="批准人",
        max_length=50,
        help_text="政府信息公开工作机构负责人姓名",
        error_messages={"required": "请填写批准人。"},
    )


class ConsultForm(EmptyForm):
    third_party = forms.CharField(label="第三方名称", max_length=200, error_messages={"required": "请填写第三方名称。"})


class NoteForm(EmptyForm):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class RequiredNoteForm(EmptyForm):
    note = forms.CharField(
        label="修改意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "请填写退回修改的意见。"},
    )


class FeeForm(EmptyForm):
    method = forms.ChoiceField(label="计费方式", choices=fees.METHODS, widget=forms.RadioSelect)
    pages = forms.IntegerField(label="页数（A4）", required=False, min_value=0, help_text="按量计收时填写。")


class FeePaidForm(EmptyForm):
    paid_on = forms.DateField(
        label="缴费日期", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="不填为今天。"
    )


class DecideForm(EmptyForm):
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=[("", "请选择")] + [c for c in OUTCOME_CHOICES if c[0] not in AUTOMATIC],
        error_messages={"required": "请选择办理结果。"},
    )
    basis = forms.CharField(
        label="理由和依据",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "请填写理由和依据。"},
    )
    withheld = forms.CharField(
        label="不予公开部分的理由和依据",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="部分公开的必填。",
    )
    files = MultipleFileField(
        label="提供的信息文件", required=False, help_text="予以公开、部分公开的，至少上传一个文件。"
    )
    remove = forms.MultipleChoiceField(
        label="删除已上传的文件", required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        released = application.files.filter(kind="released").order_by("pk") if application else []
        self.fields["remove"].choices = [(str(f.pk), f.name) for f in released]
        if not self.fields["remove"].choices:
            del self.fields["remove"]


class LetterForm(EmptyForm):
    letter = forms.CharField(
        label="告知书",
        widget=forms.Textarea(attrs={"rows": 20}),
        max_length=20000,
        error_messages={"required": "请填写告知书内容。"},
    )


class SendForm(EmptyForm):
    via = forms.ChoiceField(label="送达方式", choices=SEND_VIA, widget=forms.RadioSelect)
