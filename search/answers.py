"""Direct answers (栏目直达, 服务直达): a query that names a column, channel, service guide,
department or leader gets that page first, as a box with its link.

Names are matched exactly (normalized, spaces removed), tolerating a site's name in front
(集贤县公用事业) and a word like 栏目 or 频道 behind. The names live in a map built from a handful
of queries (one per kind, whatever the number of sites) and kept in each process; a generation
stamp in the cache, renewed when a page of these kinds is saved, published, unpublished, moved
or deleted, or a site, unit or view restriction changes, tells every process to rebuild it. So a
lookup costs no SQL query at all, and a rebuild costs BUILD_QUERIES.
"""

import re
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from columns.models import ChannelPage, ColumnPage, LinkColumnPage
from content.models import InstitutionPage, LeaderPage, ServiceGuidePage
from sites.models import SiteProfile, Unit
from sites.routing import address, deepest_site_root

from . import synonyms, vocabulary
from .analysis import normalize, without_questions

MAX_ANSWERS = 3
MAX_NAME = 60
MAX_AGE = 600  # seconds: a process rebuilds at least this often, whatever it missed
GENERATION_KEY = "search:answers:generation"
BUILD_QUERIES = 7  # restrictions, sites, columns and channels, guides, leaders, institutions, profiles

LABELS = {
    "service": "办事指南",
    "column": "栏目",
    "channel": "频道",
    "department": "部门",
    "site": "网站",
    "institution": "机构",
    "leader": "领导",
}
KIND_ORDER = {kind: n for n, kind in enumerate(LABELS)}
OTHERS = 9  # the tier of pages of sites neither named nor current nor the portal
# Words behind a name that ask for the page or for what its box shows (统计局电话, 民政局在哪).
SUFFIXES = (
    "政府网站", "栏目", "频道", "专栏", "网站", "官网", "首页", "主页", "页面",
    "联系电话", "联系方式", "电话号码", "电话", "办公地址", "地址", "在哪里", "在哪儿", "在哪", "怎么走",
    "办公时间", "上班时间",
)  # fmt: skip
AREA_WORDS = ("市", "县", "区", "旗")  # a department's name may begin with its level for its area
LATIN_NAME = re.compile("[a-z]+")
# Words a column's own title may end with that residents leave out (民意征集平台 → 民意征集).
COLUMN_SUFFIXES = ("平台", "专栏", "专题", "专区", "栏目", "频道")
EDGES = re.compile(r"^[\W_]+|[\W_]+$")
SPACES = re.compile(r"\s+")
ANSWER_MODELS = (ChannelPage, ColumnPage, LinkColumnPage, ServiceGuidePage, LeaderPage, InstitutionPage)


def name_key(text):
    """How a name is compared: normalized, without spaces or punctuation at its ends."""
    return EDGES.sub("", SPACES.sub("", normalize(text)))


@dataclass
class Target:
    page_id: int
    kind: str
    title: str
    path: str
    url: str
    site_id: int
    owner: str  # the site's or 专属网页's name
    hostname: str
    trail: list = field(default_factory=list)
    details: list = field(default_factory=list)  # [{"label", "value", "href"?}]
    online_url: str = ""

    def box(self):
        return {
            "kind": self.kind,
            "label": LABELS[self.kind],
            "title": self.title,
            "url": self.url,
            "site": {"hostname": self.hostname, "name": self.owner},
            "trail": list(self.trail),
            "details": [dict(d) for d in self.details],
            "online_url": self.online_url,
        }


class AnswerIndex:
    """Names → the pages they name, with the sites' names that may stand in front of them."""

    def __init__(self):
        self.names = {}
        self.short_names = set()  # (key, page id): a name as residents shorten it (民政局)
        self.prefixes = []  # (key, site_id), longest first
        self.portal_id = None

    def add(self, name, target, short=False):
        key = name_key(name or "")
        if key and len(key) <= MAX_NAME:
            targets = self.names.setdefault(key, [])
            if all(t.page_id != target.page_id for t in targets):
                targets.append(target)
                if short:
                    self.short_names.add((key, target.page_id))

    @classmethod
    def build(cls):
        return _Builder().build(cls())

    def candidates(self, key):
        """(name, site it names or None) for each way of reading the query, most literal first."""
        readings = [(key, None)]
        for prefix, site_id in self.prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                rest = EDGES.sub("", key[len(prefix) :].removeprefix("的"))
                if rest:
                    readings.append((rest, site_id))
        for name, site_id in list(readings):
            for suffix in SUFFIXES:
                if name.endswith(suffix) and len(name) > len(suffix):
                    readings.append((name[: -len(suffix)], site_id))
                    break
        return readings

    def lookup(self, text, site_id=None):
        """The targets a query names. A site or department named in full is the answer wherever
        it is asked; other pages, and departments named without their area (民政局), rank by whose
        they are: the site named in front of the name (集贤县通知公告) alone, else this site's, then
        the portal's, and only when neither has one, other sites' pages."""
        key = name_key(text) if len(text or "") <= 4 * MAX_NAME else ""
        if not key or len(key) > MAX_NAME + 10:
            return []
        found = {}
        for reading, (name, named_site) in enumerate(self.candidates(key)):
            preferred = [named_site] if named_site else [s for s in (site_id, self.portal_id) if s is not None]
            for target in self.names.get(name, ()):
                if named_site and target.site_id != named_site:
                    continue  # 集贤县民政局 is not the city's
                in_full = (name, target.page_id) not in self.short_names
                if target.kind in ("site", "department") and reading == 0 and in_full:
                    tier = -1
                elif target.site_id in preferred:
                    tier = preferred.index(target.site_id) if not named_site else -1
                else:
                    tier = OTHERS
                rank = (tier, reading, KIND_ORDER[target.kind], len(target.path), target.path)
                if target.page_id not in found or rank < found[target.page_id][0]:
                    found[target.page_id] = (rank, target)
        ranked = sorted(found.values(), key=lambda rt: rt[0])
        if ranked and ranked[0][0][0] < OTHERS:
            ranked = [rt for rt in ranked if rt[0][0] < OTHERS]
        return [target for _rank, target in ranked[:MAX_ANSWERS]]


