"""Putting a draft up for comment in code (tests, the demo)."""

from django.utils.text import slugify

from .models import DraftArticle, SolicitationPage


def publish_draft(column, title, summary, unit, starts_on, ends_on, articles=(), user=None, slug=None, live=True):
    """A SolicitationPage under `column` with the draft's articles [(label, text)], published
    (a revision by `user`) unless live=False."""
    page = SolicitationPage(
        title=title,
        slug=slug or slugify(title, allow_unicode=True)[:200] or "solicitation",
        summary=summary,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        live=False,
        owner=user,
    )
    for order, (label, text) in enumerate(articles):
        page.articles.add(DraftArticle(label=label, text=text, sort_order=order))
    column.add_child(instance=page)
    revision = page.save_revision(user=user)
    if live:
        revision.publish(user=user, skip_permission_checks=True)
        page.refresh_from_db()
    return page
