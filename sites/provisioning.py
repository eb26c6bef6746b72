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

from columns.skeleton import build_portal, build_portal_department, build_subsite, department_index
from home.models import PortalHomePage, SiteHomePage, UnitIndexPage
from review.workflows import ensure_site_workflow

from .models import SiteGroup, SiteProfile, Unit, validate_site_code
from .signals import unit_built

HOSTNAME_PATTERN = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
SLUG_PATTERN = re.compile(r"^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$")
SUBSITE_LEVELS = ("county", "district", "township", "department")
INDEX_TITLES = {"township": "乡镇（街道）", "department": "部门"}
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
    profile: SiteProfile
    created: bool

    @property
    def site(self):
        return self.profile.site


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
                site=site,
                root_page=home,
                name=name,
                level=SiteProfile.Level.CITY,
                sponsor=unit.name,
                site_code=code,
                unit=unit,
            )
        elif profile.site.hostname != hostname:
            raise ProvisioningError(f"市级门户已在 {profile.site.hostname} 上开通。")
        build_portal(profile.root_page.specific)
        _ensure_department_index(profile.root_page)
        _ensure_groups(profile)
        ensure_site_workflow(profile)
        unit_built.send(sender=SiteProfile, profile=profile)
    return Provisioned(profile, created)


def provision_site(*, parent, level, name, hostname=None, path=None, code=None, sponsor=None):
    """A county, district, township or department below the site on `parent` (a hostname): a site
    on its own `hostname`, or a 专属网页 at `path` on the parent's site."""
    if level not in SUBSITE_LEVELS:
        raise ProvisioningError(f"未知层级“{level}”：应为 {' / '.join(SUBSITE_LEVELS)} 之一。")
    name = (name or "").strip()
    if not name:
        raise ProvisioningError("请用 --name 给出站点的中文名称。")
    if bool(hostname) == bool(path):
        raise ProvisioningError("请给出 --hostname（独立站点）或 --path（专属网页）二者之一。")
    if hostname:
        _check_hostname(hostname)
    else:
        slugs = check_path(path)
        if level in ("county", "district"):
            raise ProvisioningError("县区政府开设独立站点：请用 --hostname，专属网页只给乡镇（街道）和部门。")
    parent_site = Site.objects.filter(hostname=parent).select_related("root_page", "profile").first()
    if parent_site is None or not hasattr(parent_site, "profile"):
        raise ProvisioningError(f"未找到上级站点 {parent}：请先开通上级站点，或检查主机名。")
    parent_profile = parent_site.profile
    if not parent_profile.is_open:
        raise ProvisioningError(f"上级站点 {parent} 已关停，不能在其下开通站点。")

    with transaction.atomic():
        if hostname:
            profile, created = _ensure_site(parent_profile, level, name, hostname, code, sponsor)
        else:
            if code:
                raise ProvisioningError("专属网页没有自己的网站标识码：请不要给 --code。")
            profile, created = _ensure_section(parent_profile, level, name, slugs, sponsor)
        build_unit(profile)
    return Provisioned(profile, created)


def _ensure_department_index(home):
    """单位分类 under 公开目录: the 专属网页目录 of the city departments."""
    parent_key, slug, name, _columns = department_index()
    page = home
    for key in parent_key.split("/"):
        page = page.get_children().filter(slug=key).first()
        if page is None:  # the editors took the 公开目录 away
            return
    if not page.get_children().filter(slug=slug).exists():
        page.specific.add_child(instance=UnitIndexPage(title=name, slug=slug))


def build_unit(profile):
    """A unit's standard columns, groups and 三审三校; idempotent."""
    home = profile.root_page.specific
    if profile.is_section and profile.level == SiteProfile.Level.DEPARTMENT and profile.parent.level == "city":
        build_portal_department(home, profile.unit)
    else:
        build_subsite(home, profile.level, profile.unit, LEVEL_WORDS.get(profile.level, ""))
    _ensure_groups(profile)
    ensure_site_workflow(profile)
    unit_built.send(sender=SiteProfile, profile=profile)


def _ensure_site(parent_profile, level, name, hostname, code, sponsor):
    parent_site = parent_profile.site
    site = Site.objects.filter(hostname=hostname).select_related("profile").first()
    if site is not None:
        profile = getattr(site, "profile", None)
        if profile is None or (profile.level, profile.parent_id, profile.name) != (level, parent_profile.pk, name):
            raise ProvisioningError(f"主机名 {hostname} 已被站点“{site.site_name}”使用。")
        if code and code != profile.site_code:
            raise ProvisioningError(f"站点 {hostname} 已有网站标识码 {profile.site_code}，与 --code {code} 不一致。")
        return profile, False
    code = code or _next_code(parent_profile.site_code)
    _check_code(code, hostname)
    slug = hostname.split(".")[0]
    if parent_site.root_page.get_children().filter(slug=slug).exists():
        raise ProvisioningError(f"上级站点首页下已有路径 {slug}/ 的页面：请换一个主机名，或先移走该页面。")
    home = SiteHomePage(title=name, slug=slug)
    parent_site.root_page.add_child(instance=home)
    site = Site.objects.create(hostname=hostname, port=parent_site.port, root_page=home, site_name=name)
    return _create_profile(parent_profile, level, name, home, sponsor, site=site, site_code=code), True


