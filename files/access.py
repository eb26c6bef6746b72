"""Who may see, choose and download each image and document.

A site's media lie in its own collection (sites.provisioning); Wagtail's collection permission
policy says who may choose from it. A file is public once a live page uses it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

CHOOSE = ["choose", "change"]


def media_models():
    return (get_image_model(), get_document_model())


def media_model_of(model):
    return next((m for m in media_models() if issubclass(model, m)), None)


def choosable(user, model):
    """The images or documents (`model`) that `user` may choose: the chooser's right on their
    collection, or the right to change them."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, CHOOSE)


def may_choose(user, obj):
    policy = policy_registry.get_by_type(media_model_of(type(obj)))
    return any(policy.user_has_permission_for_instance(user, action, obj) for action in CHOOSE)


def _pages_using(obj):
    """The pages whose row refers to `obj` (Wagtail's reference index holds each page's row: the
    live version of a published page, the first draft of one never published)."""
    page_ids = (
        ReferenceIndex.objects.filter(
            to_content_type=ReferenceIndex._get_base_content_type(media_model_of(type(obj))),
            to_object_id=str(obj.pk),
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .annotate(page_id=Cast("object_id", BigIntegerField()))
        .values("page_id")
    )
    return Page.objects.filter(pk__in=page_ids)


def used_by_live_page(obj):
    return _pages_using(obj).filter(live=True).exists()


def may_open_a_page_using(user, obj):
    """Whoever may edit or review a page that uses the file sees it in that page's preview: the
    city's reviewers of sensitive items, the portal's staff on an adopted submission."""
    for page in _pages_using(obj).select_related("latest_revision"):
        if page.permissions_for_user(user).can_edit():
            return True
        task = page.current_workflow_task
        if task is not None and task.specific.user_can_access_editor(page, user):
            return True
    return False


def may_see_unpublished(user, obj):
    """The staff who may choose the file, or edit or review a page using it."""
    if not (user.is_authenticated and user.is_active):
        return False
    return may_choose(user, obj) or may_open_a_page_using(user, obj)


def may_download(user, obj):
    """Residents get a file a live page uses; its staff get it at any time."""
    return used_by_live_page(obj) or may_see_unpublished(user, obj)
