"""Wagtail's locked-pages and workflow reports with filters that offer only the user's own sites'
workflows, tasks and people: Wagtail lists every site's workflows and tasks (named for their
sites) and everyone who ever locked a page or submitted one for review."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import CharField
from django.db.models.functions import Cast
from wagtail.admin.filters import FilteredModelChoiceFilter
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet, LockedPagesView
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksReportFilterSet,
    WorkflowTasksView,
    WorkflowView,
)
from wagtail.models import Page, Task, Workflow, WorkflowState
from wagtail.permissions import policy_registry

PAGE_ACTIONS = {"add", "change", "publish", "lock", "unlock", "bulk_delete"}


def own_pages(user):
    return policy_registry.get_by_type(Page).instances_user_has_any_permission_for(user, PAGE_ACTIONS)


def own_workflows(request):
    if request.user.is_superuser:
        return Workflow.objects.all()
    return Workflow.objects.filter(workflow_pages__page__in=own_pages(request.user)).distinct()


def own_tasks(request):
    if request.user.is_superuser:
        return Task.objects.all()
    return Task.objects.filter(workflow_tasks__workflow__in=own_workflows(request)).distinct()


def users(pks):
    User = get_user_model()
    return User.objects.filter(pk__in=pks).order_by(User.USERNAME_FIELD)


def own_lockers(request):
    return users(own_pages(request.user).filter(locked=True).values("locked_by"))


def own_requesters(request):
    page_ids = own_pages(request.user).annotate(key=Cast("pk", CharField())).values("key")
    return users(WorkflowState.objects.filter(object_id__in=page_ids).values("requested_by"))


class OwnLockedPagesFilterSet(LockedPagesReportFilterSet):
    locked_by = django_filters.ModelChoiceFilter(
        label=LockedPagesReportFilterSet.base_filters["locked_by"].label,
        empty_label=LockedPagesReportFilterSet.base_filters["locked_by"].extra["empty_label"],
        field_name="locked_by",
        queryset=own_lockers,
    )


class OwnWorkflowFilterSet(WorkflowReportFilterSet):
    workflow = django_filters.ModelChoiceFilter(
        label=WorkflowReportFilterSet.base_filters["workflow"].label, queryset=own_workflows
    )
    requested_by = django_filters.ModelChoiceFilter(
        label=WorkflowReportFilterSet.base_filters["requested_by"].label,
        field_name="requested_by",
        queryset=own_requesters,
    )


class OwnWorkflowTasksFilterSet(WorkflowTasksReportFilterSet):
    workflow = django_filters.ModelChoiceFilter(
        field_name="workflow_state__workflow",
        label=WorkflowTasksReportFilterSet.base_filters["workflow"].label,
        queryset=own_workflows,
    )
    task = FilteredModelChoiceFilter(
        label=WorkflowTasksReportFilterSet.base_filters["task"].label,
        queryset=own_tasks,
        filter_field="id_workflow",
        filter_accessor="workflows",
    )


class OwnLockedPagesView(LockedPagesView):
    filterset_class = OwnLockedPagesFilterSet


class OwnWorkflowView(WorkflowView):
    filterset_class = OwnWorkflowFilterSet


class OwnWorkflowTasksView(WorkflowTasksView):
    filterset_class = OwnWorkflowTasksFilterSet
