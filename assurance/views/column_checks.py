"""已核查，内容仍有效: a column's unit confirms that its fixed column is still current.

Seed 001 once had units move dates forward to show a review; seed 003 forbids forged dates. The
check is recorded on its own (ColumnCheck and the page's history), counts as an update of the
column and is shown to residents as a check; no item's date changes. Dynamic columns are kept
current only by new items and accept no check."""

from django import forms
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page
from wagtail.log_actions import LogFormatter, log

from columns.models import ColumnPage

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


class ColumnCheckView(WagtailAdminTemplateMixin, View):
    template_name = "assurance/column_check.html"
    page_title = "栏目核查"
    header_icon = "check"

    def dispatch(self, request, page_id):
        self.column = get_object_or_404(ColumnPage, pk=page_id)
        self.allowed = self.column.permissions_for_user(request.user).can_edit()
        if not self.allowed:
            # A 403 in the admin's frame, where Wagtail would redirect to the dashboard.
            return self.render_to_response(self.get_context_data(), status=403)
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.column.get_admin_display_title()

    def get_breadcrumbs_items(self):
        if not self.allowed:
            return []
        return get_breadcrumbs_items_for_page(self.column, self.request.user) + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        column = self.column
        if not self.allowed:
            return super().get_context_data(column=column, forbidden=FORBIDDEN)
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
        if refusal(self.column):
            return self.render_to_response(self.get_context_data(form=None), status=403)
        form = ColumnCheckForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        with transaction.atomic():
            check = form.save(commit=False)
            check.column = self.column
            check.checked_by = request.user
            check.save()
            log(self.column, ACTION, user=request.user, data={"check": check.pk, "note": check.note})
        messages.success(request, f"已记录“{self.column.title}”的核查：内容仍有效。")
        return redirect("assurance_column_check", page_id=self.column.pk)


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
