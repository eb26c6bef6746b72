"""The workflow of a unit's kept columns: the submitting unit's 初审 (科室负责人) and 复审 (主要领导),
then the holding unit's own 终审 and the city's 市级审核（敏感信息）; the last approval publishes
(review.workflows.publish_workflow_state)."""

from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

from review.workflows import ensure_city_review, ensure_site_workflow
from sites.models import SiteGroup

from .models import KeepingWorkflow, UnitReviewTask

UNIT_STAGES = [
    (UnitReviewTask.Stage.FIRST_REVIEW, "初审·保障单位科室负责人"),
    (UnitReviewTask.Stage.SECOND_REVIEW, "复审·保障单位主要领导"),
]


def workflow_name(host):
    return f"{host.name}·部门保障栏目审核"


def unit_review_tasks():
    """The two stages every keeping workflow shares (who approves depends on the item)."""
    tasks = []
    for stage, name in UNIT_STAGES:
        task = UnitReviewTask.objects.filter(stage=stage).order_by("pk").first()
        if task is None:
            task = UnitReviewTask.objects.create(name=name, stage=stage, active=True)
        tasks.append(task)
    return tasks


def final_task(host):
    """The host's own 终审 stage, the one its 三审三校 uses."""
    group = SiteGroup.objects.filter(profile=host, role=SiteGroup.Role.FINAL_REVIEW).values("group")
    task = GroupApprovalTask.objects.filter(groups__in=group).order_by("pk").first()
    if task is None:
        ensure_site_workflow(host)
        task = GroupApprovalTask.objects.filter(groups__in=group).order_by("pk").first()
    return task


def ensure_keeping_workflow(host):
    """Create what is missing of the host's keeping workflow; idempotent, and stages someone added
    to it stay."""
    link = KeepingWorkflow.objects.filter(host=host).select_related("workflow").first()
    if link is None:
        workflow = Workflow.objects.create(name=workflow_name(host), active=True)
        KeepingWorkflow.objects.create(host=host, workflow=workflow)
    else:
        workflow = link.workflow
    stages = [task.pk for task in [*unit_review_tasks(), final_task(host), ensure_city_review()] if task]
    order = list(
        WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order", "pk").values_list("task_id", flat=True)
    )
    if order[: len(stages)] == stages:
        return workflow
    for index, task_id in enumerate(stages):
        if task_id not in order:
            order.insert(order.index(stages[index - 1]) + 1 if index else 0, task_id)
    for sort_order, task_id in enumerate(order):
        WorkflowTask.objects.update_or_create(workflow=workflow, task_id=task_id, defaults={"sort_order": sort_order})
    return workflow
