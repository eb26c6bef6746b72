"""What every page of a site repeats, cached per site in Django's cache.

Two entries per site, and one for the whole cluster:

- ``zhanqun:site:gen:<site id>``: the site's generation, a random token that the receivers below
  replace whenever something the site's pages repeat changes (a column added, renamed, moved,
  unpublished or deleted, a translation published, the site or a profile saved);
- ``zhanqun:site:<site id>``: the site's SiteChrome, with the generation it was built at; it is
  rebuilt when that is no longer the site's generation, so a change never waits for a timeout;
- ``zhanqun:hosts``: every site's hostname and port, and the locales, with a generation of its own
  (``zhanqun:hosts:gen``) replaced whenever a Site or a Locale is saved or deleted.

A generation is replaced at once and again when the transaction commits: a page rendered
meanwhile from the data before the commit may have cached it under the first one.
If the cache is down, everything is read from the database instead.
"""

import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.http.request import split_domain_port
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from .models import SiteProfile, Unit
from .routing import deepest_site_root

logger = logging.getLogger(__name__)

PREFIX = "zhanqun"
HOSTS_KEY = f"{PREFIX}:hosts"
HOSTS_GEN_KEY = f"{PREFIX}:hosts:gen"
RESTRICTIONS_KEY = f"{PREFIX}:view-restrictions"


def site_key(site_id):
    return f"{PREFIX}:site:{site_id}"


def site_gen_key(site_id):
    return f"{PREFIX}:site:gen:{site_id}"


def timeout():
    return getattr(settings, "SITE_CACHE_TIMEOUT", 3600)


# --- generations ---------------------------------------------------------------------------------


def _new_generation(keys):
    try:
        cache.set_many(dict.fromkeys(keys, uuid.uuid4().hex), None)
    except Exception as error:  # the cache is down: nothing is served from it either
        logger.warning("站点缓存不可用，未能使缓存失效（%s）：%s", ", ".join(keys), error)


def invalidate(keys):
    keys = list(keys)
    if not keys:
        return
    _new_generation(keys)
    transaction.on_commit(lambda: _new_generation(keys))


def invalidate_sites(site_ids):
    invalidate(site_gen_key(site_id) for site_id in sorted({s for s in site_ids if s is not None}))


def fresh(value_key, gen_key, build):
    """The cached value at value_key while it was built at gen_key's generation, else build()."""
    try:
        found = cache.get_many([value_key, gen_key])
        generation = found.get(gen_key)
        if generation is None:  # never set, or evicted: a new one, unless another process was first
            cache.add(gen_key, uuid.uuid4().hex, None)
            generation = cache.get(gen_key)
    except Exception as error:
        logger.warning("站点缓存不可用，直接读数据库：%s", error)
        return build()
    cached = found.get(value_key)
    if generation is not None and cached is not None and cached[0] == generation:
        return cached[1]
    value = build()
    if generation is not None:
        try:
            cache.set(value_key, (generation, value), timeout())
        except Exception as error:
            logger.warning("站点缓存不可用，未能写入：%s", error)
    return value


# --- the cluster: hostnames and locales ----------------------------------------------------------


@dataclass
class Hosts:
    sites: list  # (id, hostname, port, is_default_site)
    locales: dict  # language code -> Locale

    def site_id_for(self, hostname, port):
        """Site.find_for_request's choice (wagtail.models.sites.get_site_for_hostname), without a query."""
        ranked = []
        for site_id, site_hostname, site_port, is_default in self.sites:
            if site_hostname == hostname and site_port == port:
                ranked.append((0, site_id))
            elif site_hostname == hostname and is_default:
                ranked.append((1, site_id))
            elif is_default:
                ranked.append((2, site_id))
            elif site_hostname == hostname:
                ranked.append((3, site_id))
        ranked.sort(key=lambda match: match[0])
        if len(ranked) == 1 or (ranked and ranked[0][0] in (0, 1)):
            return ranked[0][1]
        if ranked and ranked[0][0] == 2:
            return ranked[len(ranked) == 2][1]
        return None


def hosts():
    def build():
        return Hosts(
            sites=list(Site.objects.order_by("pk").values_list("pk", "hostname", "port", "is_default_site")),
            locales={locale.language_code: locale for locale in Locale.all_objects.all()},
        )

    return fresh(HOSTS_KEY, HOSTS_GEN_KEY, build)