def section_folder(parent_profile, level, slugs):
    """The page that holds a 专属网页 at parent's home / slugs (the last slug being the 专属网页's
    own); missing folders on the way become 专属网页目录. Call it inside a transaction: a refusal
    leaves folders behind otherwise."""
    where = "/".join(slugs)
    page = parent_profile.root_page
    for slug in slugs[:-1]:
        child = page.get_children().filter(slug=slug).first()
        if child is None:
            child = UnitIndexPage(title=INDEX_TITLES.get(level, "专属网页"), slug=slug)
            page.specific.add_child(instance=child)
        elif SiteProfile.objects.filter(root_page=child).exists():
            raise ProvisioningError(f"路径 {where} 位于另一个站点或专属网页之内：请换一个路径。")
        page = child
    return page


def check_holds_section(folder, where):
    if SiteHomePage not in folder.specific_class.allowed_subpage_models():
        raise ProvisioningError(f"路径 {where} 的上一级“{folder.title}”下不能开设专属网页：请换一个路径。")


def _ensure_section(parent_profile, level, name, slugs, sponsor):
    """The 专属网页 at parent's home / slugs; missing folders on the way become 专属网页目录."""
    where = "/".join(slugs)
    page = section_folder(parent_profile, level, slugs)
    existing = page.get_children().filter(slug=slugs[-1]).first()
    if existing is not None:
        profile = SiteProfile.objects.filter(root_page=existing).first()
        if profile is None or (profile.level, profile.parent_id, profile.name) != (level, parent_profile.pk, name):
            raise ProvisioningError(f"路径 {where} 已有页面“{existing.title}”：请换一个路径。")
        return profile, False
    if SiteProfile.objects.filter(name=name).exists():
        raise ProvisioningError(f"已有名为“{name}”的站点或专属网页：请换一个名称。")
    check_holds_section(page, where)
    home = SiteHomePage(title=name, slug=slugs[-1])
    page.specific.add_child(instance=home)
    return _create_profile(parent_profile, level, name, home, sponsor), True


def _create_profile(parent_profile, level, name, home, sponsor, **fields):
    unit = _unit_for(level, name)
    return SiteProfile.objects.create(
        root_page=home,
        name=name,
        level=level,
        parent=parent_profile,
        unit=unit,
        sponsor=sponsor or (unit.name if level == "department" else f"{unit.name}办公室"),
        **fields,
    )


def check_path(path):
    slugs = [slug for slug in (path or "").strip().strip("/").split("/")]
    if not all(SLUG_PATTERN.match(slug) for slug in slugs) or len(slugs) > 4:
        raise ProvisioningError(f"路径“{path}”无效：用小写字母、数字和连字符，以 / 分隔，最多四级，如 towns/fuli。")
    return slugs


@transaction.atomic
def close_site(address):
    """Unpublish a subsite (a hostname) or a 专属网页 (jixian.localhost/towns/fuli); its addresses
    then redirect to the nearest open unit above it. Returns its profile."""
    profile = find_unit(address)
    if profile is None:
        raise ProvisioningError(f"未找到站点或专属网页 {address}。")
    if profile.level == SiteProfile.Level.CITY:
        raise ProvisioningError("市级门户不能关停。")
    if not profile.is_open:
        return profile
    open_children = SiteProfile.objects.filter(parent=profile, status=SiteProfile.Status.OPEN)
    if open_children.exists():
        names = "、".join(p.web_address for p in open_children.select_related("site", "root_page"))
        raise ProvisioningError(f"请先关停 {address} 下属的站点和专属网页：{names}。")
    profile.status = SiteProfile.Status.CLOSED
    profile.closed_at = timezone.now()
    profile.save(update_fields=["status", "closed_at"])
    profile.root_page.get_descendants(inclusive=True).live().unpublish()
    return profile


def find_unit(address):
    """The profile of the site on this hostname, or of the 专属网页 at hostname/path; or None."""
    hostname, _, path = (address or "").strip().partition("/")
    site = Site.objects.filter(hostname=hostname.lower()).select_related("root_page").first()
    if site is None:
        return None
    url_path = site.root_page.url_path + (path.strip("/") + "/" if path.strip("/") else "")
    return (
        SiteProfile.objects.select_related("site", "root_page", "parent")
        .filter(root_page__url_path=url_path, root_page__path__startswith=site.root_page.path)
        .first()
    )


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
    home = profile.root_page
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
            group = Group.objects.create(name=_group_name(profile, role))
            link = SiteGroup.objects.create(profile=profile, role=role, group=group)
        group = link.group
        group.permissions.add(admin_access)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=page_permissions[codename])
        for permission in media_permissions:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)


def _group_name(profile, role):
    name = f"{profile.name}·{role.label}"
    if Group.objects.filter(name=name).exists():
        name = f"{profile.name}（{profile.web_address}）·{role.label}"
    return name


def _ensure_collection(profile):
    """The site's own media collection, directly below the root: a collection's rights reach its
    descendants, so no site's collection lies inside another's."""
    if profile.collection_id:
        return profile.collection
    root = Collection.get_first_root_node()
    siblings = root.get_children()
    collection = siblings.filter(name=profile.name, site_profile__isnull=True).first()
    if collection is None:
        taken = siblings.filter(name=profile.name).exists()
        collection = root.add_child(name=f"{profile.name}（{profile.web_address}）" if taken else profile.name)
    profile.collection = collection
    profile.save(update_fields=["collection"])
    return collection


def site_collection(site):
    """The collection that holds the media of `site` (a Site with a profile)."""
    return _ensure_collection(site.profile)
