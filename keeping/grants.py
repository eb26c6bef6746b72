"""Rights from duties: the units named in a column's 保障单位, other than the unit that holds the
column, keep it through their own groups.

A column's duties are the ones stored on its row: those it was created with, then those of each
published revision (Wagtail keeps a draft's fields in the revision, and a ParentalManyToManyField
is written to the row when the page is saved whole, that is on creation and on publishing). So a
change of duties saved as a draft changes no rights until it is published. Columns of the source
language only: translations are the translators' business.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import GroupPagePermission, Locale, WorkflowPage

from columns.models import ColumnPage
from sites.models import SiteGroup, SiteProfile
from sites.units import UnitIndex

from .models import KeeperGrant, KeepingWorkflow
from .workflows import ensure_keeping_workflow

KEEPER_PERMISSIONS = {
    SiteGroup.Role.EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
    SiteGroup.Role.FIRST_REVIEW: ["change_page"],
    SiteGroup.Role.SECOND_REVIEW: ["change_page"],
}


@dataclass
class Summary:
    columns: int = 0  # columns kept by units other than their own
    granted: int = 0
    revoked: int = 0
    assigned: int = 0  # columns given the keeping workflow
    released: int = 0  # columns whose keeping workflow was taken away
    hosts: set = field(default_factory=set)

    def add(self, other):
        for name in ("columns", "granted", "revoked", "assigned", "released"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.hosts |= other.hosts


def keepers_of(columns):
    """{column pk: [profiles of the units keeping it for the unit that holds it]}."""
    columns = list(columns)
    unit_ids = {unit.pk for column in columns for unit in column.responsible_units.all()}
    profiles = list(SiteProfile.objects.select_related("root_page"))
    holder = UnitIndex.of(profiles)
    by_unit = {}
    for profile in profiles:
        if profile.unit_id in unit_ids:
            by_unit.setdefault(profile.unit_id, []).append(profile)
    kept = {}
    for column in columns:
        own = holder(column.path)
        kept[column.pk] = [
            profile
            for unit in column.responsible_units.all()
            for profile in by_unit.get(unit.pk, [])
            if own is not None and profile.pk != own.pk
        ]
    return kept, holder


@transaction.atomic
def sync_columns(column_ids):
    """Bring the derived rights and workflow of these columns in line with their duties."""
    summary = Summary()
    column_ids = set(column_ids)
    if not column_ids:
        return summary
    default_locale = Locale.get_default()
    columns = list(
        ColumnPage.objects.filter(pk__in=column_ids, locale=default_locale)
        .only("pk", "path", "locale")
        .prefetch_related("responsible_units")
    )
    kept, holder = keepers_of(columns)
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="wagtailcore", codename__endswith="_page")
    }
    groups = {
        (link.profile_id, link.role): link.group_id
        for link in SiteGroup.objects.filter(
            profile__in={p.pk for keepers in kept.values() for p in keepers}, role__in=KEEPER_PERMISSIONS
        )
    }
    wanted = {}  # (column, group, permission) -> profile
    for column in columns:
        for profile in kept[column.pk]:
            for role, codenames in KEEPER_PERMISSIONS.items():
                group_id = groups.get((profile.pk, role))
                for codename in codenames if group_id else []:
                    wanted[(column.pk, group_id, permissions[codename].pk)] = profile
    existing = KeeperGrant.objects.filter(column__in=column_ids).select_related("permission")
    have = set()
    for grant in existing:
        key = (grant.column_id, grant.permission.group_id, grant.permission.permission_id)
        if key in wanted and wanted[key].pk == grant.profile_id:
            have.add(key)
        else:
            grant.permission.delete()  # the grant goes with it
            summary.revoked += 1
    for key, profile in wanted.items():
        if key in have:
            continue
        column_id, group_id, permission_id = key
        grant, created = GroupPagePermission.objects.get_or_create(
            page_id=column_id, group_id=group_id, permission_id=permission_id
        )
        if created:  # one that was there already was granted by hand: it is not ours to take back
            KeeperGrant.objects.create(column_id=column_id, profile=profile, permission=grant)
            summary.granted += 1

    keeping_workflows = KeepingWorkflow.objects.values("workflow")
    assigned = dict(WorkflowPage.objects.filter(page__in=column_ids).values_list("page_id", "workflow_id"))
    workflows = {}
    for column in columns:
        if not kept[column.pk]:
            continue
        summary.columns += 1
        host = holder(column.path)
        if host.pk not in workflows:
            workflows[host.pk] = ensure_keeping_workflow(host)
            summary.hosts.add(host.pk)
        workflow = workflows[host.pk]
        if assigned.get(column.pk) != workflow.pk:
            WorkflowPage.objects.update_or_create(page_id=column.pk, defaults={"workflow": workflow})
            summary.assigned += 1
    released = WorkflowPage.objects.filter(Q(page__in=column_ids) & Q(workflow__in=keeping_workflows)).exclude(
        page__in=[column.pk for column in columns if kept[column.pk]]
    )
    summary.released = released.count()
    released.delete()
    return summary


def columns_naming(profile):
    """Columns whose duties name this unit's Unit, and those it holds grants on now."""
    ids = set()
    if profile.unit_id:
        ids.update(ColumnPage.objects.filter(responsible_units=profile.unit_id).values_list("pk", flat=True))
    ids.update(KeeperGrant.objects.filter(profile=profile).values_list("column_id", flat=True))
    return ids


def sync_profile(profile):
    return sync_columns(columns_naming(profile))


def columns_to_sync():
    """Every column that may be kept by another unit, or was."""
    ids = set(
        ColumnPage.objects.filter(responsible_units__in=SiteProfile.objects.values("unit")).values_list("pk", flat=True)
    )
    ids.update(KeeperGrant.objects.values_list("column_id", flat=True))
    ids.update(
        WorkflowPage.objects.filter(workflow__in=KeepingWorkflow.objects.values("workflow")).values_list(
            "page_id", flat=True
        )
    )
    return ids
