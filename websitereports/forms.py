"""The form of the items a unit enters by hand, built from websitereports.items: numbers not below
zero, 是/否 items, 填报日期 a date, a telephone number. Saving a draft accepts blanks; publishing
needs every required item."""

from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator

from . import items

PHONE = RegexValidator(
    r"^(0\d{2,3}-?\d{7,8}(-\d{1,6})?|1\d{10}|\d{7,8})$",
    "请填写正确的联系电话，如 0469-4222222 或 13800000000。",
)
YES_NO = [("", "未填写"), ("yes", "是"), ("no", "否")]
NUMBER_ERRORS = {"invalid": "请填写数字。", "min_value": "不能小于 0。", "max_value": "数字过大。"}
MAX_NUMBER = 10**12


def field_for(item):
    common = {"label": item.label, "required": False}
    if item.kind == items.INT:
        return forms.IntegerField(min_value=0, max_value=MAX_NUMBER, error_messages=NUMBER_ERRORS, **common)
    if item.kind == items.DECIMAL:
        return forms.DecimalField(
            min_value=0,
            max_digits=14,
            decimal_places=2,
            error_messages={**NUMBER_ERRORS, "max_decimal_places": "最多保留 2 位小数。", "max_digits": "数字过大。"},
            **common,
        )
    if item.kind == items.BOOL:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if item.kind == items.DATE:
        return forms.DateField(
            error_messages={"invalid": "请按 2026-01-20 的格式填写日期。"},
            widget=forms.DateInput(attrs={"type": "date"}),
            **common,
        )
    if item.kind == items.PHONE:
        return forms.CharField(max_length=30, validators=[PHONE], **common)
    return forms.CharField(max_length=100, error_messages={"max_length": "最多 %(limit_value)d 个字。"}, **common)


class EntryForm(forms.Form):
    """The hand-entered items; `publishing` makes every required item required."""

    def __init__(self, *args, publishing=False, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.publishing, self.year = publishing, year
        for item in items.HAND_ITEMS:
            self.fields[item.key] = field_for(item)
            self.fields[item.key].group = "·".join(item.group)

    @classmethod
    def initial_from(cls, entered):
        """The stored JSON back into the fields' terms (是 → yes, dates as dates)."""
        initial = {}
        for item in items.HAND_ITEMS:
            value = entered.get(item.key)
            if value is None:
                continue
            if item.kind == items.BOOL:
                value = "yes" if value else "no"
            elif item.kind == items.DATE:
                value = date.fromisoformat(value)
            initial[item.key] = value
        return initial

    def clean(self):
        data = super().clean()
        if self.publishing:
            for item in items.HAND_ITEMS:
                if item.required and item.key not in self.errors and data.get(item.key) in (None, ""):
                    self.add_error(item.key, "发布前必须填写此项。")
        pairs = [
            ("visits", "unique_visitors", "网站总访问量不能少于独立用户访问总量。"),
            ("service_items", "online_service_items", "可全程在线办理的事项不能多于政务服务事项总数。"),
        ]
        for larger, smaller, message in pairs:
            if (
                isinstance(data.get(larger), int)
                and isinstance(data.get(smaller), int)
                and data[larger] < data[smaller]
            ):
                self.add_error(larger if larger == "visits" else smaller, message)
        filled_on = data.get("filled_on")
        if isinstance(filled_on, date) and self.year and filled_on.year <= self.year:
            self.add_error("filled_on", f"填报日期应在 {self.year} 年度结束之后。")
        return data

    def entered(self):
        """cleaned_data as stored: numbers, True/False, ISO dates; blanks left out."""
        stored = {}
        for item in items.HAND_ITEMS:
            value = self.cleaned_data.get(item.key)
            if value in (None, ""):
                continue
            if item.kind == items.BOOL:
                value = value == "yes"
            elif item.kind == items.DECIMAL:
                value = float(Decimal(value).quantize(Decimal("0.01")))
            elif item.kind == items.DATE:
                value = value.isoformat()
            elif isinstance(value, str):
                value = value.strip()
            stored[item.key] = value
        return stored
