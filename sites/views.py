from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from .routing import own_pages_q


class OwnPagesSitemap(Sitemap):
    """Wagtail's sitemap lists a site's whole subtree; a site lists only the pages it publishes."""

    def items(self):
        return super().items().filter(own_pages_q(self.get_wagtail_site()))


def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": OwnPagesSitemap(request)})


@cache_control(max_age=3600)
def robots_txt(request):
    site = Site.find_for_request(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "",
        f"Sitemap: {site.root_url}/sitemap.xml" if site else "",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
