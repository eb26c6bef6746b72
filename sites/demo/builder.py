"""The demo cluster of 双鸭山市: the portal, 4 counties, 4 districts, 3 townships and their content.

Every item's slug and date derive from its title, so building again adds only what is missing.
"""

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Site

from assurance.audit import record_audit
from columns.models import ColumnPage
from columns.skeleton import DEPARTMENT_INDEX_KEY
from content.models import (
    ArticlePage,
    GovDocumentPage,
    InstitutionPage,
    LeaderPage,
    NoticePage,
    PolicyInterpretationPage,
    ServiceGuidePage,
)
from review.workflows import CITY_GROUP
from sites.caching import forget_sites
from sites.models import SiteGroup, SiteProfile, Unit
from sites.provisioning import provision_portal, provision_site, site_collection
from sites.units import unit_pages_q
from translations.groups import TRANSLATOR_GROUPS

from .annual_reports import DemoAnnualReports
from .applications import DemoApplications
from .filler import Filler
from .foreign import ForeignVersions
from .letters import DemoLetters
from .review import DemoReview
from .solicitations import DemoSolicitations
from .website_reports import DemoWebsiteReports

CONTENT_FILE = Path(__file__).resolve().parent / "content.yaml"
PORTAL = {"name": "双鸭山市人民政府", "hostname": "localhost", "code": "2305000001"}
SUBSITES = [
    # key, name, level, area code
    ("jixian", "集贤县人民政府", "county", "230521"),
    ("youyi", "友谊县人民政府", "county", "230522"),
    ("baoqing", "宝清县人民政府", "county", "230523"),
    ("raohe", "饶河县人民政府", "county", "230524"),
    ("jianshan", "尖山区人民政府", "district", "230502"),
    ("lingdong", "岭东区人民政府", "district", "230503"),
    ("sifangtai", "四方台区人民政府", "district", "230505"),
    ("baoshan", "宝山区人民政府", "district", "230506"),
]
TOWNSHIPS = [
    # key, name, county key
    ("fuli", "集贤县福利镇人民政府", "jixian"),
    ("shengchang", "集贤县升昌镇人民政府", "jixian"),
    ("qixingpao", "宝清县七星泡镇人民政府", "baoqing"),
]
SECTION_TOWNSHIPS = [
    # key, name, county key: townships kept as 专属网页 on their county's site (towns/<key>)
    ("xingan", "集贤县兴安乡人民政府", "jixian"),
    ("jiaxing", "宝清县夹信子镇人民政府", "baoqing"),
]
DEPARTMENTS = [
    # account prefix, unit as the 分解表 names it: 专属网页 under the portal's 公开目录 › 单位分类
    ("tongji", "市统计局"),
    ("shangwu", "市商务局"),
    ("fagai", "市发改委"),
    ("caizheng", "市财政局"),
    ("renshe", "市人社局"),
    ("minzheng", "市民政局"),
    ("gongan", "市公安局"),
    ("shichang", "市场监管局"),
    ("jiaoyu", "市教育局"),
    ("nongwei", "市农委"),
]
SUBSITE_COLUMNS = {
    "county": {
        "news": "news/local-news",
        "photo": "news/photo-news",
        "notices": "disclosure/notices",
        "documents": "disclosure/government-documents",
        "interpretations": "disclosure/policy-interpretation",
        "service_guides": "services/individual-services",
        "leaders": "leadership/government-leaders",
        "profile": "profile/overview",
    },
    "township": {
        "news": "news",
        "photo": "news",
        "notices": "notices",
        "documents": "documents",
        "interpretations": "documents",
        "service_guides": "service-guides",
        "leaders": "leaders",
        "profile": "overview",
    },
}
PORTAL_COLUMNS = {
    "current_affairs": "homepage/current-affairs/secretary-mayor-activities",
    "notices": "homepage/notices",
    "photo_news": "homepage/photo-news",
    "department_news": "homepage/department-news",
    "documents": "homepage/disclosure-catalogue/government-documents/municipal-government-documents",
    "normative": "homepage/disclosure-catalogue/government-documents/normative-documents",
    "interpretations": "gov-disclosure/policy-interpretation",
    "leaders": "leadership/government-leaders",
}
PORTAL_SERVICE_CHANNEL = "services/"
PHOTO_COLOURS = [(181, 18, 27), (26, 77, 143), (46, 125, 50), (120, 80, 40), (90, 60, 140), (200, 120, 20)]


