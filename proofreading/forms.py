"""The page form that runs 智能校对 when an editor submits for review or publishes.

Blocking findings become errors beside their fields and the page is neither submitted nor
published; warnings pass, are shown after saving and, when the page goes on to review or
publication, are recorded in its history (`proofreading.override`, see `wagtail_hooks`).
This module must not import content.models at import time: content.models imports it.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.log_actions import log

ACKNOWLEDGE_FIELD = "proofreading_acknowledged"
ACKNOWLEDGE_LABEL = "我已核对，坚持发布"
BLOCKED = "proofreading.blocked"
OVERRIDE = "proofreading.override"
ACTION_KEYS = ("action-publish", "action-submit", "action-restart-workflow", "action-workflow-action")
ACTION_LABELS = {"submit": "提交审核", "publish": "发布", "approve": "审核通过并发布"}


class AcknowledgeWidget(forms.CheckboxInput):
    """Rendered by Wagtail after the panels (no panel claims the field), so it carries its label."""

    template_name = "proofreading/acknowledge_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["label"] = ACKNOWLEDGE_LABEL
        return context


def approval_would_publish(page):
    """Approving the page's current task publishes it when that task is the workflow's last."""
    state = page.current_workflow_state
    if state is None:
        return False
    remaining = state.workflow.tasks.filter(active=True).exclude(task_states__in=state.successful_task_states)
    return remaining.count() <= 1


def requested_action(data, page, user, parent_page=None):
    """submit, publish, approve (a final approval, which publishes) or None (a save), decided from
    the posted button and the user's rights as Wagtail's create and edit views decide."""
    if user is None or not any(data.get(key) for key in ACTION_KEYS):
        return None
    if page.pk:
        perms = page.permissions_for_user(user)
        can_publish, can_submit = perms.can_publish(), perms.can_submit_for_moderation()
    else:
        parent_page = parent_page or page.get_parent()
        can_publish = parent_page.permissions_for_user(user).can_publish_subpage()
        can_submit = parent_page.has_workflow
    if data.get("action-publish") and can_publish:
        return "publish"
    if (data.get("action-submit") or data.get("action-restart-workflow")) and can_submit:
        return "submit"
    if (
        data.get("action-workflow-action")
        and data.get("workflow-action-name") == "approve"
        and page.pk
        and approval_would_publish(page)
    ):
        return "approve"
    return None


def completed_action(data, page, user):
    """What a create or edit request did, seen after it: publish, submit, approve or None."""
    if data.get("action-publish") and page.permissions_for_user(user).can_publish():
        return "publish"
    if (data.get("action-submit") or data.get("action-restart-workflow")) and page.workflow_in_progress:
        return "submit"
    if data.get("action-workflow-action") and data.get("workflow-action-name") == "approve":
        return None if page.workflow_in_progress else "approve"
    return None


def log_findings(page, log_action, user, findings, **data):
    log(
        page,
        log_action,
        user=user,
        data={"findings": [finding.as_dict() for finding in findings], **data},
    )


class ProofreadingPageForm(WagtailAdminPageForm):
    proofreading_acknowledged = forms.BooleanField(label=ACKNOWLEDGE_LABEL, required=False, widget=AcknowledgeWidget())

    def _post_clean(self):
        super()._post_clean()
        from .checks import blocking, proofread

        self.proofreading_findings = []
        action = requested_action(self.data, self.instance, self.for_user, self.parent_page)
        if action is None:
            return
        findings = self.proofreading_findings = proofread(self.instance)
        blocked = blocking(findings)
        for finding in blocked:
            field = finding.field if finding.field in self.fields else None
            if field and field in self.errors:
                continue  # the model's own validation already says so (e.g. the honest dates)
            self.add_error(field, finding.as_text())
        if blocked and self.instance.pk:
            log_findings(self.instance, BLOCKED, self.for_user, blocked, action=action, title=self.instance.title or "")
