"""/media/: an original image or a rendition is served to all once a live page uses the image, and
before that to its staff only (`access.may_see_unpublished`). Anyone else gets 404, which does not
reveal that the file exists."""

import posixpath

from django.http import Http404
from wagtail.images import get_image_model
from wagtail.utils.sendfile import sendfile

from .access import may_see_unpublished, used_by_live_page

SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


def media_image(name):
    """The image an original or a rendition file belongs to (documents go through /documents/)."""
    Image = get_image_model()
    folder = name.split("/", 1)[0]
    if folder == "original_images":
        return Image.objects.filter(file=name).first()
    if folder == "images":
        rendition = Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        return rendition.image if rendition else None
    return None


def serve_media(request, path):
    name = posixpath.normpath(path).lstrip("/")
    if name != path or name.startswith("..") or "\\" in name:
        raise Http404
    image = media_image(name)
    if image is None:
        raise Http404
    if used_by_live_page(image):
        cache_control = "public, max-age=600"
    elif may_see_unpublished(request.user, image):
        cache_control = "private, no-cache"
    else:
        raise Http404
    response = sendfile(request, image.file.storage.path(name))
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    return response
