from django import template

from ..models import Submission

register = template.Library()


@register.simple_tag
def adopted_from(page):
    """The submission a portal item was adopted from (one query), or None."""
    if not getattr(page, "pk", None):
        return None
    return (
        Submission.objects.filter(adopted_page_id=page.pk, status=Submission.Status.ADOPTED)
        .only("source_url", "title")
        .first()
    )