def active_locale(cluster=None):
    """Locale.get_active() without a query."""
    locales = (cluster or hosts()).locales
    try:
        code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        code = None
    return locales.get(code) or locales.get(get_supported_content_language_variant(settings.LANGUAGE_CODE))


# --- one site ------------------------------------------------------------------------------------


@dataclass
class SiteChrome:
    """What the pages of one site repeat. `site.root_page` is its home page, specific, and
    `site.profile` holds its parent (with site and root page) and unit."""

    site: Site
    homes: dict  # language code -> the home page in that language (specific), live or not
    channels: dict  # home page id -> its live children shown in menus
    translated: bool  # the home page has translations: only then may its pages have any
    units: dict = field(default_factory=dict)  # root path of each unit in the site's tree (and of
    # its translations) -> the SiteProfile when it is a 专属网页, else None

    def home(self, live_only=False):
        """The home page in the active language, as Page.localized would give it; the Chinese one
        when there is none (or, with live_only, none live)."""
        locale = active_locale(getattr(self, "cluster", None))
        home = self.homes.get(locale.language_code) if locale else None
        if home is None or (live_only and not home.live):
            return self.site.root_page
        return home

    def section_of(self, page):
        """The 专属网页 (SiteProfile) holding this page of the site, None when it is the site's own
        or lies below a site nested in it; False when the page is not in the site's tree."""
        for length in range(len(page.path), 0, -Page.steplen):
            if page.path[:length] in self.units:
                return self.units[page.path[:length]]
        return False


def build_chrome(site_id):
    site = (
        Site.objects.select_related("root_page", "profile__parent__site", "profile__parent__root_page", "profile__unit")
        .filter(pk=site_id)
        .first()
    )
    if site is None:
        return None
    root = site.root_page.specific
    site.root_page = root
    locales = {locale.pk: locale.language_code for locale in hosts().locales.values()}
    translations = list(Page.objects.filter(translation_key=root.translation_key).exclude(pk=root.pk).specific())
    homes = {locales.get(root.locale_id): root} | {locales.get(page.locale_id): page for page in translations}
    in_menus = Q()
    for home in homes.values():
        in_menus |= Q(path__startswith=home.path, depth=home.depth + 1)
    channels = {home.pk: [] for home in homes.values()}
    by_path = {home.path: home.pk for home in homes.values()}
    for channel in Page.objects.live().in_menu().filter(in_menus).order_by("path"):
        channels[by_path[channel.path[: -Page.steplen]]].append(channel)
    return SiteChrome(site=site, homes=homes, channels=channels, translated=bool(translations), units=units_in(root))


def units_in(root):
    profiles = list(
        SiteProfile.objects.filter(root_page__path__startswith=root.path)
        .select_related("unit")
        .annotate(root_path=F("root_page__path"), root_key=F("root_page__translation_key"))
    )
    by_key = {p.root_key: (p if p.is_section else None) for p in profiles}
    roots = Page.objects.filter(translation_key__in=by_key).values_list("path", "translation_key")
    return {path: by_key[key] for path, key in roots}


def chrome_of(site_id):
    return fresh(site_key(site_id), site_gen_key(site_id), lambda: build_chrome(site_id))


def site_chrome(request):
    """The SiteChrome of the request's site (None outside every site), once per request."""
    if request is None:
        return None
    if not hasattr(request, "_site_chrome"):
        hostname = split_domain_port(request._get_raw_host())[0]
        try:
            port = int(request.get_port())
        except ValueError:
            port = None
        cluster = hosts()
        site_id = cluster.site_id_for(hostname, port)
        chrome = chrome_of(site_id) if site_id else None
        if chrome is not None:
            chrome.cluster = cluster  # this request's, not cached with the site
        request._site_chrome = chrome
    return request._site_chrome


# --- page view restrictions ----------------------------------------------------------------------


def any_view_restrictions():
    """Whether any page of the cluster has a view restriction (a government site has none)."""
    try:
        restricted = cache.get(RESTRICTIONS_KEY)
        if restricted is None:
            restricted = PageViewRestriction.objects.exists()
            cache.set(RESTRICTIONS_KEY, restricted, timeout())
    except Exception as error:
        logger.warning("站点缓存不可用，按有访问限制处理：%s", error)
        return True
    return restricted


