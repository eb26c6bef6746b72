from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态验证码",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": "请输入动态验证码。"},
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("动态验证码由 6 位数字组成。")
        return token


class HandOverForm(forms.Form):
    successor = forms.CharField(label="接手人（用户名）", max_length=150)
