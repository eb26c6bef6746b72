"""Wagtail's sendfile backend (SENDFILE_BACKEND) for documents and for /media/: behind nginx
(FILES_ACCEL_REDIRECT set, e.g. "/protected-media/"), nginx sends the file from that internal
location; otherwise Django streams it."""

import os
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from wagtail.utils import sendfile_streaming_backend


def sendfile(request, filename, **kwargs):
    prefix = getattr(settings, "FILES_ACCEL_REDIRECT", "")
    if not prefix:
        return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    relative = os.path.relpath(filename, settings.MEDIA_ROOT).replace(os.sep, "/")
    response = HttpResponse(content_type=kwargs.get("mimetype"))
    response["X-Accel-Redirect"] = quote(prefix.rstrip("/") + "/" + relative)
    return response
