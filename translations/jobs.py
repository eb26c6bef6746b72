"""wagtail-localize's background jobs: on django-q2 (dev, production) or at once (tests).

Translating a subtree goes through `translate_subtree`, which differs from wagtail-localize's
own `translate_page_subtree` in two ways: it walks only pages that have foreign versions (see
translations.policy), and it leaves a valid tree. wagtail-localize publishes each new
translation on commit from the page object it created, whose child count predates the children
added later in the same job, so every translated parent came out with numchild 0 and its
children 404 (upstream wagtail-localize#773). The child counts are recounted after those
publishes.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Locale, Page

from cluster.tasks import enqueue_on_commit, run

# wagtail-localize loads this module while its own models load, so its operations (which import
# those models) are imported where they are used.
SUBTREE_JOB = ("wagtail_localize.operations", "translate_page_subtree")


def translate_subtree(page_id, locale_ids, user_id=None):
    from wagtail_localize.operations import TranslationCreator

    from .policy import translatable_q

    locales = list(Locale.objects.filter(pk__in=locale_ids))
    user = get_user_model().objects.filter(pk=user_id).first()
    root = Page.objects.get(pk=page_id)
    pages = (
        Page.objects.filter(translatable_q(), path__startswith=root.path, depth__gt=root.depth)
        .order_by("path")
        .specific()
    )
    with transaction.atomic():
        creator = TranslationCreator(user, locales)
        for page in pages:  # in path order: a parent is translated before its children
            creator.create_translations(page)
        transaction.on_commit(lambda: repair_child_counts(page_id, locale_ids))


def repair_child_counts(page_id, locale_ids):
    """Set numchild from the tree itself on the translations of a page and their descendants."""
    root = Page.objects.get(pk=page_id)
    for translated in Page.objects.filter(translation_key=root.translation_key, locale_id__in=locale_ids):
        rows = list(Page.objects.filter(path__startswith=translated.path).values_list("pk", "path", "numchild"))
        children = {}
        for _pk, path, _numchild in rows:
            parent = path[: -Page.steplen]
            children[parent] = children.get(parent, 0) + 1
        for pk, path, numchild in rows:
            if children.get(path, 0) != numchild:
                Page.objects.filter(pk=pk).update(numchild=children.get(path, 0))


def _job(func, args, kwargs):
    """The dotted path, args and kwargs to run for a wagtail-localize job."""
    if (func.__module__, func.__name__) == SUBTREE_JOB:
        page_id, locales, _components, user = args  # no translation components are registered
        locale_ids = [locale.pk for locale in locales]
        return "translations.jobs.translate_subtree", [page_id, locale_ids, getattr(user, "pk", None)], {}
    return f"{func.__module__}.{func.__qualname__}", args, kwargs


class DjangoQ2JobBackend:
    """wagtail-localize's job backend interface: the job runs on django-q2 after commit."""

    def __init__(self, options):
        self.options = options

    def enqueue(self, func, args, kwargs):
        enqueue_on_commit(*_job(func, args, kwargs))


class ImmediateJobBackend(DjangoQ2JobBackend):
    """The same jobs, run at once in the request (tests and the default settings)."""

    def enqueue(self, func, args, kwargs):
        run(*_job(func, args, kwargs))
