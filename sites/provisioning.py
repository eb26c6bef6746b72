"""Opening and closing the sites of the cluster.

`provision_site` creates everything a new subsite needs in one transaction and can be run again
without harm; `close_site` takes a site off line while its addresses keep answering (with a
redirect to the nearest open ancestor site).
"""

import re
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from columns.skeleton import build_portal, build_subsite
from home.models import PortalHomePage, SiteHomePage
from review.workflows import ensure_site_workflow

from .models import SiteGroup, SiteProfile, Unit, validate_site_code

HOSTNAME_PATTERN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
SUBSITE_LEVELS = ("county", "district", "township", "department")
LEVEL_WORDS = {"county": "县", "district": "区"}
PAGE_PERMISSIONS = {
    # Editors submit for 三审三校 and never publish: 终审 approval publishes (review.workflows).
    SiteGroup.Role.EDITOR: ["add_page", "change_page", "lock_page", "unlock_page"],
    SiteGroup.Role.FIRST_REVIEW: ["change_page"],
    SiteGroup.Role.SECOND_REVIEW: ["change_page"],
    SiteGroup.Role.FINAL_REVIEW: ["change_page"],
}
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


class ProvisioningError(Exception):
    """Bad input for provisioning; the message says what to fix."""


@dataclass
class Provisioned:
    site: Site
    created: bool


def provision_portal(*, name, hostname, code, port=80):
    """The city portal: the default site, at the top of the shared page tree."""
    _check_hostname(hostname)
    with transaction.atomic():
        profile = SiteProfile.objects.filter(level=SiteProfile.Level.CITY).select_related("site").first()
        created = profile is None
        if profile is None:
            _check_code(code, hostname)
            placeholder = ContentType.objects.get_for_model(Page)
            if Site.objects.filter(hostname=hostname).exclude(root_page__content_type=placeholder).exists():
                raise ProvisioningError(f"主机名 {hostname} 已被其他站点使用。")
            # The "Welcome to Wagtail" site and page of a fresh install give way to the portal.
            Site.objects.filter(root_page__content_type=placeholder).delete()
            Page.objects.filter(depth=2, content_type=placeholder, numchild=0).delete()
            home = PortalHomePage(title=name, slug="portal")
            Page.get_first_root_node().add_child(instance=home)
            Site.objects.update(is_default_site=False)
            site = Site.objects.create(
                hostname=hostname, port=port, root_page=home, site_name=name, is_default_site=True
            )
            unit, _ = Unit.objects.get_or_create(name=f"{name}办公室", defaults={"kind": Unit.Kind.CITY_DEPARTMENT})
            profile = SiteProfile.objects.create(
                site=site, level=SiteProfile.Level.CITY, sponsor=unit.name, site_code=code, unit=unit
            )
        elif profile.site.hostname != hostname:
            raise ProvisioningError(f"市级门户已在 {profile.site.hostname} 上开通。")
        build_portal(profile.site.root_page.specific)
        _ensure_groups(profile)
        ensure_site_workflow(profile)
    return Provisioned(profile.site, created)


def provision_site(*, parent, level, name, hostname, code=None, sponsor=None):
    """A county, district, township or department site below the site on `parent` (a hostname)."""
    if level not in SUBSITE_LEVELS:
        raise ProvisioningError(f"未知层级“{level}”：应为 {' / '.join(SUBSITE_LEVELS)} 之一。")
    name = (name or "").strip()
    if not name:
        raise ProvisioningError("请用 --name 给出站点的中文名称。")
    _check_hostname(hostname)
    parent_site = Site.objects.filter(hostname=parent).select_related("root_page", "profile").first()
    if parent_site is None or not hasattr(parent_site, "profile"):
        raise ProvisioningError(f"未找到上级站点 {parent}：请先开通上级站点，或检查主机名。")
    if not parent_site.profile.is_open:
        raise ProvisioningError(f"上级站点 {parent} 已关停，不能在其下开通站点。")

    with transaction.atomic():
        site = Site.objects.filter(hostname=hostname).select_related("profile").first()
        if site is not None:
            profile = getattr(site, "profile", None)
            if profile is None or (profile.level, profile.parent_id, site.site_name) != (
                level,
                parent_site.profile.pk,
                name,
            ):
                raise ProvisioningError(f"主机名 {hostname} 已被站点“{site.site_name}”使用。")
            if code and code != profile.site_code:
                raise ProvisioningError(
                    f"站点 {hostname} 已有网站标识码 {profile.site_code}，与 --code {code} 不一致。"
                )
            created = False
        else:
            code = code or _next_code(parent_site.profile.site_code)
            _check_code(code, hostname)
            parent_home = parent_site.root_page
            slug = hostname.split(".")[0]
            if parent_home.get_children().filter(slug=slug).exists():
                raise ProvisioningError(f"上级站点首页下已有路径 {slug}/ 的页面：请换一个主机名，或先移走该页面。")
            home = SiteHomePage(title=name, slug=slug)
            parent_home.add_child(instance=home)
            site = Site.objects.create(hostname=hostname, port=parent_site.port, root_page=home, site_name=name)
            unit = _unit_for(level, name)
            profile = SiteProfile.objects.create(
                site=site,
                level=level,
                parent=parent_site.profile,
                unit=unit,
                sponsor=sponsor or (unit.name if level == "department" else f"{unit.name}办公室"),
                site_code=code,
            )
            created = True
        build_subsite(site.root_page.specific, level, profile.unit, LEVEL_WORDS.get(level, ""))
        _ensure_groups(profile)
        ensure_site_workflow(profile)
    return Provisioned(site, created)


