from django.dispatch import receiver

from columns.models import ColumnPage
from sites.signals import unit_built

from .mailboxes import adopt_mailboxes
from .models import MailboxPage


@receiver(unit_built)
def make_mailboxes(sender, profile, **kwargs):
    adopt_mailboxes(profile.root_page, ColumnPage, MailboxPage)
