"""政府信息公开“三审三校”审核表 (seed 003, 附件3): the review sheet of one item, filled from what the
platform recorded rather than by hand — who submitted it, each stage's reviewer, decision, opinion
and time (a sent-back stage and its second pass both stand), what 智能校对 found in the revision
under review, and who published it."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from wagtail.models import PageLogEntry, Revision, Task, TaskState, WorkflowState

from proofreading.checks import proofread
from proofreading.forms import BLOCKED, OVERRIDE
from sites.models import SiteGroup

from .models import CityReviewTask
from .workflows import CITY_GROUP

# The stage a task stands for, from the role of the site group it is bound to.
STAGES = {
    SiteGroup.Role.FIRST_REVIEW: ("初审初校", "科室负责人"),
    SiteGroup.Role.SECOND_REVIEW: ("复审复校", "分管领导"),
    SiteGroup.Role.FINAL_REVIEW: ("终审终校", "主要领导"),
}
CITY_STAGE = ("市级审核", CITY_GROUP)
DECISIONS = {
    TaskState.STATUS_APPROVED: "同意",
    TaskState.STATUS_REJECTED: "退回修改",
    TaskState.STATUS_IN_PROGRESS: "待审核",
    TaskState.STATUS_CANCELLED: "已撤回",
}
WORKFLOW_STATUS = {
    WorkflowState.STATUS_IN_PROGRESS: "审核中",
    WorkflowState.STATUS_APPROVED: "审核通过",
    WorkflowState.STATUS_NEEDS_CHANGES: "退回修改",
    WorkflowState.STATUS_CANCELLED: "已撤回",
}


def person(user):
    return (user.get_full_name() or user.get_username()) if user else ""


@dataclass
class StageRow:
    stage: str
    duty: str
    decision: str
    reviewer: str
    finished_at: datetime | None
    comment: str


@dataclass
class ReviewSheet:
    page: object
    revision: Revision | None  # the one its review published, or else the latest
    state: WorkflowState | None
    rows: list[StageRow] = field(default_factory=list)
    findings: list = field(default_factory=list)
    proofreading_records: list[PageLogEntry] = field(default_factory=list)
    published: PageLogEntry | None = None

    @property
    def status(self):
        return WORKFLOW_STATUS.get(self.state.status, self.state.status) if self.state else "未提交审核"

    @cached_property
    def item(self):
        """The item as it was reviewed."""
        return self.revision.as_object() if self.revision else self.page

    @property
    def blocking(self):
        return [finding for finding in self.findings if finding.blocks]

    @property
    def publisher(self):
        if self.published is None:
            return ""
        return person(self.published.user) if self.published.user_id else "系统"


def stage_rows(state):
    task_states = list(state.task_states.select_related("task", "finished_by").order_by("started_at", "pk"))
    task_ids = {task_state.task_id for task_state in task_states}
    # A site's stage is named by the role of the site group its task is bound to.
    roles = dict(
        SiteGroup.objects.filter(group__groupapprovaltask__in=task_ids).values_list("group__groupapprovaltask", "role")
    )
    city_tasks = set(CityReviewTask.objects.filter(pk__in=task_ids).values_list("pk", flat=True))
    # Another app's stage names itself on the sheet with a `sheet_stage` (stage, duty).
    others = task_ids - roles.keys() - city_tasks
    named = {
        task.pk: task.sheet_stage
        for task in (Task.objects.filter(pk__in=others).specific() if others else [])
        if getattr(task, "sheet_stage", None)
    }
    rows = []
    for task_state in task_states:
        if task_state.task_id in city_tasks:
            stage, duty = CITY_STAGE
        else:
            default = named.get(task_state.task_id, (task_state.task.name, ""))
            stage, duty = STAGES.get(roles.get(task_state.task_id), default)
        automatic = task_state.status == TaskState.STATUS_APPROVED and task_state.finished_by_id is None
        rows.append(
            StageRow(
                stage=stage,
                duty=duty,
                decision="自动通过" if automatic else DECISIONS.get(task_state.status, task_state.status),
                reviewer="系统" if automatic else person(task_state.finished_by),
                finished_at=task_state.finished_at,
                comment=task_state.comment,
            )
        )
    return rows


def review_sheet(page):
    """The sheet of the page's latest review, or of the page as it stands when it has none.

    The revision it shows is the one published at the end of the review, or else the latest: an
    approval publishes the latest revision, whichever revision the review began with.
    """
    state = (
        WorkflowState.objects.for_instance(page)
        .select_related("workflow", "requested_by")
        .order_by("-created_at", "-pk")
        .first()
    )
    since = {"timestamp__gte": state.created_at} if state else {}
    published = (
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", **since)
        .select_related("user", "revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    revision = published.revision if published and published.revision_id else page.get_latest_revision()
    records = PageLogEntry.objects.filter(page=page, action__in=[BLOCKED, OVERRIDE], **since).select_related("user")
    sheet = ReviewSheet(
        page=page,
        revision=revision,
        state=state,
        rows=stage_rows(state) if state else [],
        proofreading_records=list(records.order_by("timestamp", "pk")),
        published=published,
    )
    sheet.findings = proofread(sheet.item)
    return sheet
