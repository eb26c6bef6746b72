"""三审三校's extra stage: city-level sign-off for items marked 敏感信息 (Linyi's rule that sensitive
items need higher-level approval)."""

from wagtail.log_actions import LogContext
from wagtail.models import TaskState
from wagtail.models.workflows import AbstractGroupApprovalTask

AUTO_APPROVAL_COMMENT = "非敏感信息，无需市级审核，自动通过。"


class CityReviewTask(AbstractGroupApprovalTask):
    """Approved by the city's 市级敏感信息审核 group, for pages of every site; a page whose submitted
    revision is not marked sensitive passes at once (logged with no user and a comment)."""

    class Meta:
        verbose_name = "市级审核（敏感信息）"
        verbose_name_plural = "市级审核（敏感信息）"

    @classmethod
    def get_description(cls):
        return "标记为敏感信息的稿件，须经市级敏感信息审核组审核；其他稿件自动通过。"

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        if not self.is_required(workflow_state, task_state):
            # update=False: WorkflowState.update() moves on by itself when the new state is not in progress.
            # A fresh LogContext: the log entry is the system's, not the request's user (the 终审 reviewer).
            with LogContext():
                task_state.approve(user=None, update=False, comment=AUTO_APPROVAL_COMMENT)
        return task_state

    def is_required(self, workflow_state, task_state):
        """Sensitive in the revision under review, or already sent back by the city in this run
        (so that unticking 敏感信息 after a rejection does not escape the city's review)."""
        page = task_state.revision.as_object()
        if getattr(page, "sensitive", False):
            return True
        return workflow_state.task_states.filter(task=self, status=TaskState.STATUS_REJECTED).exists()
