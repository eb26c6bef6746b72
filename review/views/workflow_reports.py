"""Wagtail's workflow reports list only the states of pages the user may edit, but their filters
offer every site's workflows, tasks and requesters. Here the choices come from the rows the user
may see."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import FilteredModelChoiceFilter
from wagtail.admin.views.reports import workflows as reports
from wagtail.models import Task, Workflow, WorkflowState, get_default_page_content_type


def _states(request):
    return WorkflowState.objects.filter(
        base_content_type_id=get_default_page_content_type().id,
        object_id__in=reports.get_editable_page_ids_query(request),
    )


def _workflows(request):
    return Workflow.objects.filter(pk__in=_states(request).values("workflow_id"))


def _tasks(request):
    return Task.objects.filter(workflow_tasks__workflow__in=_workflows(request)).distinct()


def _requesters(request):
    User = get_user_model()
    return User.objects.filter(pk__in=_states(request).values("requested_by_id")).order_by(User.USERNAME_FIELD)


class WorkflowReportFilterSet(reports.WorkflowReportFilterSet):
    workflow = django_filters.ModelChoiceFilter(label=_("Workflow"), queryset=_workflows)
    requested_by = django_filters.ModelChoiceFilter(
        label=_("Requested by"), field_name="requested_by", queryset=_requesters
    )


class WorkflowTasksReportFilterSet(reports.WorkflowTasksReportFilterSet):
    workflow = django_filters.ModelChoiceFilter(
        label=_("Workflow"), field_name="workflow_state__workflow", queryset=_workflows
    )
    task = FilteredModelChoiceFilter(
        label=_("Task"), queryset=_tasks, filter_field="id_workflow", filter_accessor="workflows"
    )


def confine_workflow_reports():
    """Wagtail's report URLs come before any hook's, so its views get the filters here."""
    reports.WorkflowView.filterset_class = WorkflowReportFilterSet
    reports.WorkflowTasksView.filterset_class = WorkflowTasksReportFilterSet
