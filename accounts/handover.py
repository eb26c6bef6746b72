"""交接: when a member of staff leaves, one step moves their drafts, page locks and open review
submissions to a named colleague of the same site and disables the account.

- Drafts are the pages the account owns that are not live or have unpublished changes: ownership
  (Page.owner) moves, so "my pages" and the owner-based rights follow the successor. Live pages
  without changes keep their owner: their history records who made them.
- Locks the account holds move to the successor (still locked, so nobody else's edits slip in).
- Review: workflows the account submitted that are still in progress or sent back
  (WorkflowState.requested_by) name the successor as submitter. Review tasks themselves wait for
  a group (初审/复审/终审), not a person, and stay with the group's other members.
- The successor must already work on every site the account worked on (a member of one of that
  site's groups) and in each of its groups outside the sites (the translators' groups). Groups
  are not copied: a hand-over never gives anyone a new role (三审三校 keeps editing and reviewing
  apart); change roles in 设置 › 用户 deliberately, where it is logged.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from wagtail.log_actions import log
from wagtail.models import Page, WorkflowState

from sites.models import SiteGroup

from .log import record
from .models import SecurityEvent

LOG_ACTION = "accounts.hand_over"


class HandOverError(Exception):
    pass


def find_users(from_username, to_username):
    User = get_user_model()
    leaver = User.objects.filter(username=from_username).first()
    if leaver is None:
        raise HandOverError(f"没有用户名为“{from_username}”的账号。")
    successor = User.objects.filter(username=to_username).first()
    if successor is None:
        raise HandOverError(f"没有用户名为“{to_username}”的接手人账号。")
    return leaver, successor


def check(leaver, successor):
    if leaver.pk == successor.pk:
        raise HandOverError("接手人不能是移交人本人。")
    if not leaver.is_active:
        raise HandOverError(f"账号“{leaver.username}”已停用，无需再交接。")
    if not successor.is_active:
        raise HandOverError(f"接手人“{successor.username}”的账号已停用，不能接手。")
    leaver_groups = set(leaver.groups.values_list("pk", flat=True))
    successor_groups = set(successor.groups.values_list("pk", flat=True))
    site_groups = SiteGroup.objects.filter(group__in=leaver_groups | successor_groups)
    profiles_of = {}
    for link in site_groups:
        profiles_of.setdefault(link.group_id, link.profile_id)
    leaver_sites = {profiles_of[g] for g in leaver_groups if g in profiles_of}
    successor_sites = {profiles_of[g] for g in successor_groups if g in profiles_of}
    other_groups = {g for g in leaver_groups if g not in profiles_of}
    if not leaver_sites <= successor_sites or not other_groups <= successor_groups:
        raise HandOverError(
            f"接手人“{successor.username}”不在移交人所属的站点或用户组中，不能接手；请先为接手人分配相同站点的角色。"
        )


def drafts_of(user):
    return Page.objects.filter(owner=user).filter(Q(live=False) | Q(has_unpublished_changes=True))


def open_workflows_of(user):
    return WorkflowState.objects.filter(
        requested_by=user, status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
    )


@transaction.atomic
def hand_over(leaver, successor, actor=None):
    """Returns the counts moved: drafts, locks, workflows."""
    check(leaver, successor)
    drafts = list(drafts_of(leaver).select_for_update().values_list("pk", flat=True))
    locks = list(Page.objects.filter(locked=True, locked_by=leaver).select_for_update().values_list("pk", flat=True))
    workflows = list(
        open_workflows_of(leaver).select_for_update().values_list("pk", "base_content_type_id", "object_id")
    )
    Page.objects.filter(pk__in=drafts).update(owner=successor)
    Page.objects.filter(pk__in=locks).update(locked_by=successor)
    WorkflowState.objects.filter(pk__in=[w[0] for w in workflows]).update(requested_by=successor)

    page_type = ContentType.objects.get_for_model(Page).pk
    submitted = {int(object_id) for _pk, type_id, object_id in workflows if type_id == page_type}
    touched = set(drafts) | set(locks) | submitted
    data = {"from": leaver.username, "to": successor.username}
    for page in Page.objects.filter(pk__in=touched).specific(defer=True):
        moved = []
        if page.pk in drafts:
            moved.append("草稿")
        if page.pk in locks:
            moved.append("锁定")
        if page.pk in submitted:
            moved.append("审核提交人")
        log(page, LOG_ACTION, user=actor, data={**data, "moved": moved})

    leaver.is_active = False
    leaver.save(update_fields=["is_active"])
    counts = {"drafts": len(drafts), "locks": len(locks), "workflows": len(workflows)}
    record(
        SecurityEvent.Kind.HAND_OVER,
        user=leaver,
        actor=actor,
        detail=(
            f"移交给 {successor.username}：草稿 {counts['drafts']} 篇，锁定 {counts['locks']} 篇，"
            f"审核中的提交 {counts['workflows']} 项；账号已停用"
        ),
    )
    return counts
