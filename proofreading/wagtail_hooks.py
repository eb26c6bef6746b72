from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from assurance.scope import oversees_cluster
from assurance.views.menu import OversightMenuItem
from assurance.views.reports import report_paths
from sites.snippets import ScopedSnippetViewSet, YesNoColumn

from .checks import proofread, warnings
from .forms import (
    ACKNOWLEDGE_FIELD,
    ACTION_LABELS,
    BLOCKED,
    OVERRIDE,
    ProofreadingPageForm,
    completed_action,
    log_findings,
)
from .models import ProofreadingRule
from .views import ProofreadingRecordView, ProofreadView, may_proofread


class CityStaffOnly(ModelPermissionPolicy):
    """The rules apply to every site of the cluster: only city staff (superusers and the portal's
    groups) see and change them, whatever model permissions a group holds."""

    def user_has_permission(self, user, action):
        return user.is_active and oversees_cluster(user)


register_permission_policy(ProofreadingRule, CityStaffOnly(ProofreadingRule))


class ProofreadingRuleViewSet(ScopedSnippetViewSet):
    model = ProofreadingRule
    icon = "glasses"
    menu_label = "校对规则"
    menu_name = "proofreading-rules"
    add_to_admin_menu = True
    menu_order = 260
    list_display = [
        "pattern",
        "kind",
        "correction",
        "severity",
        YesNoColumn("active", ProofreadingRule),
        "note",
        "updated_at",
    ]
    list_filter = ["kind", "severity", "active"]
    search_fields = ["pattern", "correction", "note"]


register_snippet(ProofreadingRuleViewSet)


def proofread_here(page):
    """Pages whose admin form runs 智能校对 (content.ItemPage's kinds, ServiceGuidePage)."""
    form_class = getattr(type(page), "base_form_class", None)
    return isinstance(form_class, type) and issubclass(form_class, ProofreadingPageForm)


def report_warnings(request, page):
    """After saving, what 智能校对 finds (a draft may still hold blocking problems); after a
    submission or publication over warnings, an entry in the page's history, with the
    acknowledgment ticked or not."""
    if not proofread_here(page):
        return
    action = completed_action(request.POST, page, request.user)
    findings = proofread(page)
    remaining = warnings(findings) if action else findings
    if not remaining:
        return
    shown = "；".join(finding.as_text() for finding in remaining[:5])
    more = f"……共{len(remaining)}条" if len(remaining) > 5 else ""
    messages.warning(request, f"智能校对：{shown}{more}")
    if action:
        acknowledged = bool(request.POST.get(ACKNOWLEDGE_FIELD))
        log_findings(page, OVERRIDE, request.user, remaining, action=action, acknowledged=acknowledged)


@hooks.register("after_create_page")
def warn_after_create(request, page):
    report_warnings(request, page)


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    report_warnings(request, page)


@hooks.register("register_log_actions")
def register_proofreading_actions(actions):
    @actions.register_action(BLOCKED)
    class BlockedFormatter(LogFormatter):
        label = "智能校对拦截"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            action = ACTION_LABELS.get(data.get("action"), "提交")
            findings = "；".join(f"{f.get('rule')}：{f.get('message')}" for f in data.get("findings", []))
            return f"智能校对拦截{action}：{findings}"

    @actions.register_action(OVERRIDE)
    class OverrideFormatter(LogFormatter):
        label = "智能校对提示放行"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            action = ACTION_LABELS.get(data.get("action"), "提交")
            ticked = "已勾选“我已核对，坚持发布”" if data.get("acknowledged") else "未勾选核对确认"
            findings = "；".join(f"{f.get('rule')}：{f.get('message')}" for f in data.get("findings", []))
            return f"带智能校对提示{action}（{ticked}）：{findings}"


class ProofreadMenuItem(PageMenuItem):
    label = "智能校对"
    icon_name = "glasses"
    url_name = "proofreading_page"

    def is_shown(self, user):
        return may_proofread(self.page, user)


@hooks.register("register_page_header_buttons")
def proofread_button(page, user, view_name, next_url=None):
    specific_class = page.specific_class
    form_class = getattr(specific_class, "base_form_class", None) if specific_class else None
    if isinstance(form_class, type) and issubclass(form_class, ProofreadingPageForm) and page.pk:
        yield ProofreadMenuItem(page=page, priority=65)


@hooks.register("register_admin_urls")
def proofreading_urls():
    return [
        path("proofreading/<int:page_id>/", ProofreadView.as_view(), name="proofreading_page"),
        *report_paths("proofreading/records/", ProofreadingRecordView, "proofreading_report"),
    ]


@hooks.register("register_assurance_menu_item")
def proofreading_records_menu_item():
    return OversightMenuItem(
        "校对记录", reverse("proofreading_report"), name="proofreading-records", icon_name="glasses", order=520
    )
