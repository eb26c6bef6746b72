from django.http import Http404
from wagtail import hooks

from .access import may_download
from .api import ChoosableDocumentsAPIViewSet, ChoosableImagesAPIViewSet


@hooks.register("construct_admin_api", order=1)  # after Wagtail's own, which it replaces
def register_choosable_media_endpoints(router):
    router.register_endpoint("images", ChoosableImagesAPIViewSet)
    router.register_endpoint("documents", ChoosableDocumentsAPIViewSet)


@hooks.register("before_serve_document")
def serve_documents_of_live_pages(document, request):
    """A document no live page uses is not there for anyone but the staff who may choose it."""
    if not may_download(request.user, document):
        raise Http404
