"""Which columns receive letters, and turning them into `MailboxPage`s.

The standard column sets (`columns/data`) build every column as a `ColumnPage`; the columns named
here become mailboxes when their unit is built (`sites.signals.unit_built`), and those of an
existing install by migration `interaction/0002`. The page keeps its id, path, revisions and
duties: only a `MailboxPage` row is added under it.
"""

from django.contrib.contenttypes.models import ContentType

# column_key → mailbox kind: the portal's 分解表 keys, then the county set's.
MAILBOX_COLUMNS = {
    "interaction/mayors-mailbox/replies": "mailbox",
    "interaction/consultation-complaints/replies": "consultation",
    "interaction/enterprise-complaints/replies": "enterprise",
    "interaction/mailbox": "mailbox",
    "interaction/consultation": "consultation",
}


def adopt_mailboxes(root_page, ColumnPage, MailboxPage, content_type=None):
    """Turn the mailbox columns of the unit at `root_page` into MailboxPages; returns how many.
    Takes the models as arguments so that the migration can use its historical ones."""
    content_type = content_type or ContentType.objects.get_for_model(MailboxPage)
    columns = (
        ColumnPage.objects.filter(path__startswith=root_page.path, column_key__in=MAILBOX_COLUMNS)
        .exclude(pk__in=MailboxPage.objects.values("pk"))
        .order_by("path")
    )
    adopted = 0
    for column in columns:
        mailbox = MailboxPage(columnpage_ptr_id=column.pk, mailbox_kind=MAILBOX_COLUMNS[column.column_key])
        mailbox.save_base(raw=True)
        ColumnPage.objects.filter(pk=column.pk).update(content_type=content_type)
        adopted += 1
    return adopted