@transaction.atomic
def close_site(hostname):
    """Unpublish a subsite; its addresses then redirect to the nearest open ancestor site."""
    site = Site.objects.filter(hostname=hostname).select_related("profile", "root_page").first()
    if site is None or not hasattr(site, "profile"):
        raise ProvisioningError(f"未找到站点 {hostname}。")
    profile = site.profile
    if profile.level == SiteProfile.Level.CITY:
        raise ProvisioningError("市级门户不能关停。")
    if not profile.is_open:
        return site
    open_children = SiteProfile.objects.filter(parent=profile, status=SiteProfile.Status.OPEN)
    if open_children.exists():
        names = "、".join(p.site.hostname for p in open_children.select_related("site"))
        raise ProvisioningError(f"请先关停站点 {hostname} 下属的站点：{names}。")
    profile.status = SiteProfile.Status.CLOSED
    profile.closed_at = timezone.now()
    profile.save(update_fields=["status", "closed_at"])
    site.root_page.get_descendants(inclusive=True).live().unpublish()
    return site


def _check_hostname(hostname):
    if not hostname or not HOSTNAME_PATTERN.match(hostname):
        raise ProvisioningError(
            f"主机名“{hostname}”无效：只能用小写字母、数字、连字符和点，如 jixian.shuangyashan.gov.cn。"
        )


def _check_code(code, hostname):
    try:
        validate_site_code(code)
    except ValidationError as error:
        raise ProvisioningError(f"网站标识码“{code}”无效：{error.messages[0]}") from None
    if SiteProfile.objects.filter(site_code=code).exclude(site__hostname=hostname).exists():
        raise ProvisioningError(f"网站标识码 {code} 已被其他站点使用。")


def _next_code(parent_code):
    """The parent's area code with the next free 4-digit serial."""
    area = parent_code[:6]
    taken = SiteProfile.objects.filter(site_code__startswith=area).values_list("site_code", flat=True)
    serial = max((int(c[6:]) for c in taken if c[6:].isdigit()), default=0) + 1
    if serial > 9999:
        raise ProvisioningError(f"行政区划代码 {area} 下的网站标识码已用完：请用 --code 指定。")
    return f"{area}{serial:04d}"


def _unit_for(level, name):
    if level == "department":
        return Unit.objects.get_or_create(name=name, defaults={"kind": Unit.Kind.CITY_DEPARTMENT})[0]
    kind = Unit.Kind.TOWNSHIP_GOVERNMENT if level == "township" else Unit.Kind.COUNTY_DISTRICT_GOVERNMENT
    government = name if name.endswith("人民政府") else f"{name}人民政府"
    return Unit.objects.get_or_create(name=government, defaults={"kind": kind})[0]


def _ensure_groups(profile):
    """One editors' group and one group per review level, with rights on this site's subtree only."""
    site = profile.site
    home = site.root_page
    collection = _ensure_collection(profile)
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    page_permissions = {
        p.codename: p
        for p in Permission.objects.filter(content_type__app_label="wagtailcore", codename__endswith="_page")
    }
    media_permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in MEDIA_PERMISSIONS
    ]
    for role, codenames in PAGE_PERMISSIONS.items():
        link = SiteGroup.objects.filter(profile=profile, role=role).select_related("group").first()
        if link is None:
            group = Group.objects.create(name=_group_name(site, role))
            link = SiteGroup.objects.create(profile=profile, role=role, group=group)
        group = link.group
        group.permissions.add(admin_access)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=page_permissions[codename])
        for permission in media_permissions:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def _group_name(site, role):
    name = f"{site.site_name}·{role.label}"
    if Group.objects.filter(name=name).exists():
        name = f"{site.site_name}（{site.hostname}）·{role.label}"
    return name


def _ensure_collection(profile):
    """The site's own media collection, directly below the root: a collection's rights reach its
    descendants, so no site's collection lies inside another's."""
    if profile.collection_id:
        return profile.collection
    site = profile.site
    root = Collection.get_first_root_node()
    siblings = root.get_children()
    collection = siblings.filter(name=site.site_name, site_profile__isnull=True).first()
    if collection is None:
        taken = siblings.filter(name=site.site_name).exists()
        collection = root.add_child(name=f"{site.site_name}（{site.hostname}）" if taken else site.site_name)
    profile.collection = collection
    profile.save(update_fields=["collection"])
    return collection


def site_collection(site):
    """The collection that holds the media of `site` (a Site with a profile)."""
    return _ensure_collection(site.profile)
