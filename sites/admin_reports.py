"""Wagtail's reports, over what the user reads (sites.visibility): the page types usage report's
"last edited page" is otherwise any site's latest draft under its draft title, and the workflow
reports' filters otherwise list every site's workflows, stages and requesters."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from wagtail.admin.views.reports import page_types_usage as wagtail_report
from wagtail.admin.views.reports import workflows as wagtail_workflows
from wagtail.models import Page, Site, Task, Workflow, WorkflowState

from .visibility import readable_q


class FilterSet(wagtail_report.PageTypesUsageReportFilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if "site" in self.filters and request is not None:
            sites = Site.objects.filter(readable_q(request.user, prefix="root_page__")).select_related("root_page")
            self.filters["site"].extra["choices"] = [(site.root_page.path, str(site)) for site in sites]


class PageTypesUsageReportView(wagtail_report.PageTypesUsageReportView):
    filterset_class = FilterSet

    def get_queryset(self):
        queryset = ContentType.objects.filter(model__in=self.page_models)
        if not Page.objects.filter(depth__gt=1, content_type=ContentType.objects.get_for_model(Page)).exists():
            queryset = queryset.exclude(model="page", app_label="wagtailcore")
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        cleaned = self.filters.form.cleaned_data
        counted = readable_q(self.request.user, prefix="pages__")
        pages = Page.objects.filter(readable_q(self.request.user))
        if cleaned.get("page_locale"):
            counted &= Q(pages__locale__language_code=cleaned["page_locale"])
            pages = pages.filter(locale__language_code=cleaned["page_locale"])
        if cleaned.get("site"):
            counted &= Q(pages__path__startswith=cleaned["site"])
            pages = pages.filter(path__startswith=cleaned["site"])
        latest = pages.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=counted, distinct=True),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


def workflow_choices(user):
    """The workflows, their tasks and their requesters that a user's filters may offer: those of
    the pages the user reads, never another site's workflow or stage names."""
    workflows = Workflow.objects.filter(readable_q(user, prefix="workflow_pages__page__")).distinct()
    tasks = Task.objects.filter(workflow_tasks__workflow__in=workflows).distinct()
    pages = Page.objects.filter(readable_q(user)).values_list(Cast("pk", output_field=CharField()), flat=True)
    requesters = get_user_model().objects.filter(
        pk__in=WorkflowState.objects.filter(object_id__in=pages).values("requested_by")
    )
    return {"workflow": workflows, "task": tasks, "requested_by": requesters}


class ScopedChoicesMixin:
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            for name, queryset in workflow_choices(request.user).items():
                if name in self.filters:
                    self.filters[name].queryset = queryset


class WorkflowReportFilterSet(ScopedChoicesMixin, wagtail_workflows.WorkflowReportFilterSet):
    pass


class WorkflowTasksReportFilterSet(ScopedChoicesMixin, wagtail_workflows.WorkflowTasksReportFilterSet):
    pass


class WorkflowView(wagtail_workflows.WorkflowView):
    filterset_class = WorkflowReportFilterSet


class WorkflowTasksView(wagtail_workflows.WorkflowTasksView):
    filterset_class = WorkflowTasksReportFilterSet