class _Builder:
    """Reads every name once: BUILD_QUERIES queries, whatever the number of sites."""

    def __init__(self):
        self.locale = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        self.restricted = set(PageViewRestriction.objects.values_list("page__path", flat=True))
        self.sites = {
            s["id"]: s for s in Site.objects.values("id", "hostname", "site_name", "is_default_site", "profile__level")
        }
        self.profiles = list(
            SiteProfile.objects.filter(status=SiteProfile.Status.OPEN, root_page__live=True).values(
                "name", "level", "site_id", "address", "contact_phone", "unit__name",
                "root_page_id", "root_page__path", "root_page__url_path",
            )
        )  # fmt: skip
        self.owners = {p["root_page__path"]: p["name"] for p in self.profiles}
        self.section_titles = {}

    def _prefixes(self, path):
        return [path[:i] for i in range(Page.steplen, len(path) + 1, Page.steplen)]

    def _place(self, row):
        """(site_id, url, owner, hostname) of a page residents may see, or None."""
        if any(p in self.restricted for p in self._prefixes(row["path"])):
            return None
        srp = deepest_site_root(row["url_path"])
        if srp is None or srp.site_id not in self.sites:
            return None
        site = self.sites[srp.site_id]
        owners = [self.owners[p] for p in self._prefixes(row["path"]) if p in self.owners]
        owner = owners[-1] if owners else site["site_name"]
        return srp.site_id, address(srp, row["url_path"]), owner, site["hostname"]

    def _targets(self, queryset, kind, *fields):
        """(row, Target) for each live page of the default locale in `queryset` that a site holds."""
        rows = (
            queryset.live().filter(locale__language_code=self.locale).values("id", "title", "path", "url_path", *fields)
        )
        for row in rows:
            place = self._place(row)
            if place is not None:
                site_id, url, owner, hostname = place
                trail = [self.section_titles[p] for p in self._prefixes(row["path"])[:-1] if p in self.section_titles]
                yield row, Target(row["id"], kind, row["title"], row["path"], url, site_id, owner, hostname, trail)

    def build(self, index):
        portals = [i for i, s in self.sites.items() if s["profile__level"] == SiteProfile.Level.CITY]
        portals += [i for i, s in self.sites.items() if s["is_default_site"]]
        index.portal_id = portals[0] if portals else None

        sections = Page.objects.type(ChannelPage, ColumnPage, LinkColumnPage).order_by("path")
        channel_type = _content_type_id(ChannelPage)
        for row, target in self._targets(sections, "column", "content_type_id"):
            self.section_titles[row["path"]] = row["title"]
            if row["content_type_id"] == channel_type:
                target.kind = "channel"
            index.add(row["title"], target)

        guides = self._targets(ServiceGuidePage.objects, "service", "location", "office_hours", "phone", "online_url")
        for row, target in guides:
            target.details = _details(
                ("办理地点", row["location"]), ("办理时间", row["office_hours"]), ("咨询电话", row["phone"])
            )
            target.online_url = row["online_url"]
            index.add(row["title"], target)

        for row, target in self._targets(LeaderPage.objects, "leader", "position"):
            target.details = _details(("职务", row["position"]))
            index.add(row["title"], target)
            for position in {row["position"], *re.split(r"[、，,\s]+", row["position"] or "")}:
                if position:  # 市长, 赵市长, 赵志远市长
                    index.add(position, target)
                    index.add(f"{row['title'][:1]}{position}", target)
                    index.add(f"{row['title']}{position}", target)

        institutions = self._targets(
            InstitutionPage.objects, "institution", "address", "phone", "office_hours", "unit__name"
        )
        for row, target in institutions:
            target.details = _details(
                ("办公地址", row["address"]), ("办公时间", row["office_hours"]), ("联系电话", row["phone"])
            )
            index.add(row["title"], target)
            index.add(row["unit__name"], target)

        for profile in self.profiles:
            row = {"path": profile["root_page__path"], "url_path": profile["root_page__url_path"]}
            place = self._place(row)
            if place is None:
                continue
            site_id, url, _owner, hostname = place
            kind = "department" if profile["level"] == SiteProfile.Level.DEPARTMENT else "site"
            target = Target(
                profile["root_page_id"], kind, profile["name"], row["path"], url, site_id, profile["name"], hostname
            )
            target.details = _details(("地址", profile["address"]), ("联系电话", profile["contact_phone"]))
            area = profile["name"].removesuffix("人民政府").removesuffix("办事处")
            bare = area[:-1] if kind == "site" and len(area) >= 3 and area[-1] in "市县区旗镇乡" else ""
            for name in (profile["name"], profile["unit__name"], area, f"{area}政府", bare):  # 宝清县, 宝清
                index.add(name, target)
            if profile["site_id"]:  # 双鸭山市公用事业, 集贤县市长信箱
                short = area.removesuffix("市") if len(area) > 3 else ""
                index.prefixes.extend(
                    (key, profile["site_id"])
                    for key in {name_key(profile["name"]), name_key(area), name_key(short)}
                    if key
                )
        index.prefixes.sort(key=lambda p: -len(p[0]))
        self._add_short_names(index)
        return index

    def _add_short_names(self, index):
        """Names residents shorten: 双鸭山市民政局 and 市民政局 are also 民政局 (departments and
        institutions without their area), 民意征集平台 is also 民意征集 and 双鸭山发展讲坛专栏 also
        发展讲坛 (columns without a word like 平台 or 专栏 behind, or their site's name in front)."""
        sites = [prefix for prefix, _site_id in index.prefixes]
        for key, targets in list(index.names.items()):
            for target in targets:
                if name_key(target.title) != key:
                    continue
                short = key
                if target.kind in ("column", "channel"):
                    short = next((key[: -len(s)] for s in COLUMN_SUFFIXES if key.endswith(s)), key)
                    short = next((short[len(a) :] for a in sites if short.startswith(a)), short)
                elif target.kind in ("department", "institution"):
                    short = next((key[len(a) :] for a in (*sites, *AREA_WORDS) if key.startswith(a)), key)
                if short != key and len(short) >= 2:
                    index.add(short, target, short=True)


