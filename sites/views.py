from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page, Site

from translations.languages import BCP47

from .routing import address, deepest_site_root, without_nested_sites
from .visibility import public_q

LANGUAGE_ORDER = {code: n for n, (code, _name) in enumerate(settings.LANGUAGES)}


class OwnPagesSitemap(Sitemap):
    """The live, public pages a site publishes itself (its subtree without the sites nested in
    it), in every language it has, each listing its versions as hreflang alternates.

    Addresses are built from Wagtail's cached site root paths rather than page by page, so the
    map costs the same few queries however many pages it lists.
    """

    def items(self):
        if not hasattr(self, "_rows"):
            site = self.get_wagtail_site()
            roots = site.root_page.get_translations(inclusive=True).values_list("path", "url_path")
            q = Q(pk__in=[])
            for path, _url_path in roots:
                q |= Q(path__startswith=path)
            q = without_nested_sites(q, [url_path for _path, url_path in roots])
            self._rows = list(
                Page.objects.filter(q)
                .filter(public_q())
                .order_by("path")
                .values(
                    "url_path",
                    "translation_key",
                    "locale__language_code",
                    "last_published_at",
                    "latest_revision_created_at",
                )
            )
            versions = {}
            for row in self._rows:
                srp = deepest_site_root(row["url_path"])
                row["location"] = address(srp, row["url_path"]) if srp else None
                versions.setdefault(row["translation_key"], []).append(row)
            for row in self._rows:
                row["versions"] = versions[row["translation_key"]]
        return self._rows

    def get_urls(self, page=1, site=None, protocol=None):
        urls = []
        for row in self.paginator.page(page).object_list:
            if row["location"] is None:
                continue
            versions = sorted(
                (v for v in row["versions"] if v["location"]),
                key=lambda v: LANGUAGE_ORDER.get(v["locale__language_code"], len(LANGUAGE_ORDER)),
            )
            alternates = []
            if len(versions) > 1:
                alternates = [
                    {
                        "lang_code": BCP47.get(v["locale__language_code"], v["locale__language_code"]),
                        "location": v["location"],
                    }
                    for v in versions
                ]
                source = next((v for v in versions if v["locale__language_code"] == settings.LANGUAGE_CODE), None)
                if source:
                    alternates.append({"lang_code": "x-default", "location": source["location"]})
            urls.append(
                {
                    "item": row,
                    "location": row["location"],
                    "lastmod": row["last_published_at"] or row["latest_revision_created_at"],
                    "alternates": alternates,
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


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


ICONS = settings.BASE_DIR / "cluster" / "static" / "icons"
ICON_TYPES = {"favicon.ico": "image/vnd.microsoft.icon", "apple-touch-icon.png": "image/png"}
ICON_MAX_AGE = 7 * 24 * 3600


@cache_control(public=True, max_age=ICON_MAX_AGE)
def icon(request, name):
    """/favicon.ico and /apple-touch-icon.png at the root of every site, where browsers ask for
    them unasked (scripts/make_icons.py draws them)."""
    return FileResponse((ICONS / name).open("rb"), content_type=ICON_TYPES[name])


@cache_control(public=True, max_age=ICON_MAX_AGE)
def webmanifest(request):
    """The site's web app manifest: its name and icons, for a phone's home screen."""
    site = Site.find_for_request(request)
    name = (site.site_name if site else "") or "政府网站"
    manifest = {
        "name": name,
        "short_name": name.removesuffix("人民政府") or name,
        "lang": "zh-CN",
        "start_url": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#b5121b",
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
