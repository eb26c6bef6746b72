"""Wagtail's page views, where they trust more than the URL says."""

from django.shortcuts import get_object_or_404
from wagtail.admin.views.pages.workflow import CollectWorkflowActionDataView, WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import TaskState


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


class SiteWorkflowActionView(CurrentTaskStateMixin, WorkflowActionView):
    pass


class SiteCollectWorkflowActionDataView(CurrentTaskStateMixin, CollectWorkflowActionDataView):
    pass


class SitePageViewSet(PageViewSet):
    """Every page type's admin views (registered for Page)."""

    workflow_action_view_class = SiteWorkflowActionView
    collect_workflow_action_data_view_class = SiteCollectWorkflowActionDataView
