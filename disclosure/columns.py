"""Which columns take applications for disclosure, and turning them into `DisclosureColumnPage`s.

As with the mailboxes (interaction.mailboxes): the standard column sets build them as
`ColumnPage`s; they become 依申请公开 columns when their unit is built (`sites.signals.unit_built`),
and those of an existing install by migration `disclosure/0003`. The page keeps its id, path,
revisions and duties: only a `DisclosureColumnPage` row is added under it.
"""

from django.contrib.contenttypes.models import ContentType

# The portal's 依申请公开 › 受理, and each county's or district's 政务公开 › 依申请公开.
DISCLOSURE_COLUMNS = ("homepage/disclosure-on-request/request-handling", "disclosure/disclosure-on-request")


def adopt_disclosure_columns(root_page, ColumnPage, DisclosureColumnPage, content_type=None):
    """Turn the 依申请公开 columns under `root_page` into DisclosureColumnPages; returns how many.
    Takes the models as arguments so that the migration can use its historical ones."""
    content_type = content_type or ContentType.objects.get_for_model(DisclosureColumnPage)
    columns = (
        ColumnPage.objects.filter(path__startswith=root_page.path, column_key__in=DISCLOSURE_COLUMNS)
        .exclude(pk__in=DisclosureColumnPage.objects.values("pk"))
        .order_by("path")
    )
    adopted = 0
    for column in columns:
        DisclosureColumnPage(columnpage_ptr_id=column.pk).save_base(raw=True)
        ColumnPage.objects.filter(pk=column.pk).update(content_type=content_type)
        adopted += 1
    return adopted
