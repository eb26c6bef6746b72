"""What of the shared page tree a member of staff may read in the admin.

The rule: a user reads in full (draft titles, unpublished pages, review stages) the pages of their
own sites only: the subtrees of the sites whose groups they belong to (with those subtrees'
foreign versions) and the subtrees where their groups hold page permissions (a translator's
language tree). A county's subtree holds its townships, so a county reads its townships' pages; the
portal's holds every site, so the city's staff read the whole cluster; superusers read everything.

Of every other page a user sees only what residents see: a live, public page under its live
title (so that an editor can link to another site's page), never its draft title, its unpublished
changes, its unpublished pages or where it stands in review.
"""

from django.db.models import Q
from wagtail.models import GroupPagePermission, Page

from .models import SiteGroup

UNPUBLISHED = "（未发布的页面）"


def readable_paths(user):
    """Tree paths of the subtrees the user reads in full; None for everything (superusers)."""
    if not user.is_active:
        return []
    if user.is_superuser:
        return None
    cached = getattr(user, "_readable_page_paths", None)
    if cached is not None:
        return cached
    roots = SiteGroup.objects.filter(group__user=user).values("profile__root_page__translation_key")
    paths = set(Page.objects.filter(translation_key__in=roots).values_list("path", flat=True))
    paths.update(GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True))
    paths = sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths))
    user._readable_page_paths = paths
    return paths


def readable_q(user, prefix=""):
    """The pages this user reads in full, as a filter on Page (or on a relation to it: `prefix`)."""
    paths = readable_paths(user)
    if paths is None:
        return Q(**{f"{prefix}pk__isnull": False})
    q = Q(**{f"{prefix}pk__in": []})
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def public_q():
    """What residents see: live pages outside private sections."""
    return Q(live=True) & ~Page.objects.all().private_q()


def visible_q(user):
    """What a chooser may offer this user: their own pages, and every other site's public pages."""
    if getattr(user, "_visible_page_q", None) is None:
        user._visible_page_q = readable_q(user) | public_q()
    return user._visible_page_q


def reads(user, page):
    paths = readable_paths(user)
    return paths is None or any(page.path.startswith(path) for path in paths)


def as_seen_by(user, page):
    """The page as this user may see it: another site's page is masked, in memory, to what
    residents see (its live title, no unpublished changes; an unpublished one, which Wagtail may
    show as the way to a page below it, is not named). Never save a masked page."""
    if page is None or getattr(page, "_seen_by", None) == user.pk:
        return page
    page._seen_by = user.pk
    if not reads(user, page) and not page.is_root():
        if not page.live:  # shown only as the way to a page below it
            page.title, page.slug, page.url_path = UNPUBLISHED, "", ""
        page.draft_title = page.title
        page.has_unpublished_changes = False
        page.latest_revision_created_at = page.last_published_at
    return page


def may_follow_review(user, page):
    """Who may see where a page stands in review: readers of the page, and the reviewers its
    current task gives an action (such as the city's reviewers of sensitive items)."""
    if reads(user, page):
        return True
    state = page.current_workflow_state
    task_state = state.current_task_state if state else None
    return bool(task_state and task_state.task.specific.get_actions(page, user))
