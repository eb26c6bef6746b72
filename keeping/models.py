"""What the duties of the columns gave the units that keep them: page permissions, a workflow, and
the review stages of the unit whose editor submitted an item."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission, Page, Task, TaskState, Workflow

from sites.models import SiteGroup, SiteProfile


class KeeperGrant(models.Model):
    """A page permission this app gave a unit's group on a column the unit keeps: removing the unit
    from the column's duties removes exactly these, never a permission granted by hand."""

    column = models.ForeignKey(Page, verbose_name="栏目", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(SiteProfile, verbose_name="保障单位", on_delete=models.CASCADE, related_name="+")
    permission = models.OneToOneField(
        GroupPagePermission, verbose_name="页面权限", on_delete=models.CASCADE, related_name="keeper_grant"
    )

    class Meta:
        verbose_name = "保障栏目权限"
        verbose_name_plural = "保障栏目权限"


class KeepingWorkflow(models.Model):
    """The workflow of a unit's columns that other units keep (one per unit holding such columns)."""

    host = models.OneToOneField(SiteProfile, on_delete=models.CASCADE, related_name="+")
    workflow = models.OneToOneField(Workflow, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "保障栏目审核流程"
        verbose_name_plural = "保障栏目审核流程"


class UnitReviewTask(Task):
    """A review stage of the unit whose editor submitted the item: its 初审 (科室负责人) or its 复审
    (主要领导). When the submitter keeps the column for no other unit (the column's own staff, a
    superuser), the stage falls to the column's own unit's group of that role."""

    class Stage(models.TextChoices):
        FIRST_REVIEW = SiteGroup.Role.FIRST_REVIEW, "初审（科室负责人）"
        SECOND_REVIEW = SiteGroup.Role.SECOND_REVIEW, "复审（主要领导）"

    stage = models.CharField("审核层级", max_length=16, choices=Stage.choices)

    admin_form_fields = Task.admin_form_fields + ["stage"]
    admin_form_readonly_on_edit_fields = Task.admin_form_readonly_on_edit_fields + ["stage"]

    class Meta:
        verbose_name = "保障单位审核"
        verbose_name_plural = "保障单位审核"

    @property
    def sheet_stage(self):
        """How the 三审三校 审核表 names this stage."""
        if self.stage == self.Stage.FIRST_REVIEW:
            return "初审初校", "保障单位科室负责人"
        return "复审复校", "保障单位主要领导"

    @classmethod
    def get_description(cls):
        return "由提交稿件的编辑所在保障单位的初审组或复审组审核；本单位人员提交的，由栏目所在单位的同级组审核。"

    def _approves(self, obj, user):
        if not user.is_active:
            return False
        if user.is_superuser:
            return True
        from .approvers import stage_groups

        cache = user.__dict__.setdefault("_unit_review_checks", {})
        key = (self.pk, obj.pk)
        if key not in cache:
            state = obj.current_workflow_state
            task_state = state.current_task_state if state else None
            if task_state is None or task_state.task_id != self.pk:
                cache[key] = False
            else:
                groups = stage_groups([task_state], self.stage)[task_state.pk]
                cache[key] = user.groups.filter(pk__in=groups).exists()
        return cache[key]

    def user_can_access_editor(self, obj, user):
        return self._approves(obj, user)

    def locked_for_user(self, obj, user):
        return not self._approves(obj, user)

    def user_can_lock(self, obj, user):
        return self._approves(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._approves(obj, user):
            return [
                # Wagtail's own words, as every other stage says them.
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .approvers import stage_groups

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        mine = set(user.groups.filter(site_role__role=self.stage).values_list("pk", flat=True))
        if not user.is_active or not mine:
            return TaskState.objects.none()
        states = list(states.select_related("workflow_state"))
        groups = stage_groups(states, self.stage)
        return TaskState.objects.filter(pk__in=[state.pk for state in states if groups[state.pk] & mine])
