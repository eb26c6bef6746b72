"""集约化: a township's or department's site on its own hostname becomes a 专属网页 of an ancestor site.

Everything happens in one transaction. The site's home page moves (with its whole subtree, so
the pages keep their ids, revisions, history, translations, groups, workflow and collection) to
its path on the ancestor's site; the Wagtail Site row goes; the profile stays, with its findings
and snapshots, now a section. The old hostname is kept in ConsolidatedHost, from which
sites.middleware answers every old address with a 301 to the new one.
"""

from dataclasses import dataclass

from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from .models import ConsolidatedHost, SiteProfile
from .provisioning import ProvisioningError, check_holds_section, check_path, section_folder

SECTION_LEVELS = (SiteProfile.Level.TOWNSHIP, SiteProfile.Level.DEPARTMENT)


@dataclass
class Consolidated:
    profile: SiteProfile
    done: bool  # False when an earlier run had already done it
    pages: int = 0
    translations: int = 0
    redirects: int = 0  # the old site's own redirects, now on the host site


def consolidate_site(hostname, *, into, path):
    """Make the site on `hostname` a 专属网页 at `path` on the site `into` (one of its ancestors)."""
    slugs = check_path(path)
    where = f"{into}/{'/'.join(slugs)}"
    target = Site.objects.filter(hostname=into).select_related("profile", "root_page").first()
    if target is None or not hasattr(target, "profile"):
        raise ProvisioningError(f"未找到站点 {into}：--into 应为上级站点的主机名。")
    into_profile = target.profile
    site = Site.objects.filter(hostname=hostname).select_related("profile", "root_page").first()
    if site is None:
        return _already_done(hostname, into_profile, where)
    profile = getattr(site, "profile", None)
    if profile is None:
        raise ProvisioningError(f"站点 {hostname} 没有站点档案，不是集群中的站点。")
    _check(profile, into_profile, hostname, into)

    with transaction.atomic():
        home = profile.root_page
        folder = section_folder(into_profile, profile.level, slugs)
        check_holds_section(folder, where)
        existing = folder.get_children().filter(slug=slugs[-1]).first()
        if existing is not None and existing.pk != home.pk:
            raise ProvisioningError(f"路径 {where} 已有页面“{existing.title}”：请换一个路径。")
        old_url_path = home.url_path
        pages = Page.objects.descendant_of(home, inclusive=True).count()
        translations = list(home.get_translations().select_related("locale"))
        if existing is None:
            home.move(Page.objects.get(pk=folder.pk), pos="last-child")
            for translation in translations:
                translation.move(_translated(folder, translation.locale), pos="last-child")
        for page in [home, *translations]:
            _rename(Page.objects.get(pk=page.pk).specific, slugs[-1])
        # A hostname consolidated before, given to a new site and consolidated again, now leads here.
        ConsolidatedHost.objects.update_or_create(
            hostname=site.hostname,
            port=site.port,
            defaults={"profile": profile, "old_url_path": old_url_path, "site_code": profile.site_code or ""},
        )
        # A 专属网页 has no 网站标识码 of its own (it uses its host site's): the old site's code is
        # retired with the site and kept on its ConsolidatedHost row.
        profile.site = None
        profile.site_code = None
        profile.parent = into_profile
        profile.save(update_fields=["site", "site_code", "parent"])
        redirects = _keep_redirects(site, target, profile)
        site.delete()  # after the move: Wagtail's redirects app then creates no redirects of its own
    profile = SiteProfile.objects.select_related("root_page", "parent__site__root_page").get(pk=profile.pk)
    return Consolidated(profile, True, pages, len(translations), redirects)


def _check(profile, into_profile, hostname, into):
    if profile.level == SiteProfile.Level.CITY:
        raise ProvisioningError("市级门户不能并入其他站点。")
    if profile.level not in SECTION_LEVELS:
        raise ProvisioningError(
            f"站点 {hostname} 是{profile.get_level_display()}级站点：只有乡镇（街道）和部门的站点可以并为专属网页。"
        )
    if not profile.is_open:
        raise ProvisioningError(f"站点 {hostname} 已关停：关停的站点不能并为专属网页。")
    if not into_profile.is_open:
        raise ProvisioningError(f"站点 {into} 已关停，不能并入。")
    ancestor = profile.parent
    while ancestor is not None and ancestor.pk != into_profile.pk:
        ancestor = ancestor.parent
    if ancestor is None:
        raise ProvisioningError(f"站点 {into} 不是 {hostname} 的上级站点：只能并入上级站点。")
    nested = (
        SiteProfile.objects.filter(root_page__path__startswith=profile.root_page.path, site__isnull=False)
        .exclude(pk=profile.pk)
        .select_related("site")
    )
    if nested:
        names = "、".join(p.site.hostname for p in nested)
        raise ProvisioningError(f"站点 {hostname} 下还有独立站点 {names}：请先将它们并入或关停。")


def _already_done(hostname, into_profile, where):
    done = ConsolidatedHost.objects.filter(hostname=hostname).select_related("profile").first()
    if done is None:
        raise ProvisioningError(f"未找到站点 {hostname}：请检查主机名。")
    profile = done.profile
    if profile.parent_id != into_profile.pk or profile.web_address != where:
        raise ProvisioningError(f"站点 {hostname} 已并为专属网页 {profile.web_address}，不能再并入 {where}。")
    return Consolidated(profile, False)


def _keep_redirects(site, host, profile):
    """The old site's own redirects (wagtail.contrib.redirects) move to the host site, under the
    section's path: the old hostname's 301 leads there, and they answer from there."""
    url_path = Page.objects.values_list("url_path", flat=True).get(pk=profile.root_page_id)
    prefix = url_path[len(host.root_page.url_path) - 1 :].rstrip("/")
    redirects = list(Redirect.objects.filter(site=site))
    for redirect in redirects:
        redirect.site = host
        redirect.old_path = Redirect.normalise_path(prefix + redirect.old_path)
        redirect.save(update_fields=["site", "old_path"])
    return len(redirects)


def _translated(folder, locale):
    """The folder's translation in `locale`, made (with its missing ancestors, as drafts) if need be."""
    translation = folder.get_translation_or_none(locale)
    if translation is None:
        translation = folder.specific.copy_for_translation(locale, copy_parents=True)
    return translation


def _rename(page, slug):
    """The page takes its new slug, in its latest revision too, so that publishing that revision
    later keeps it."""
    if page.slug == slug:
        return
    page.slug = slug
    page.save(clean=False, update_fields=["slug", "url_path"])
    revision = page.latest_revision
    if revision is not None:
        revision.content["slug"] = slug
        revision.save(update_fields=["content"])
