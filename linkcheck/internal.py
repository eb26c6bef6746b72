"""Links inside the cluster, resolved against the page tree, the documents, images, media and static
files and the URLconf, never over HTTP. A whole run's internal links take a handful of queries."""

from collections import defaultdict
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import translation
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from translations.groups import LANGUAGE_NAMES

from .verdict import OK, Verdict, dead

DEFAULT_PORTS = {"http": 80, "https": 443}


def split_target(url):
    """("page", 12) for page:12, likewise document: and image:; None for an address."""
    kind, _, pk = url.partition(":")
    if kind in ("page", "document", "image") and pk.isdigit():
        return kind, int(pk)
    return None


class SiteMap:
    """The cluster's sites as links see them: their hostnames, and each site's root page in each
    language (Wagtail's cached site root paths, which include the roots' translations)."""

    def __init__(self):
        self.sites = {site.pk: site for site in Site.objects.select_related("profile")}
        self.by_host = defaultdict(list)
        for site in self.sites.values():
            self.by_host[site.hostname.lower()].append(site)
        self.root_paths = Site.get_site_root_paths()
        self.by_root_path = defaultdict(list)
        for srp in self.root_paths:
            self.by_root_path[srp.root_path].append(srp)

    def site_for(self, url):
        """The Site an absolute http(s) address points at, or None for another host."""
        try:
            parts = urlsplit(url)
            sites = self.by_host.get((parts.hostname or "").lower())
            port = parts.port or DEFAULT_PORTS.get(parts.scheme)
        except ValueError:
            return None
        if not sites:
            return None
        return next((site for site in sites if site.port == port), sites[0])

    def root(self, url_path, language):
        """The SiteRootPath of the deepest site holding url_path, in the page's language when the
        site has a root in it."""
        path = url_path
        while path:
            matches = self.by_root_path.get(path)
            if matches:
                return next((srp for srp in matches if srp.language_code == language), matches[0])
            path = path[: path.rstrip("/").rfind("/") + 1]
        return None

    def root_in(self, site_id, language):
        return next((srp for srp in self.root_paths if srp.site_id == site_id and srp.language_code == language), None)


class Resolver:
    def __init__(self, sitemap):
        self.sitemap = sitemap
        self.media_prefix = urlsplit(settings.MEDIA_URL).path
        self.static_prefix = urlsplit(settings.STATIC_URL).path
        self.foreign_languages = {code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}

    def resolve(self, urls):
        """{url: Verdict} for internal links: page:N, document:N, image:N or an address on a
        cluster hostname."""
        verdicts = {}
        pending = defaultdict(list)
        for url in urls:
            target = self.target(url)
            if isinstance(target, Verdict):
                verdicts[url] = target
            else:
                pending[target].append(url)
        found = self.look_up(pending)
        for target, target_urls in pending.items():
            for url in target_urls:
                verdicts[url] = found[target]
        return verdicts

    def target(self, url):
        """What an internal link points at: a Verdict when that is known without the database,
        else a key for look_up: (kind, pk) or ("path", (url_path, language, site_id, request path))."""
        split = split_target(url)
        if split:
            return split
        site = self.sitemap.site_for(url)
        if site is None:
            return dead("不是站群内的地址")
        profile = getattr(site, "profile", None)
        if profile is not None and not profile.is_open:
            return dead(f"{profile}已关停")
        path = unquote(urlsplit(url).path) or "/"
        if path.startswith(self.media_prefix):
            name = path.removeprefix(self.media_prefix)
            return OK if _exists(name, default_storage.exists) else dead("媒体文件不存在")
        if path.startswith(self.static_prefix):
            name = path.removeprefix(self.static_prefix)
            found = _exists(name, finders.find) or _exists(name, staticfiles_storage.exists)
            return OK if found else dead("静态文件不存在")
        return self.route(site, path)

    def route(self, site, path):
        with translation.override(settings.LANGUAGE_CODE):
            match = _match(path) or (not path.endswith("/") and _match(path + "/"))
        if not match:
            return dead("地址不存在")
        if match.url_name == "wagtaildocs_serve":
            return ("document", int(match.args[0]))
        if match.url_name != "wagtail_serve":
            return OK
        rest = match.args[0] if match.args else ""
        language = settings.LANGUAGE_CODE
        first = rest.split("/", 1)[0]
        if first in self.foreign_languages:
            language, rest = first, rest[len(first) + 1 :]
        srp = self.sitemap.root_in(site.pk, language)
        if srp is None:
            return dead(f"{site.site_name or site.hostname}没有{LANGUAGE_NAMES.get(language, language)}版")
        return ("path", (srp.root_path + rest, language, site.pk, path))

    def look_up(self, targets):
        keys = defaultdict(set)
        for kind, key in targets:
            keys[kind].add(key)
        found = {}
        if keys["page"]:
            live = dict(Page.objects.filter(pk__in=keys["page"]).values_list("pk", "live"))
            for pk in keys["page"]:
                if live.get(pk):
                    found["page", pk] = OK
                else:
                    found["page", pk] = dead("链接的页面未发布" if pk in live else "链接的页面已删除")
        for kind, model, noun in (("document", get_document_model(), "文档"), ("image", get_image_model(), "图片")):
            if keys[kind]:
                storage = model._meta.get_field("file").storage
                files = dict(model.objects.filter(pk__in=keys[kind]).values_list("pk", "file"))
                for pk in keys[kind]:
                    name = files.get(pk)
                    if name is None:
                        found[kind, pk] = dead(f"{noun}已删除")
                    else:
                        found[kind, pk] = OK if storage.exists(name) else dead(f"{noun}文件缺失：{name}")
        if keys["path"]:
            found.update(self.look_up_paths(keys["path"]))
        return found

    def look_up_paths(self, keys):
        """Live pages at these url_paths, else a redirect (Wagtail's, e.g. left by a move) from the path."""
        pages = (
            Page.objects.filter(live=True, url_path__in={url_path for url_path, *_ in keys})
            .values_list("url_path", "locale__language_code")
            .order_by()
        )
        live = set(pages)
        misses = [key for key in keys if (key[0], key[1]) not in live]
        redirects = set()
        if misses:
            old_paths = {Redirect.normalise_path(path) for *_, path in misses}
            sites = {site_id for _, _, site_id, _ in misses}
            redirects = set(
                Redirect.objects.filter(Q(site_id__in=sites) | Q(site=None), old_path__in=old_paths).values_list(
                    "old_path", "site_id"
                )
            )
        found = {}
        for key in keys:
            url_path, language, site_id, path = key
            old_path = Redirect.normalise_path(path)
            if (url_path, language) in live or {(old_path, site_id), (old_path, None)} & redirects:
                found["path", key] = OK
            else:
                found["path", key] = dead("页面不存在")
        return found


def _exists(name, exists):
    """Whether a storage or finder has the file; a path escaping the storage (../) has none."""
    try:
        return bool(name) and bool(exists(name))
    except (SuspiciousFileOperation, OSError, ValueError):
        return False


def _match(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


def resolve_internal(urls, sitemap=None):
    return Resolver(sitemap or SiteMap()).resolve(urls)
