"""报送到门户: an editor of a county, district, township or department site submits a published
item of that site to a portal column, with a note."""

from django import forms
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page

from content.models import ItemPage
from sites.admin_views import PageActionView
from sites.units import profile_of

from ..fields import ColumnChoiceField
from ..models import Submission
from ..services import (
    SubmissionError,
    can_submit,
    column_refusal,
    page_refusal,
    portal_profile,
    submit,
    target_columns,
)

FORBIDDEN = "您没有编辑本信息的权限，不能报送。信息由其所属站点的编辑报送。"


class SubmitForm(forms.Form):
    column = ColumnChoiceField(
        label="报送栏目",
        queryset=Page.objects.none(),
        empty_label="请选择门户栏目",
        help_text="采用后信息出现在门户的这个栏目。",
    )
    note = forms.CharField(
        label="报送说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="选填：给门户编辑的说明，如“县长调研春耕生产，建议在时政信息发布”。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = target_columns()


class SubmitView(PageActionView):
    template_name = "submissions/submit.html"
    page_title = "报送到门户"
    header_icon = "upload"
    forbidden = FORBIDDEN

    def allows(self, user, page):
        return can_submit(user, page)

    @cached_property
    def profile(self):
        return profile_of(self.page)

    @cached_property
    def refusal(self):
        return page_refusal(self.page, self.profile)

    def get_context_data(self, **kwargs):
        if not self.allowed:
            return super().get_context_data(**kwargs)
        return super().get_context_data(
            item=self.page,
            profile=self.profile,
            portal=portal_profile(),
            refusal=self.refusal,
            earlier=Submission.objects.filter(source_page=self.page).select_related("column", "submitted_by"),
            mine_url=reverse("submissions_mine"),
            **kwargs,
        )

    def get(self, request, page_id):
        return self.render_to_response(self.get_context_data(form=None if self.refusal else SubmitForm()))

    def post(self, request, page_id):
        if self.refusal:
            return self.render_to_response(self.get_context_data(form=None), status=400)
        form = SubmitForm(request.POST)
        if form.is_valid():
            column = form.cleaned_data["column"]
            refusal = column_refusal(self.page, column)
            if refusal:
                form.add_error("column", refusal)
            else:
                try:
                    submission = submit(self.page, column, request.user, note=form.cleaned_data["note"].strip())
                except SubmissionError as error:
                    form.add_error(None, str(error))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request, f"已将“{self.page.title}”报送到门户“{submission.column_title}”栏目，等待门户编辑处理。"
        )
        return redirect("submissions_mine")


class SubmitMenuItem(PageMenuItem):
    label = "报送到门户"
    icon_name = "upload"
    url_name = "submissions_submit"

    def is_shown(self, user):
        return page_refusal(self.page, profile_of(self.page)) is None and can_submit(user, self.page)


@hooks.register("register_admin_urls")
def submit_urls():
    return [path("submissions/submit/<int:page_id>/", SubmitView.as_view(), name="submissions_submit")]


@hooks.register("register_page_header_buttons")
def submit_button(page, user, view_name, next_url=None):
    specific_class = page.specific_class
    if specific_class and issubclass(specific_class, ItemPage) and page.live:
        yield SubmitMenuItem(page=page.specific, priority=67)
