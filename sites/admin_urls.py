"""Wagtail's and wagtail-localize's admin views that the project replaces, at their own addresses.

Included before Wagtail's admin URLs (cluster.urls), so these patterns answer first; they carry no
names, so every `reverse()` still goes through Wagtail's own names to the same addresses.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import admin_choosers, admin_reports, admin_workflows
from .snippets import SnippetAPIViewSet

urlpatterns = [
    path("choose-page/", admin_choosers.BrowseView.as_view()),
    path("choose-page/<int:parent_page_id>/", admin_choosers.BrowseView.as_view()),
    path("choose-page/search/", admin_choosers.SearchView.as_view()),
    path("choose-page/chosen-multiple/", admin_choosers.ChosenMultipleView.as_view()),
    path("choose-external-link/", admin_choosers.ExternalLinkView.as_view()),
    path(
        "pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        admin_workflows.WorkflowActionView.as_view(),
    ),
    path(
        "pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        admin_workflows.CollectWorkflowActionDataView.as_view(),
    ),
    path(
        "pages/workflow/confirm_cancellation/<int:page_id>/",
        admin_workflows.ConfirmWorkflowCancellationView.as_view(),
    ),
    path("pages/workflow/preview/<int:page_id>/<int:task_id>/", admin_workflows.PreviewRevisionForTaskView.as_view()),
    path("workflows/task_chooser/", admin_workflows.TaskChooserView.as_view()),
    path("workflows/task_chooser/results/", admin_workflows.TaskChooserResultsView.as_view()),
    path("workflows/task_chooser/create/", admin_workflows.TaskChooserCreateView.as_view()),
    path("workflows/task_chooser/<int:task_id>/", admin_workflows.task_chosen),
    path("reports/page-types-usage/", admin_reports.PageTypesUsageReportView.as_view()),
    path("reports/page-types-usage/results/", admin_reports.PageTypesUsageReportView.as_view(results_only=True)),
    path("reports/workflow/", admin_reports.WorkflowView.as_view()),
    path("reports/workflow/results/", admin_reports.WorkflowView.as_view(results_only=True)),
    path("reports/workflow_tasks/", admin_reports.WorkflowTasksView.as_view()),
    path("reports/workflow_tasks/results/", admin_reports.WorkflowTasksView.as_view(results_only=True)),
    path(
        "localize/api/snippets/<slug:app_label>/<slug:model_name>/",
        SnippetAPIViewSet.as_view({"get": "list"}),
    ),
    path(
        "localize/api/snippets/<slug:app_label>/<slug:model_name>/<str:pk>/",
        SnippetAPIViewSet.as_view({"get": "retrieve"}),
    ),
]

for decorator in (require_admin_access, display_custom_404, never_cache):  # as Wagtail decorates its own
    urlpatterns = decorate_urlpatterns(urlpatterns, decorator)
