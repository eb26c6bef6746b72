"""Who may see, choose and download each image and document.

A site's media lie in its own collection (sites.provisioning); Wagtail's collection permission
policy says who may choose from it. A file is public once a live page uses it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField
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


def used_by_live_page(obj):
    """Whether a live page refers to `obj` (Wagtail's reference index holds each page's row: the
    live version of a published page)."""
    page_type = ContentType.objects.get_for_model(Page)
    live_ids = Page.objects.filter(live=True).annotate(key=Cast("pk", CharField())).values("key")
    return ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=ReferenceIndex._get_base_content_type(media_model_of(type(obj))),
        to_object_id=str(obj.pk),
        object_id__in=live_ids,
    ).exists()


def may_download(user, obj):
    """Residents get a file a live page uses; the staff who may choose it get it at any time."""
    return used_by_live_page(obj) or (user.is_authenticated and user.is_active and may_choose(user, obj))