def _document_kind(column, doc_number):
    """规章 for a 令, 行政规范性文件 in a 规范性文件 column, as content's migration 0005 derives them."""
    if "令" in doc_number:
        return GovDocumentPage.Kind.RULE
    if column.column_key.split("/")[-1] == "normative-documents":
        return GovDocumentPage.Kind.NORMATIVE
    return GovDocumentPage.Kind.OTHER


class DemoBuilder:
    def __init__(self, port=8000, password="zhanqun-demo", stdout=None):
        self.port = port
        self.password = password
        self.stdout = stdout
        self.content = yaml.safe_load(CONTENT_FILE.read_text(encoding="utf-8"))
        self.now = timezone.now()
        self.created = 0

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    @transaction.atomic
    def build(self):
        portal = provision_portal(port=self.port, **PORTAL).site
        self._describe(portal, "0469-6105123", "zfwz@shuangyashan.gov.cn", "黑龙江省双鸭山市尖山区新兴大街")
        sites = {}
        for key, name, level, area in SUBSITES:
            sites[key] = provision_site(
                parent=PORTAL["hostname"],
                level=level,
                name=name,
                hostname=f"{key}.localhost",
                code=f"{area}0001",
            ).site
            self._describe(sites[key], "0469-" + area[-3:] + "2345", f"zfb@{key}.gov.cn", "")
            self.log(f"  {name}: {sites[key].root_url}/")
        for key, name, county in TOWNSHIPS:
            sites[key] = provision_site(
                parent=f"{county}.localhost",
                level="township",
                name=name,
                hostname=f"{key}.{county}.localhost",
            ).site
            self._describe(sites[key], "", "", "")
            self.log(f"  {name}: {sites[key].root_url}/")
        Site.objects.update(port=self.port)
        forget_sites()
        sections = {}
        for key, name, county in SECTION_TOWNSHIPS:
            sections[key] = provision_site(
                parent=f"{county}.localhost", level="township", name=name, path=f"towns/{key}"
            ).profile
        for key, name in DEPARTMENTS:
            sections[key] = provision_site(
                parent=PORTAL["hostname"], level="department", name=name, path=f"{DEPARTMENT_INDEX_KEY}/{key}"
            ).profile
            self.log(f"  {name}: {sections[key].url}")

        self._portal_content(portal)
        for key, data in self.content["sites"].items():
            self._site_content(sites[key], data)
        filler = Filler(self.now, self.log)
        for profile in (portal.profile, *(site.profile for site in sites.values()), *sections.values()):
            self.created += filler.fill(profile)
        ForeignVersions(portal.root_page, self._add, self.log).build()
        self._demo_accounts(portal, sites, sections)
        DemoReview(sites, portal, slug_for, _paragraphs, self.log).build()
        self.created += DemoLetters(self.now, self.log, self.password).build()
        self.created += DemoApplications(self.now, self.log, self.password).build()
        DemoSolicitations({**sites, "portal": portal}, self._unit, self.log).build()
        DemoWebsiteReports({**sites, "portal": portal}, self.log).build()
        # After the applications: the reports count whatever the demo holds.
        DemoAnnualReports(self.now, self.log).build()
        audits = record_audit()
        self.log(f"  内容保障：已检查 {len(audits)} 个站点，{sum(1 for a in audits if a.vetoes)} 个触发单项否决")
        return self.created

    def _describe(self, site, phone, email, address):
        profile = site.profile
        profile.icp_number = profile.icp_number or f"黑ICP备{profile.site_code[2:8]}号-1"
        profile.public_security_number = profile.public_security_number or f"黑公网安备{profile.site_code}0号"
        profile.contact_phone = profile.contact_phone or phone
        profile.contact_email = profile.contact_email or email
        profile.address = profile.address or address
        profile.save()

    # Content ---------------------------------------------------------------------------------

    def _portal_content(self, site):
        c = self.content["portal"]
        col = self._columns(site)
        for item in c["current_affairs"]:
            self._article(col[PORTAL_COLUMNS["current_affairs"]], item, source="双鸭山日报社")
        for item in c["photo_news"]:
            self._article(col[PORTAL_COLUMNS["photo_news"]], item, photo=site)
        for item in c["department_news"]:
            self._article(col[PORTAL_COLUMNS["department_news"]], item, unit=item.get("unit"))
        for item in c["notices"]:
            self._notice(col[PORTAL_COLUMNS["notices"]], item)
        for item in c["documents"]:
            key = "normative" if "规" in item["doc_number"].split("〔")[0] else "documents"
            self._document(col[PORTAL_COLUMNS[key]], col[PORTAL_COLUMNS["interpretations"]], item, site)
        for item in c["service_guides"]:
            column = next(
                (
                    p
                    for k, p in col.items()
                    if k.startswith(PORTAL_SERVICE_CHANNEL) and k.endswith("/" + item["column"])
                ),
                None,
            )
            self._service_guide(column or col["services/individuals"], item)
        for item in c["leaders"]:
            self._leader(col[PORTAL_COLUMNS["leaders"]], item)
        departments = {p.name: p for p in SiteProfile.objects.filter(level="department", site__isnull=True)}
        for item in c["institutions"]:
            if department := departments.get(item["short"]):
                self._institution(self._columns(department)["functions"], item)

    def _site_content(self, site, data):
        level = "township" if site.profile.level == SiteProfile.Level.TOWNSHIP else "county"
        keys = SUBSITE_COLUMNS[level]
        col = self._columns(site)
        overview = col[keys["profile"]]
        if data.get("profile") and not overview.intro:
            overview.intro = _paragraphs(data["profile"])
            overview.save_revision().publish()
        for item in data.get("news", []):
            photo = site if item.get("photo") else None
            self._article(col[keys["photo" if photo else "news"]], item, photo=photo)
        for item in data.get("notices", []):
            self._notice(col[keys["notices"]], item)
        for item in data.get("documents", []):
            self._document(col[keys["documents"]], col[keys["interpretations"]], item, site)
        for item in data.get("service_guides", []):
            self._service_guide(col[keys["service_guides"]], item)
        for item in data.get("leaders", []):
            self._leader(col[keys["leaders"]], item)

    def _columns(self, site_or_profile):
        profile = getattr(site_or_profile, "profile", site_or_profile)
        return {c.column_key: c for c in ColumnPage.objects.filter(unit_pages_q(profile)).order_by("-depth")}

    def _article(self, column, item, photo=None, unit=None, source=""):
        """`photo`: the site whose photo news this is, whose collection holds its picture."""
        fields = {
            "kind": ArticlePage.Kind.PHOTO if photo else ArticlePage.Kind.NEWS,
            "summary": item.get("summary", ""),
            "body": _paragraphs(item["body"]),
            "source": source,
            "unit": self._unit(unit),
        }
        if photo:
            fields["image"] = self._photo(item["title"], site_collection(photo))
            fields["image_caption"] = item.get("caption", "")
        self._add(column, ArticlePage, item["title"], **fields)

    def _notice(self, column, item):
        self._add(
            column,
            NoticePage,
            item["title"],
            body=_paragraphs(item["body"]),
            unit=self._unit(item.get("unit")),
        )

    def _document(self, column, interpretation_column, item, site):
        date = self._date(item["title"])
        serial = int(_digest(item["doc_number"])[:4], 16) % 100000
        document = self._add(
            column,
            GovDocumentPage,
            item["title"],
            body=_paragraphs(item["body"]),
            index_number=f"{site.profile.site_code}/{date.year}-{serial:05d}",
            issuer=item["issuer"],
            doc_number=item["doc_number"],
            written_date=(date - timedelta(days=3)).date(),
            publish_date=date.date(),
            topic=item["topic"],
            disclosure="on_request" if item.get("disclosure") == "依申请公开" else "proactive",
            validity="valid" if item.get("valid", True) else "repealed",
            validity_changed_on=None if item.get("valid", True) else min(date + timedelta(days=60), self.now).date(),
            document_kind=_document_kind(column, item["doc_number"]),
        )
        if item.get("interpretation"):
            self._add(
                interpretation_column,
                PolicyInterpretationPage,
                item["interpretation"]["title"],
                body=_paragraphs(item["interpretation"]["body"]),
                document=document,
                date=date + timedelta(days=1),
            )

    def _service_guide(self, column, item):
        self._add(
            column,
            ServiceGuidePage,
            item["name"],
            unit=self._unit(item.get("unit")),
            basis=_list(item["basis"]),
            conditions=_list(item["conditions"]),
            materials=_list(item["materials"]),
            location=item["location"],
            office_hours=item["hours"],
            phone=item["phone"],
            process=_list(item["process"], ordered=True),
            faq=[("question", {"question": q["q"], "answer": q["a"]}) for q in item.get("faq", [])],
            online_url="https://zwfw.hlj.gov.cn/" if item.get("online") else "",
            keywords=item.get("keywords", ""),
        )

    def _leader(self, column, item):
        self._add(
            column,
            LeaderPage,
            item["name"],
            position=item["title"],
            duties=item["duties"],
            cv=_paragraphs(item["cv"]),
        )

    def _institution(self, column, item):
        self._add(
            column,
            InstitutionPage,
            item["name"],
            unit=self._unit(item.get("short")),
            functions=_list(item["functions"], ordered=True),
            address=item.get("address", ""),
            phone=item.get("phone", ""),
            office_hours=item.get("hours", ""),
        )

    def _add(self, column, model, title, date=None, **fields):
        slug = slug_for(title)
        existing = column.get_children().filter(slug=slug).first()
        if existing:
            return existing.specific
        date = date or self._date(title)
        page = model(title=title, slug=slug, live=True, first_published_at=date, last_published_at=date, **fields)
        column.add_child(instance=page)
        self.created += 1
        return page

    def _date(self, title):
        """A publication time within the last year, fixed by the title."""
        minutes = int(_digest(title)[:8], 16) % (365 * 24 * 60)
        return self.now - timedelta(minutes=minutes + 60)

    def _unit(self, name):
        if not name:
            return None
        kind = Unit.Kind.CITY_DEPARTMENT if name.startswith("市") else Unit.Kind.COUNTY_DISTRICT_GOVERNMENT
        return Unit.objects.get_or_create(name=name, defaults={"kind": kind})[0]

    def _photo(self, title, collection):
        """A 1200×800 picture (rendered at 600×400), drawn here: no image leaves or enters the machine.
        It lies in its site's collection, where the site's editors may choose it."""
        name = f"demo-{_digest(title)[:10]}.png"
        existing = Image.objects.filter(title=title).first()
        if existing:
            if existing.collection_id != collection.pk:
                existing.collection = collection
                existing.save(update_fields=["collection"])
            return existing
        seed = int(_digest(title)[:6], 16)
        top, bottom = PHOTO_COLOURS[seed % 6], PHOTO_COLOURS[(seed // 6) % 6]
        picture = PILImage.new("RGB", (1200, 800))
        draw = ImageDraw.Draw(picture)
        for y in range(800):
            t = y / 799
            draw.line(
                [(0, y), (1200, y)],
                fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
            )
        for i in range(6):
            x = (seed >> i) % 900 + 50
            draw.ellipse([x, 200 + i * 60, x + 220, 420 + i * 60], outline=(255, 255, 255), width=4)
        buffer = io.BytesIO()
        picture.save(buffer, "PNG")
        return Image.objects.create(title=title, file=ImageFile(buffer, name=name), collection=collection)

    def _demo_accounts(self, portal, sites, sections):
        """admin; an editor and three reviewers for the portal, each subsite and each 专属网页
        (portal_editor, jixian_first_review, tongji_editor, …); the city's reviewer of sensitive
        items; one translator for each foreign language, en_translator and ru_translator. Their
        password is the admin's; each is named after their unit and role (集贤县初审), as the review
        sheets show them."""
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@localhost", self.password)
        staffed = [("portal", portal.profile), *((key, sites[key].profile) for key, *_ in SUBSITES)]
        staffed += sections.items()
        accounts = [
            (f"{key}_{link.role}", link.group, profile.area_name + link.get_role_display())
            for key, profile in staffed
            for link in SiteGroup.objects.filter(profile=profile).select_related("group").order_by("role")
        ]
        accounts.append(("city_sensitive_review", Group.objects.get(name=CITY_GROUP), "市级敏感信息审核"))
        for username, group, name in accounts:
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
            if created:
                user.set_password(self.password)
                user.save()
            user.groups.add(group)
        for code, group in TRANSLATOR_GROUPS.items():
            user, created = User.objects.get_or_create(
                username=f"{code}_translator", defaults={"email": f"{code}_translator@localhost"}
            )
            if created:
                user.set_password(self.password)
                user.save()
            user.groups.add(Group.objects.get(name=group))


def slug_for(title):
    return "i-" + _digest(title)[:10]


def _digest(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _paragraphs(paragraphs):
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _list(values, ordered=False):
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(v)}</li>" for v in values) + f"</{tag}>"
