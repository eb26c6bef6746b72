"""Wagtail's workflow modals and choosers, closed to those who may not see what they show: where
another site's page stands in review (its stage, its workflow, its draft title in a message), and
the tasks of every site's workflow."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.admin.views import workflows
from wagtail.admin.views.pages import workflow
from wagtail.models import Task, TaskState, Workflow
from wagtail.permissions import policy_registry

from .visibility import may_follow_review


class FollowsReviewMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_follow_review(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CurrentTaskStateMixin:
    """The task state in the URL must be the page's task in progress: Wagtail checks the user's
    actions on the page in the URL, then acts on whatever task state the id names."""

    def get_task_state(self):
        states = TaskState.objects.filter(
            workflow_state__base_content_type=self.object.get_base_content_type(),
            workflow_state__object_id=str(self.object.pk),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        return get_object_or_404(states, id=self.task_state_id).specific


class WorkflowActionView(FollowsReviewMixin, CurrentTaskStateMixin, workflow.WorkflowActionView):
    pass


class CollectWorkflowActionDataView(FollowsReviewMixin, CurrentTaskStateMixin, workflow.CollectWorkflowActionDataView):
    pass


class ConfirmWorkflowCancellationView(FollowsReviewMixin, workflow.ConfirmWorkflowCancellationView):
    pass


class PreviewRevisionForTaskView(FollowsReviewMixin, workflow.PreviewRevisionForTaskView):
    pass


def may_manage_workflows(user):
    return any(
        policy_registry.get_by_type(model).user_has_any_permission(user, ["add", "change"])
        for model in (Workflow, Task)
    )


class ManagersOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_manage_workflows(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TaskChooserView(ManagersOnlyMixin, workflows.TaskChooserView):
    pass


class TaskChooserResultsView(ManagersOnlyMixin, workflows.TaskChooserResultsView):
    pass


class TaskChooserCreateView(ManagersOnlyMixin, workflows.TaskChooserCreateView):
    pass


def task_chosen(request, task_id):
    if not may_manage_workflows(request.user):
        raise PermissionDenied
    return workflows.task_chosen(request, task_id)
