"""When the rights follow the duties: a column's stored duties change (creation, publishing, a
copy), a column moves, a unit is provisioned or its profile names another unit."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import GroupPagePermission
from wagtail.signals import post_page_move

from columns.models import ColumnPage
from sites.models import SiteProfile, Unit
from sites.signals import unit_built

from .grants import sync_columns, sync_profile
from .models import KeeperGrant


@receiver(m2m_changed, sender=ColumnPage.responsible_units.through)
def duties_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # unit.columns_columnpage.add(...)
        columns = set(pk_set) if pk_set else set(KeeperGrant.objects.values_list("column_id", flat=True))
        sync_columns(columns)
        return
    if (
        action == "post_add"
        and not SiteProfile.objects.filter(unit__in=pk_set).exists()
        and not KeeperGrant.objects.filter(column=instance.pk).exists()
    ):
        return  # nothing to give (the portal's columns built before any department has its pages)
    sync_columns({instance.pk})


@receiver(post_page_move)
def column_moved(sender, instance, **kwargs):
    """A column moved into or out of a unit: whose own column it is may have changed."""
    if kwargs.get("parent_page_before") == kwargs.get("parent_page_after"):
        return  # reordered among its siblings
    sync_columns(set(ColumnPage.objects.filter(path__startswith=instance.path).values_list("pk", flat=True)))


@receiver(unit_built)
def unit_provisioned(sender, profile, **kwargs):
    sync_profile(profile)


@receiver(post_save, sender=SiteProfile)
def profile_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Its 主管单位 changed in the admin: the columns naming the new unit, and those it kept."""
    if not created and not raw and (update_fields is None or "unit" in update_fields):
        sync_profile(instance)


@receiver(pre_delete, sender=Unit)
def unit_deleting(sender, instance, **kwargs):
    """Its rows of the duties go without m2m_changed: remember the columns that named it."""
    instance._named_in = set(ColumnPage.objects.filter(responsible_units=instance).values_list("pk", flat=True))


@receiver(post_delete, sender=Unit)
def unit_deleted(sender, instance, **kwargs):
    sync_columns(getattr(instance, "_named_in", set()))


@receiver(pre_delete, sender=SiteProfile)
def profile_deleting(sender, instance, **kwargs):
    """What the unit was given goes with it (its groups may outlive it)."""
    GroupPagePermission.objects.filter(keeper_grant__profile=instance).delete()
