from django import forms
from django.core.validators import MaxValueValidator

from . import layout
from .models import DisclosureReport

TEXT = forms.Textarea(attrs={"rows": 8})
MAX_COUNT = 10_000_000


class ReportForm(forms.ModelForm):
    """The unit's part of the report: the three texts, the decisions and fees of table 二 and the
    12 entered cells of table 四 (each 总计 is their sum)."""

    class Meta:
        model = DisclosureReport
        fields = ["overview", "licences", "penalties", "coercions", "fees", "problems", "other_matters"]
        widgets = {"overview": TEXT, "problems": TEXT, "other_matters": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("licences", "penalties", "coercions"):
            field = self.fields[name]
            field.validators.append(MaxValueValidator(MAX_COUNT, "数字过大，请核对。"))
            field.error_messages.update(
                required="请填写，没有请填0。", invalid="请填写不小于0的整数。", min_value="不能小于0。"
            )
            field.widget.attrs.update(min=0, max=MAX_COUNT)
        fees = self.fields["fees"]
        fees.min_value = 0
        fees.error_messages.update(
            required="请填写，没有请填0。",
            invalid="请填写金额（万元），如 12.5。",
            max_digits="金额过大，请核对。",
            max_decimal_places="最多保留4位小数。",
        )
        fees.widget.attrs.update(min=0, step="0.0001")
        for name in ("overview", "problems", "other_matters"):
            self.fields[name].max_length = 20_000
            self.fields[name].widget.attrs["maxlength"] = 20_000
        appeals = (self.instance.appeals or {}) if self.instance else {}
        for cell in layout.APPEAL_ENTERED:
            self.fields[cell] = forms.IntegerField(
                label=layout.appeal_label(cell),
                min_value=0,
                max_value=MAX_COUNT,
                initial=appeals.get(cell, 0),
                error_messages={
                    "required": "请填写，没有请填0。",
                    "invalid": "请填写不小于0的整数。",
                    "min_value": "不能小于0。",
                    "max_value": "数字过大，请核对。",
                },
            )

    def clean_fees(self):
        fees = self.cleaned_data.get("fees")
        if fees is not None and fees < 0:
            raise forms.ValidationError("收费金额不能小于0。")
        return fees

    def appeal_fields(self):
        return [self[cell] for cell in layout.APPEAL_ENTERED]

    def save(self, commit=True):
        self.instance.appeals = {cell: self.cleaned_data[cell] for cell in layout.APPEAL_ENTERED}
        return super().save(commit)
