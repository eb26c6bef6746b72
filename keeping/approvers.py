"""Who approves a unit's review stage of an item: the group of that role of every unit that keeps
the item's column and whose editors' group holds the submitter; failing that, of the column's own
unit (the workflow's host)."""

from collections import defaultdict

from wagtail.models import Page

from sites.models import SiteGroup
from sites.units import profile_of

from .models import KeeperGrant, KeepingWorkflow


def _ancestor_paths(path):
    return [path[:length] for length in range(Page.steplen, len(path) + 1, Page.steplen)]


def stage_groups(task_states, stage):
    """{task state pk: ids of the groups that approve it}, for task states of one stage (a fixed
    handful of queries, whatever their number)."""
    workflow_states = {ts.pk: ts.workflow_state for ts in task_states}
    page_ids = {int(ws.object_id) for ws in workflow_states.values()}
    paths = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "path"))
    ancestors = {path: _ancestor_paths(path) for path in paths.values()}
    keepers_at = defaultdict(set)
    for profile_id, column_path in (
        KeeperGrant.objects.filter(column__path__in={a for chain in ancestors.values() for a in chain})
        .values_list("profile_id", "column__path")
        .distinct()
    ):
        keepers_at[column_path].add(profile_id)
    requesters = {ws.requested_by_id for ws in workflow_states.values()}
    edits_for = defaultdict(set)
    for profile_id, user_id in SiteGroup.objects.filter(
        role=SiteGroup.Role.EDITOR, group__user__in=requesters
    ).values_list("profile_id", "group__user"):
        edits_for[user_id].add(profile_id)
    hosts = dict(
        KeepingWorkflow.objects.filter(workflow__in={ws.workflow_id for ws in workflow_states.values()}).values_list(
            "workflow_id", "host_id"
        )
    )

    units_of = {}
    for pk, ws in workflow_states.items():
        path = paths.get(int(ws.object_id), "")
        keepers = set().union(*(keepers_at[a] for a in ancestors.get(path, [])))
        units = keepers & edits_for[ws.requested_by_id]
        if not units:
            host = hosts.get(ws.workflow_id)
            if host is None and path:  # the task put into a workflow by hand
                profile = profile_of(Page(path=path))
                host = profile.pk if profile else None
            units = {host} if host else set()
        units_of[pk] = units
    groups_of = defaultdict(set)
    for profile_id, group_id in SiteGroup.objects.filter(
        profile__in=set().union(*units_of.values()), role=stage
    ).values_list("profile_id", "group_id"):
        groups_of[profile_id].add(group_id)
    return {pk: set().union(*(groups_of[u] for u in units)) for pk, units in units_of.items()}
