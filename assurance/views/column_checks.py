"""已核查，内容仍有效: a column's unit confirms that its fixed column is still current.

Seed 001 once had units move dates forward to show a review; seed 003 forbids forged dates. The
check is recorded on its own (ColumnCheck and the page's history), counts as an update of the
column and is shown to residents as a check; no item's date changes. Dynamic columns are kept
current only by new items and accept no check."""

from django import forms
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter, log

from columns.models import ColumnPage
from sites.admin_views import PageActionView

from ..models import ColumnCheck
from ..rules import DYNAMIC_FREQUENCIES, accepts_checks

ACTION = "assurance.column_checked"
CHECKED = "核查栏目：内容仍有效"
FORBIDDEN = "您没有编辑本栏目的权限，不能核查。栏目由其所属站点的保障单位核查。"
HISTORY_SHOWN = 20


def accepts_check(column):
    return accepts_checks(column.update_frequency, column.title)


def refusal(column):
    """Why a dynamic column takes no check, or None."""
    if accepts_check(column):
        return None
    if column.update_frequency in DYNAMIC_FREQUENCIES:
        reason = f"更新要求为{column.get_update_frequency_display()}"
    else:
        reason = "按国家检查规定属动态要闻类栏目"
    return f"“{column.title}”是动态栏目（{reason}）。动态栏目须发布新信息保持更新，不能以核查代替。"


class ColumnCheckForm(forms.ModelForm):
    class Meta:
        model = ColumnCheck
        fields = ["note"]
        help_texts = {"note": "选填：核查了哪些内容、依据什么，如“已与主管部门核对，规划仍在实施期内”。"}


class ColumnCheckView(PageActionView):
    template_name = "assurance/column_check.html"
    page_title = "栏目核查"
    header_icon = "check"
    page_model = ColumnPage
    forbidden = FORBIDDEN

    def allows(self, user, page):
        return page.permissions_for_user(user).can_edit()

    def get_context_data(self, **kwargs):
        column = self.page
        if not self.allowed:
            return super().get_context_data(column=column, **kwargs)
        return super().get_context_data(
            column=column,
            refusal=refusal(column),
            units=[unit.name for unit in column.responsible_units.all()],
            checks=ColumnCheck.objects.filter(column=column).select_related("checked_by")[:HISTORY_SHOWN],
            edit_url=reverse("wagtailadmin_pages:edit", args=[column.pk]),
            history_url=reverse("wagtailadmin_pages:history", args=[column.pk]),
            **kwargs,
        )

    def get(self, request, page_id):
        return self.render_to_response(self.get_context_data(form=ColumnCheckForm()))

    def post(self, request, page_id):
        if refusal(self.page):
            return self.render_to_response(self.get_context_data(form=None), status=403)
        form = ColumnCheckForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        with transaction.atomic():
            check = form.save(commit=False)
            check.column = self.page
            check.checked_by = request.user
            check.save()
            log(self.page, ACTION, user=request.user, data={"check": check.pk, "note": check.note})
        messages.success(request, f"已记录“{self.page.title}”的核查：内容仍有效。")
        return redirect("assurance_column_check", page_id=self.page.pk)


class ColumnCheckMenuItem(PageMenuItem):
    label = "核查：内容仍有效"
    icon_name = "check"
    url_name = "assurance_column_check"

    def is_shown(self, user):
        return accepts_check(self.page) and self.page.permissions_for_user(user).can_edit()


@hooks.register("register_admin_urls")
def column_check_urls():
    return [path("assurance/column-checks/<int:page_id>/", ColumnCheckView.as_view(), name="assurance_column_check")]


@hooks.register("register_page_header_buttons")
def column_check_button(page, user, view_name, next_url=None):
    specific_class = page.specific_class
    if specific_class and issubclass(specific_class, ColumnPage):
        yield ColumnCheckMenuItem(page=page if isinstance(page, ColumnPage) else page.specific, priority=66)


@hooks.register("register_log_actions")
def register_column_check_action(actions):
    @actions.register_action(ACTION)
    class ColumnCheckedFormatter(LogFormatter):
        label = "栏目核查"

        def format_message(self, log_entry):
            note = log_entry.data.get("note")
            return f"{CHECKED}。核查说明：{note}" if note else CHECKED
