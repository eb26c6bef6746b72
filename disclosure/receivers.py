from django.dispatch import receiver

from columns.models import ColumnPage
from sites.signals import unit_built

from .columns import adopt_disclosure_columns
from .models import DisclosureColumnPage


@receiver(unit_built)
def make_disclosure_columns(sender, profile, **kwargs):
    adopt_disclosure_columns(profile.root_page, ColumnPage, DisclosureColumnPage)