def _details(*pairs):
    """[{"label", "value", "href"?}] of the pairs that have a value; a phone number gets a tel: link."""
    details = []
    for label, value in pairs:
        value = (value or "").strip()
        if value:
            detail = {"label": label, "value": value}
            digits = re.sub(r"[^\d+]", "", re.split(r"[、，,;；/]", value)[0])
            if "电话" in label and len(digits) >= 5:
                detail["href"] = f"tel:{digits}"
            details.append(detail)
    return details


def _content_type_id(model):
    return ContentType.objects.get_for_model(model, for_concrete_model=False).pk


_memo = None  # (generation, built at, AnswerIndex) of this process


def current_index():
    """This process's map, rebuilt when another process (or this one) said names changed."""
    global _memo
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    memo = _memo
    if memo is None or memo[0] != generation or time.monotonic() - memo[1] > MAX_AGE:
        memo = _memo = (generation, time.monotonic(), AnswerIndex.build())
    return memo[2]


def answers(text, site=None):
    """The boxes (dicts) for a query on `site` (a wagtail Site or None): at most MAX_ANSWERS,
    the current site's pages first, then the portal's, then others'. A query is read as typed,
    then without its question words (市长是谁), as the dictionary's expansions of it (人社局),
    and as the Chinese words its pinyin spells (baoqing)."""
    index, site_id = current_index(), site.pk if site else None
    boxes, seen = [], set()
    for reading in _readings(text):
        for target in index.lookup(reading, site_id):
            box = target.box()
            shown = (box["kind"], box["title"], box["site"]["hostname"])  # a department's page in two columns
            if target.page_id not in seen and shown not in seen:
                seen |= {target.page_id, shown}
                boxes.append(box)
    return boxes[:MAX_ANSWERS]


def _readings(text):
    text = text or ""
    yield text
    if len(text) > MAX_NAME:
        return
    asked = without_questions(normalize(text))
    if name_key(asked) != name_key(text):
        yield asked
    yield from synonyms.alternatives(name_key(asked))
    if LATIN_NAME.fullmatch(name_key(text)):
        yield from vocabulary.pinyin_alternatives(name_key(text))


def names_changed():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


NAMING_MODELS = (*ANSWER_MODELS, Site, SiteProfile, Unit, PageViewRestriction)


@receiver(post_save)
def _saved(sender, instance, **kwargs):
    if isinstance(instance, NAMING_MODELS):
        names_changed()


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    if isinstance(instance, (Page, *NAMING_MODELS)):
        names_changed()


@receiver(page_published)
def _published(sender, instance, **kwargs):
    if isinstance(instance, ANSWER_MODELS):
        names_changed()


@receiver(page_unpublished)
@receiver(post_page_move)
def _unpublished_or_moved(sender, instance, **kwargs):
    names_changed()
