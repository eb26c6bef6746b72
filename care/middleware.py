from django.utils.cache import patch_cache_control

from .context_processors import PARAMETER


class CareVersionMiddleware:
    """The `?care=` addresses are never shared by the front cache: no publish purges them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if PARAMETER in request.GET and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response