@receiver([post_save, post_delete], sender=PageViewRestriction)
def restrictions_changed(**kwargs):
    def forget():
        try:
            cache.delete(RESTRICTIONS_KEY)
        except Exception as error:
            logger.warning("站点缓存不可用，未能使缓存失效（%s）：%s", RESTRICTIONS_KEY, error)

    forget()
    transaction.on_commit(forget)


# --- what changes a site's pages -----------------------------------------------------------------

DRAFT_ONLY = {"latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes", "locked"}


def sites_showing(url_path):
    """The sites whose pages repeat the page at url_path: the site it is the home page of, and the
    site it is a channel of (a child of its home page, in the menu)."""
    parent_path = url_path.rstrip("/").rsplit("/", 1)[0] + "/"
    return {
        srp.site_id for path in (url_path, parent_path) if (srp := deepest_site_root(path)) and srp.root_path == path
    }


def tolerant(receiver_function):
    """A receiver that cannot reach the cache (nor Wagtail's own) lets the save go on."""

    def receive(*args, **kwargs):
        try:
            receiver_function(*args, **kwargs)
        except Exception as error:
            logger.warning("站点缓存不可用，未能使缓存失效：%s", error)

    return receive


@tolerant
def page_changed(page, moved=()):
    """Invalidate the sites whose pages repeat this one; an item deep in a column changes none.
    A page moved changes the sites it left and joined, whatever its depth (it may hold 专属网页)."""
    site_ids = sites_showing(page.url_path)
    for url_path in moved:
        site_ids |= sites_showing(url_path)
        if srp := deepest_site_root(url_path):
            site_ids.add(srp.site_id)
    default = hosts().locales.get(get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if default and page.locale_id != default.pk:
        # a translation: as its source (Wagtail's site root paths may not know a new translation of
        # a home page yet)
        sources = Page.objects.filter(translation_key=page.translation_key, locale=default)
        for url_path in sources.values_list("url_path", flat=True):
            site_ids |= sites_showing(url_path)
    invalidate_sites(site_ids)


@receiver(post_save)
def page_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or not isinstance(instance, Page) or (update_fields and set(update_fields) <= DRAFT_ONLY):
        return
    page_changed(instance)


@receiver(post_delete)
def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and sender is Page:
        page_changed(instance)


@receiver(post_page_move)
def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    page_changed(instance, moved=(url_path_before, url_path_after))


@receiver([post_save, post_delete], sender=Site)
def site_changed(instance, raw=False, **kwargs):
    if not raw:
        invalidate([HOSTS_GEN_KEY, site_gen_key(instance.pk)])


def forget_sites():
    """Every site anew, after Site rows changed behind the receivers' back (a queryset update)."""
    Site.clear_site_root_paths_cache()
    invalidate([HOSTS_GEN_KEY, *(site_gen_key(pk) for pk in Site.objects.values_list("pk", flat=True))])


@receiver([post_save, post_delete], sender=Locale)
def locale_changed(raw=False, **kwargs):
    if not raw:
        invalidate([HOSTS_GEN_KEY])


@tolerant
def invalidate_sites_of_profiles(profiles, also=()):
    invalidate_sites(sites_of_profiles(profiles) | set(also))


def sites_of_profiles(profiles):
    """The sites showing these units: their own or, for a 专属网页, its host's; and their children's."""
    profiles = SiteProfile.objects.filter(Q(pk__in=profiles) | Q(parent__in=profiles))
    root_paths = profiles.values_list("root_page__url_path", flat=True)
    return {srp.site_id for url_path in root_paths if (srp := deepest_site_root(url_path))}


@receiver(post_save, sender=SiteProfile)
def profile_saved(instance, raw=False, **kwargs):
    if not raw:
        invalidate_sites_of_profiles([instance.pk], also=[instance.site_id])


@receiver(pre_delete, sender=SiteProfile)
def profile_deleted(instance, **kwargs):
    invalidate_sites_of_profiles([instance.pk], also=[instance.site_id])


@receiver(post_save, sender=Unit)
@receiver(pre_delete, sender=Unit)  # before its profiles let go of it
def unit_changed(instance, raw=False, **kwargs):
    if not raw:
        invalidate_sites(
            sites_of_profiles(list(SiteProfile.objects.filter(unit=instance).values_list("pk", flat=True)))
        )
