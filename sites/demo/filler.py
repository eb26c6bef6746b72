"""Real content for every column of a demo site, written for the unit that keeps it.

Each column gets items of the kind its name calls for (`filler.yaml`): news, notices, documents
with their 文号 and disclosure metadata, interpretations of the site's own documents, leaders,
institutions, service guides, reports and statistics. They are dated so that the column is current
for its own 更新要求 and the national rules (a daily column has items of the last days, a yearly
one within the year), at office hours. A column that is already kept is left as it is. The
unit's 信息公开年报 column gets last year's published report (`annual_reports.py`).

An item's slug derives from its title, and its date from its column and its template, so filling
again adds nothing. PROBLEMS names the few columns deliberately left wrong, for the oversight
pages to show.
"""

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import models
from django.utils import timezone
from django.utils.html import escape, strip_tags
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.models import Collection, Page

from annualreports.publishing import report_column
from assurance import rules
from assurance.models import ColumnStatus
from columns.models import ITEM_PAGE_TYPES, ColumnPage, UpdateFrequency
from content.models import (
    ArticlePage,
    GovDocumentPage,
    InstitutionPage,
    LeaderPage,
    NoticePage,
    PolicyInterpretationPage,
    ServiceGuidePage,
)
from interaction.models import MailboxPage
from sites.models import SiteProfile, Unit
from sites.units import unit_pages_q
from translations.policy import translatable_q

from .annual_reports import publish_last_year

DATA_FILE = Path(__file__).resolve().parent / "filler.yaml"
EMPTY, STALE = "empty", "stale"


@dataclass(frozen=True)
class Problem:
    unit: str  # the keeping unit's name, or its end: 市统计局 is also 双鸭山市统计局
    column: str  # the column key, or its last segments: functions is also disclosure/functions
    kind: str  # EMPTY: left without content; STALE: its newest item `days` old
    days: int = 0


PROBLEMS = [
    Problem("友谊县人民政府", "news/local-news", STALE, 20),  # a county's news overdue
    *(
        Problem("集贤县升昌镇人民政府", key, EMPTY)  # a township with empty columns
        for key in ("functions", "documents", "plans", "annual-disclosure-reports")
    ),
    Problem("市统计局", "functions", STALE, 400),  # a department's 机构职能 over a year old
]

F = UpdateFrequency
COUNTS = {F.DAILY: 4, F.WEEKLY: 3, F.SEMIMONTHLY: 3, F.MONTHLY: 3, F.QUARTERLY: 2, F.SEMIANNUAL: 2, F.YEARLY: 2}
SINGLE = {F.YEARLY_BY_MARCH, F.FIVE_YEARLY, F.ON_CHANGE}
KEPT = {ColumnStatus.OK, ColumnStatus.DUE_SOON, ColumnStatus.NOT_APPLICABLE}
LATE_TYPES = {"interpretation"}  # filled after the documents they interpret
DOCUMENT_PACE = [("政规", 60), ("政办发", 4), ("政发", 5)]  # days per 文号: a few 规范性文件 a year
PLAN_NUMERALS = "零一二三四五六七八九"
LEVEL_GROUP = {"city": "city", "county": "county", "district": "county", "township": "township"}
TOWN_NAME = re.compile(r"[\u4e00-\u9fff]{1,5}(县|区|镇|乡)")


# An institution's or a leader's page may stand in more than one column (机构职能 and 联系方式).
PROFILE_TYPES = (InstitutionPage, LeaderPage)


def mailbox_type():
    return ContentType.objects.get_for_model(MailboxPage).pk


@cache
def data():
    loaded = yaml.load(DATA_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    pools = loaded["pools"]
    pools["departments"] = loaded["departments"]
    pools["full_names"] = {d["short"]: d["name"] for d in loaded["departments"]}
    return loaded


def slug_for(title):
    """The builder's slug: the same title in a column is the same item."""
    return "i-" + _digest(title)[:10]


def kept_columns(audits):
    """(kept, judged) over the columns the audit judges (links and columns holding columns are
    not): kept ones have content that is not overdue."""
    judged = kept = 0
    for audit in audits:
        for row in audit.rows:
            verdict = row.verdict
            if verdict.status == ColumnStatus.NOT_APPLICABLE and verdict.last_update is None:
                continue
            judged += 1
            kept += verdict.status in KEPT
    return kept, judged


class Filler:
    def __init__(self, now=None, log=None, problems=PROBLEMS):
        self.now = timezone.localtime(now or timezone.now())
        self.today = self.now.date()
        self.log = log
        self.problems = problems
        self.data = data()
        self.created = 0
        self._units = {}
        self._leader_names = None

    def fill(self, profile):
        """Give every column of the unit's own pages that is not kept its items; returns how many."""
        before = self.created
        site = SiteContent(self, profile)
        columns = sorted(site.columns(), key=lambda c: (self._theme(c)["type"] in LATE_TYPES, c.path))
        reports = report_column(profile)
        report_due = False
        for column in columns:
            if column.content_type_id == mailbox_type():
                continue  # a mailbox's items are its published letters (sites/demo/letters.py)
            units = site.units.get(column.pk) or ([profile.unit] if profile.unit else [])
            problem = self._problem(column, units)
            if problem and problem.kind == EMPTY:
                continue
            if reports and column.pk == reports.pk:
                report_due = True  # its item is the unit's annual report, once the documents exist
                continue
            if problem is None and site.kept(column):
                continue
            self._fill_column(site, column, units, problem)
        if report_due and publish_last_year(profile, self.now):
            self.created += 1
        added = self.created - before
        if self.log:
            self.log(f"  栏目内容：{profile}新增 {added} 条")
        return added

    # Choosing -----------------------------------------------------------------------------------

    def _theme(self, column):
        key, title, scope = column.column_key, column.title, column.scope
        for theme in self.data["themes"]:
            match = theme["match"]
            if (
                any(key == k or key.endswith("/" + k) for k in match.get("keys", ()))
                or any(key.startswith(k) for k in match.get("under", ()))
                or any(word in title for word in match.get("titles", ()))
                or any(word in scope for word in match.get("scope", ()))
            ):
                return theme
        return self.data["themes"][-1]

    def _problem(self, column, units):
        names = [u.name for u in units]
        for problem in self.problems:
            if (column.column_key == problem.column or column.column_key.endswith("/" + problem.column)) and any(
                name == problem.unit or name.endswith(problem.unit) for name in names
            ):
                return problem
        return None

    def _count(self, theme, column):
        if "count" in theme:
            return theme["count"]
        frequency = column.update_frequency
        return 1 if frequency in SINGLE else COUNTS.get(frequency, 2)

    def _window(self, column):
        """Days within which the column's newest item must lie to be current."""
        frequency, days = column.update_frequency, []
        if frequency in rules.INTERVAL_DAYS:
            days.append(rules.INTERVAL_DAYS[frequency])
        if frequency == F.YEARLY_BY_MARCH:
            days.append((self.today - date(self.today.year, 1, 1)).days + 1)
        if rule := rules.national_rule(column.title):
            days.append(rule.days)
        return min(days, default=300)

    def _moment(self, seed, index, window, when=None, problem=None):
        """An item's publication time, at office hours, never in the future."""
        h = _number(seed)
        now = self.now
        if problem:
            day = now - timedelta(days=problem.days + index * 9)
        elif when:
            year = now.year - index
            start = {
                "early": date(year, 1, 10),
                "spring": date(year, 3, 20),
                "plan": date(1951 + 5 * ((now.year - 1951) // 5) - 5 * index, 2, 20),
            }[when]
            day = now.replace(year=start.year, month=start.month, day=start.day) + timedelta(days=h % 20)
            if day > now:
                day = now - timedelta(days=1 + h % 3)
        else:
            age = index * 0.55 * window + (h % 1000) / 1000 * 0.3 * window
            day = now - timedelta(days=age)
        minutes = 8 * 60 + 30 + (h // 1000) % 540
        moment = day.replace(hour=minutes // 60, minute=minutes % 60, second=0, microsecond=0)
        while moment > now - timedelta(minutes=10):
            moment -= timedelta(days=1)
        return moment

    # Filling --------------------------------------------------------------------------------------

    def _fill_column(self, site, column, units, problem):
        theme = self._theme(column)
        words = site.words_for(column, units)
        seed = f"{words['issuer']}|{column.column_key}|{column.title}"
        count, window = self._count(theme, column), self._window(column)
        build = getattr(self, f"_{theme['type']}")
        added = sum(
            self._add(site, column, model, title, moment, fields)
            for model, title, fields, moment in build(site, column, theme, words, seed, count, window, problem)
        )
        if added:
            Page.objects.filter(pk=column.pk).update(numchild=models.F("numchild") + added)
            column.numchild += added

    def _templates(self, theme, words, seed, count, window, problem):
        """(template, its slots) for up to `count` templates of the theme that fit the unit."""
        templates = [t for t in theme["items"] if words["group"] in t.get("levels", (words["group"],))]
        if not templates:
            return
        start, titles = (0 if theme.get("ordered") else _number(seed) % len(templates)), set()
        for offset in range(len(templates)):
            if len(titles) >= count:
                return
            template = templates[(start + offset) % len(templates)]
            item_seed = f"{seed}|{template.get('t') or template.get('name')}"
            moment = self._moment(item_seed, len(titles), window, template.get("when"), problem)
            slots = Slots(words, item_seed, moment, self.data["pools"])
            try:
                title = slots.fill(template.get("t") or template["name"])
                slots.fill_all(template.get("b", []))
            except KeyError:
                continue  # a slot this unit cannot fill, such as its townships
            if title in titles:
                continue
            titles.add(title)
            yield template, slots, moment

    def _article(self, site, column, theme, words, seed, count, window, problem, photo=False):
        for template, slots, moment in self._templates(theme, words, seed, count, window, problem):
            title, body = slots.fill(template["t"]), slots.fill_all(template["b"])
            fields = {
                "kind": ArticlePage.Kind.PHOTO if photo else ArticlePage.Kind.NEWS,
                "summary": _first_sentence(body[0]),
                "body": _paragraphs(body),
                "source": words["unit"],
                "unit": words["unit_object"],
            }
            if photo:
                fields["image"] = self._picture(title, site.profile)
                fields["image_caption"] = title[:100]
            yield ArticlePage, title, fields, moment

    def _photo(self, *args):
        return self._article(*args, photo=True)

    def _notice(self, site, column, theme, words, seed, count, window, problem):
        for template, slots, moment in self._templates(theme, words, seed, count, window, problem):
            body = slots.fill_all(template["b"])
            fields = {"body": _paragraphs(body), "unit": words["unit_object"]}
            yield NoticePage, slots.fill(template["t"]), fields, moment

    def _document(self, site, column, theme, words, seed, count, window, problem):
        issuing = theme.get("issuer", "gov")
        for template, slots, moment in self._templates(theme, words, seed, count, window, problem):
            issuer, series, recipients = self._issuer(template.get("issuer", issuing), words, slots)
            slots.values.update(issuer=issuer, recipients=recipients or slots["recipients"])
            if "name" in template:
                name = slots.fill(template["name"])
                title = f"{issuer}关于印发{name}的通知"
                body = [slots.fill("{recipients}："), f"现将《{name}》印发给你们，请结合实际，认真贯彻执行。"]
            else:
                title, body = slots.fill(template["t"]), []
            body += slots.fill_all(template["b"])
            fields = {
                "body": _paragraphs(body),
                "unit": words["unit_object"],
                "index_number": f"{_site_code(site.profile)}/{moment.year}-{_number(title) % 100000:05d}",
                "issuer": issuer,
                "doc_number": site.doc_number(series, moment),
                "written_date": (moment - timedelta(days=3 + _number(title) % 5)).date(),
                "publish_date": moment.date(),
                "topic": template["topic"],
                "document_kind": GovDocumentPage.Kind.NORMATIVE if "规" in series else GovDocumentPage.Kind.OTHER,
            }
            yield GovDocumentPage, title, fields, moment

    def _issuer(self, issuing, words, slots):
        """(issuing body, its 发文字号 prefix such as 集政发, 集政办发, 集政规 or 双统发, its
        recipients if not the unit's own); `issuing` is gov, office, normative, dept (one of the
        city's departments) or the name of another government (集贤县人民政府 in 各县(区)五年规划)."""
        abbr = words["abbr"]
        if issuing not in ("gov", "office", "normative", "dept"):
            government = slots.fill(issuing)
            place = government.removesuffix("人民政府")
            level = "district" if place.endswith("区") else "county"
            recipients = self.data["levels"][level]["recipients"].format(lv=place[-1])
            return government, self.data["abbreviations"].get(place, place[:1]) + "政发", recipients
        if issuing == "office":
            return words["office"], f"{abbr}政办发", None
        if issuing == "normative":
            return words["issuer"], f"{abbr}政规", None
        if issuing == "dept" and words["group"] == "city":
            department = slots.department()
            return department["name"], f"{department['abbr']}发", None
        if words["group"] == "department":
            return words["issuer"], f"{abbr}发", None
        return words["issuer"], f"{abbr}政发", None

    def _interpretation(self, site, column, theme, words, seed, count, window, problem):
        """Interpretations of the unit's own newest documents that have none yet."""
        texts = self.data["interpretation"]
        for document in site.uninterpreted_documents()[:count]:
            name = _document_name(document.title)
            short = next((s for suffix, s in texts["short_names"] if name.endswith(suffix)), "文件")
            points = [p.split("。")[0] + "。" for p in _paragraph_texts(document.body) if p[:2] in texts["headings"]]
            slots = Slots(words, seed, document.first_published_at, self.data["pools"])
            slots.values.update(name=name, short=short, issuer=document.issuer, points="".join(points) or "")
            body = slots.fill_all(texts["body"] if points else texts["body_without_points"])
            moment = min(document.first_published_at + timedelta(days=1), self.now - timedelta(minutes=10))
            fields = {"body": _paragraphs(body), "document": document, "unit": words["unit_object"]}
            yield PolicyInterpretationPage, f"《{name}》政策解读", fields, moment

    def _leader(self, site, column, theme, words, seed, count, window, problem):
        data = self.data["leaders"]
        title = column.title
        body = next((b for b, word in data["bodies"].items() if word and word in title), None)
        body = body or {"department": "department", "township": "township"}.get(words["group"], "government")
        used = self._used_leader_names()
        for index, role in enumerate(data["roles"][body]):
            slots = Slots(words, f"{seed}|{index}", self.now, self.data["pools"])
            person = next(
                p for p in _rotate(self.data["pools"]["people"], _number(f"{seed}|{index}")) if p[0] not in used
            )
            used.add(person[0])
            position = slots.fill(role["role"])
            born = 1966 + _number(person[0]) % 14
            slots.values.update(name=person[0], sex=person[1], born=born, position=position)
            moment = self._moment(f"{seed}|{index}", index, window, problem=problem)
            cv = [slots.fill(data["cv"]), slots.fill(data["careers"][body])]
            fields = {"position": position, "duties": slots.fill(role["duties"]), "cv": _paragraphs(cv)}
            yield LeaderPage, person[0], fields, moment

    def _institution(self, site, column, theme, words, seed, count, window, problem):
        entries = self.data["institutions"]
        group = words["group"]
        if group == "city":
            described = [d for d in self.data["departments"] if "functions" in d]
            chosen = _rotate(described, _number(seed))[: theme.get("count", 3)]
        else:
            chosen = entries[group]
            if group == "department":  # a department's own functions, where the data knows them
                known = next((d for d in self.data["departments"] if d["name"] == words["issuer"]), {})
                chosen = [{**chosen[0], **{k: known[k] for k in ("functions", "address", "phone") if k in known}}]
        for index, entry in enumerate(chosen):
            slots = Slots(words, f"{seed}|{index}", self.now, self.data["pools"])
            if group == "city":
                slots.values.update(field=entry["field"])
                unit = self._unit(entry["short"])
            else:
                unit = words["unit_object"]
            name = slots.fill(entry["name"])
            moment = self._moment(f"{seed}|{name}", index, window, problem=problem)
            fields = {
                "functions": _list(slots.fill_all(entry["functions"]), ordered=True),
                "address": slots.fill(entry.get("address", "{address}")),
                "phone": slots.fill(entry.get("phone", "{phone}")),
                "office_hours": self.data["office_hours"],
                "unit": unit,
            }
            yield InstitutionPage, name, fields, moment

    def _guide(self, site, column, theme, words, seed, count, window, problem):
        catalogue = self.data["guides"]
        text = column.title + column.scope
        fitting = [g for g in catalogue if any(word in text for word in g.get("fits", ()))]
        fitting = fitting or [g for g in catalogue if g.get("fallback")]
        fresh = [g for g in fitting if g["name"] not in site.guides_used] or fitting
        for index, guide in enumerate(_rotate(fresh, _number(seed))[:count]):
            site.guides_used.add(guide["name"])
            slots = Slots(words, f"{seed}|{guide['name']}", self.now, self.data["pools"])
            city = words["group"] == "city"
            title = guide["name"] if city else f"{words['place']}{guide['name']}"
            fields = {
                "basis": _list(guide["basis"]),
                "conditions": _list(slots.fill_all(guide["conditions"])),
                "materials": _list(slots.fill_all(guide["materials"])),
                "location": slots.fill(words["service_hall"]),
                "office_hours": self.data["office_hours"],
                "phone": slots.fill("{phone}"),
                "process": _list(slots.fill_all(guide["process"]), ordered=True),
                "faq": [("question", {"question": q["q"], "answer": slots.fill(q["a"])}) for q in guide.get("faq", [])],
                "online_url": "https://zwfw.hlj.gov.cn/" if guide.get("online") else "",
                "keywords": guide.get("keywords", ""),
                "unit": self._unit(guide["unit"]) if city and guide.get("unit") else words["unit_object"],
            }
            yield ServiceGuidePage, title, fields, self._moment(f"{seed}|{title}", index, window, problem=problem)

    # Writing ----------------------------------------------------------------------------------------

    def _add(self, site, column, model, title, moment, fields):
        """Place the item after the column's last child, as treebeard's add_child would, without
        its per-item queries: the slug is checked against the children read beforehand, and the
        column's child count is raised once for all its new items. Returns 1 if added."""
        slug = slug_for(title)
        taken = site.slugs.setdefault(column.path, set())
        if slug in taken or (title in site.titles and model not in PROFILE_TYPES):
            return 0
        last = site.last_child.get(column.path)
        path = Page(path=last)._inc_path() if last else Page._get_path(column.path, column.depth + 1, 1)
        page = model(
            title=title,
            draft_title=title,
            slug=slug,
            path=path,
            depth=column.depth + 1,
            locale_id=column.locale_id,
            live=True,
            first_published_at=moment,
            last_published_at=moment,
            **fields,
        )
        page._cached_parent_obj = column
        page.save(clean=False)
        taken.add(slug)
        site.last_child[column.path] = path
        self.created += 1
        return 1

    def _unit(self, name):
        if name not in self._units:
            self._units[name] = Unit.objects.get_or_create(name=name, defaults={"kind": Unit.Kind.CITY_DEPARTMENT})[0]
        return self._units[name]

    def _used_leader_names(self):
        if self._leader_names is None:
            self._leader_names = set(LeaderPage.objects.values_list("title", flat=True))
        return self._leader_names

    def _picture(self, title, profile):
        """A 1200×800 picture drawn here, in the unit's own collection."""
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        h = _number(title)
        colours = self.data["picture_colours"]
        corners = PILImage.new("RGB", (2, 2))
        corners.putdata([tuple(colours[(h >> (3 * i)) % len(colours)]) for i in range(4)])
        picture = corners.resize((1200, 800), PILImage.BILINEAR)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=85)
        collection = profile.collection or Collection.get_first_root_node()
        return Image.objects.create(
            title=title, file=ImageFile(buffer, name=f"demo-{_digest(title)[:10]}.jpg"), collection=collection
        )


class SiteContent:
    """What the filler reads of one unit's pages, in a fixed number of queries."""

    def __init__(self, filler, profile):
        self.filler = filler
        self.profile = profile
        self.root = profile.root_page
        self.scope = unit_pages_q(profile)
        self.words = unit_words(profile, filler.data)
        self.children = {p.area_name: p for p in _places(profile)}
        self.guides_used = set()
        self.numbers = set(GovDocumentPage.objects.filter(self.scope).values_list("doc_number", flat=True))
        self.slugs, self.last_child, self.newest, self.edited, self.containers = {}, {}, {}, {}, set()
        self.titles = set()  # news, notices, documents the unit published before: not again elsewhere
        item_types = {ct.pk for ct in _content_types(*ITEM_PAGE_TYPES)}
        column_types = {ct.pk for ct in _content_types("columns.ColumnPage", "columns.LinkColumnPage")}
        pages = Page.objects.filter(self.scope, depth__gt=self.root.depth).values_list(
            "path", "slug", "title", "live", "content_type", "first_published_at", "last_published_at"
        )
        step = Page.steplen
        for path, slug, title, live, content_type, first, last in pages:
            parent = path[:-step]
            self.titles.add(title)
            self.slugs.setdefault(parent, set()).add(slug)
            self.last_child[parent] = max(path, self.last_child.get(parent, path))
            if content_type in column_types:
                self.containers.add(parent)
            elif live and content_type in item_types:
                self.newest[parent] = max(first, self.newest.get(parent, first))
                self.edited[parent] = max(last, self.edited.get(parent, last))
        self.units = {}
        through = ColumnPage.responsible_units.through
        for link in through.objects.filter(columnpage__path__startswith=self.root.path).select_related("unit"):
            self.units.setdefault(link.columnpage_id, []).append(link.unit)

    def columns(self):
        columns = ColumnPage.objects.filter(self.scope, live=True).exclude(translatable_q())
        return [c for c in columns if c.path not in self.containers]

    def kept(self, column):
        newest = self.newest.get(column.path)
        has_text = bool(strip_tags(column.intro).strip())
        edits = [self.edited.get(column.path), column.last_published_at if has_text else None]
        verdict = rules.judge(
            frequency=column.update_frequency,
            title=column.title,
            today=self.filler.today,
            newest_item=_local(newest),
            edited=_local(max(filter(None, edits), default=None)),
            checked=None,
            has_content=bool(newest) or has_text,
        )
        return verdict.status in KEPT and (newest or has_text)

    def words_for(self, column, units):
        """The unit's words for a column; a column about one of its places (县域动态 › 集贤县)
        speaks of that place, and a portal column kept by a department names the department."""
        data = self.filler.data
        words = self.words
        if TOWN_NAME.fullmatch(column.title) and column.title != words["place"]:
            child = self.children.get(column.title)
            level = "district" if column.title.endswith("区") else "county"
            words = unit_words(child, data) if child else government_words(column.title, level, data)
        words = dict(words)
        unit = next((u for u in units if u != self.profile.unit), None)
        if unit is not None and words["group"] == "city":
            words["unit"] = unit.name
            if unit.name.startswith("市") and not unit.name.startswith("市场"):
                words["depts"] = [unit.name[1:]] + [d for d in words["depts"] if d != unit.name[1:]]
        words["unit_object"] = unit or self.profile.unit
        return words

    def uninterpreted_documents(self):
        """The unit's documents without an interpretation, those that issue a plan or measures first."""
        documents = GovDocumentPage.objects.filter(self.scope, live=True, interpretations__isnull=True)
        return sorted(documents.order_by("-first_published_at"), key=lambda d: "关于印发" not in d.title)

    def doc_number(self, series, moment):
        """集政发〔2026〕14号: numbered through the year at the pace of its series, never one the
        unit has used."""
        pace = next((days for suffix, days in DOCUMENT_PACE if series.endswith(suffix)), 8)
        if self.words["group"] == "township":
            pace *= 3
        number = 1 + moment.timetuple().tm_yday // pace
        while f"{series}〔{moment.year}〕{number}号" in self.numbers:
            number += 1
        text = f"{series}〔{moment.year}〕{number}号"
        self.numbers.add(text)
        return text


def unit_words(profile, data):
    """How a unit's texts name it and its parts: {place} 友谊县, {lv} 县, {all} 全县, {gov}
    友谊县人民政府, {issuer} the body that signs, {towns} its townships (or a city's counties) …"""
    level = profile.level
    parent = unit_words(profile.parent, data) if profile.parent_id else None
    if level == SiteProfile.Level.DEPARTMENT:
        words = _department_words(profile, parent or government_words("双鸭山市", "city", data), data)
    else:
        place = profile.area_name
        if parent and level == SiteProfile.Level.TOWNSHIP:
            place = place.removeprefix(parent["place"])
        words = government_words(place, level, data, name=str(profile))
        words["city"] = parent["city"] if parent else place
        words["county"] = parent["place"] if parent else place
    names = [p.area_name.removeprefix(words["place"]) for p in _places(profile)]
    words["towns"] = words["towns"] + [n for n in names if n not in words["towns"]]
    return words


def government_words(place, level, data, name=None):
    """The words of a people's government (市, 县, 区, 镇 or 乡), from its place name."""
    name = name or f"{place}人民政府"
    lv = place[-1]
    words = {**data["levels"][level], "group": LEVEL_GROUP[level], "place": place, "lv": lv, "all": "全" + lv}
    words.update(head=lv + "长", gov=name, issuer=name, unit=name, city=place)
    words.update(abbr=data["abbreviations"].get(place, place[:1]), office=name + words.pop("office_suffix"))
    words.update(towns=list(data["towns"].get(place, [])), depts=data["dept_pool"][LEVEL_GROUP[level]])
    if words["towns"]:
        words["seat"] = words["towns"][0]  # the county's seat is the first of its townships
    return words


def _department_words(profile, parent, data):
    """A department's words: its parent government's, signed and kept by the department."""
    unit = profile.unit.name if profile.unit else str(profile)
    short = unit.removeprefix(parent["city"]) if unit.startswith(parent["city"]) else unit
    known = next((d for d in data["departments"] if short in (d["short"], d["name"])), {})
    full = known.get("name") or (
        unit if unit.startswith(parent["place"]) else parent["place"] + short.removeprefix(parent["lv"])
    )
    field = known.get("field") or re.sub(r"^(市|县|区)|(委员会|局|委|办公室|办|中心)$", "", short)
    bureau = unit.endswith("局")
    return {
        **parent,
        "group": "department",
        "issuer": full,
        "unit": short,
        "office": full,
        "field": field,
        "chief": "局长" if bureau else "主任",
        "abbr": known.get("abbr") or data["abbreviations"].get(short, parent["abbr"] + field[:1]),
        "recipients": f"{'局' if bureau else '委'}机关各科室、各直属单位",
        "depts": [],
        "towns": [],
    }


class Slots:
    """Fills a template's {slots}: the unit's words, the publication date's, and choices fixed by
    the seed: {name} a person, {village}, {dept} one of the unit's departments, {sub} one of its
    townships, {n10_99} a whole number, {p2_9} a figure with one decimal."""

    NUMBER = re.compile(r"([np])(\d+)_(\d+)")

    def __init__(self, words, seed, moment, pools):
        self.words, self.seed, self.pools = words, seed, pools
        self.values = _date_words(timezone.localtime(moment))

    def __getitem__(self, key):
        if key not in self.values:
            self.values[key] = self._value(key)
        return self.values[key]

    def _value(self, key):
        words = self.words
        if key in words:
            value = words[key]
        elif match := self.NUMBER.fullmatch(key):
            low, high = int(match.group(2)), int(match.group(3))
            n = _number(f"{self.seed}|{key}")
            value = (
                str(low + n % (high - low + 1))
                if match.group(1) == "n"
                else f"{low + n % ((high - low) * 10) / 10:.1f}"
            )
        elif key.endswith(("_head", "_deputy")):
            base, role = key.rsplit("_", 1)
            department = self[base]
            value = ("副" if role == "deputy" else "") + ("局长" if department.endswith("局") else "主任")
            value = department + value
        elif key.startswith("dept_full") or (key.startswith("dept") and key.endswith("_full")):
            department = self[key.replace("_full", "")]
            value = self.pools["full_names"].get(department) or words["place"] + department.removeprefix(words["lv"])
        elif key.startswith("dept"):
            value = words["lv"] + self._choice(key, words["depts"]) if words["depts"] else words["unit"]
        elif key.startswith("sub"):
            value = self._choice(key, words["towns"])
        elif (pool := key.rstrip("0123456789")) in self.pools:
            value = self._choice(key, self.pools[pool])
        else:
            raise KeyError(key)
        return value.format_map(self) if isinstance(value, str) and "{" in value else value

    def _choice(self, key, values):
        """One of `values`, not one an earlier slot of the same kind took ({name} and {name2} differ)."""
        if not values:
            raise KeyError(key)
        kind = key.rstrip("0123456789")
        taken = {v for k, v in self.values.items() if k.rstrip("0123456789") == kind}
        options = [v for v in values if v not in taken and v not in self.values.values()] or list(values)
        return options[_number(f"{self.seed}|{key}") % len(options)]

    def department(self):
        """The city department issuing a 部门文件: its name and 发文字号 abbreviation."""
        departments = self.pools["departments"]
        return departments[_number(f"{self.seed}|department") % len(departments)]

    def fill(self, text):
        return text.format_map(self)

    def fill_all(self, texts):
        return [self.fill(t) for t in texts]


def _date_words(moment):
    """{year} {month} … of a publication time; {period} is the statistics' period before it."""
    previous = moment.replace(day=1) - timedelta(days=1)
    quarter_end = date(moment.year, 3 * ((moment.month - 1) // 3) + 1, 1) - timedelta(days=1)
    plan = (moment.year - 1951) // 5
    deadline = moment + timedelta(days=30)
    return {
        "year": moment.year,
        "last_year": moment.year - 1,
        "next_year": moment.year + 1,
        "month": moment.month,
        "day": moment.day,
        "date": f"{moment.year}年{moment.month}月{moment.day}日",
        "deadline": f"{deadline.year}年{deadline.month}月{deadline.day}日",
        "pyear": previous.year,
        "pmonth": previous.month,
        "period": f"{previous.year}年1—{previous.month}月" if previous.month > 1 else f"{previous.year}年1月",
        "quarter": f"{quarter_end.year}年第{'一二三四'[(quarter_end.month - 1) // 3]}季度",
        "week": moment.isocalendar().week,
        "plan": f"十{PLAN_NUMERALS[plan - 10]}" if 10 <= plan < 20 else str(plan),
        "plan_years": f"{1951 + 5 * plan}—{1955 + 5 * plan}年",
    }


def _places(profile):
    """The counties, districts and townships directly below a unit."""
    levels = [SiteProfile.Level.COUNTY, SiteProfile.Level.DISTRICT, SiteProfile.Level.TOWNSHIP]
    return SiteProfile.objects.filter(parent=profile, level__in=levels)


def _site_code(profile):
    """The 网站标识码 of the site a unit's pages are on (a 专属网页 uses its host's)."""
    while not profile.site_code and profile.parent_id:
        profile = profile.parent
    return profile.site_code or ""


@cache
def _content_types(*labels):
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    return tuple(ContentType.objects.get_for_models(*(apps.get_model(label) for label in labels)).values())


def _rotate(values, n):
    values = list(values)
    if not values:
        return values
    n %= len(values)
    return values[n:] + values[:n]


def _local(moment):
    return timezone.localtime(moment) if moment else None


def _digest(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _number(text):
    return int(_digest(text)[:12], 16)


def _first_sentence(text):
    return text.split("。")[0][:120] + "。"


def _document_name(title):
    """What an interpretation calls a document: the plan it issues, or its title, whose own
    title marks become 〈〉 inside the 《》 that quote it."""
    match = re.search(r"关于印发(.+)的通知$", title)
    return (match.group(1) if match else title).replace("《", "〈").replace("》", "〉")


def _paragraph_texts(html):
    return [strip_tags(p).strip() for p in re.split(r"</p>", html) if strip_tags(p).strip()]


def _paragraphs(paragraphs):
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def _list(values, ordered=False):
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(v)}</li>" for v in values) + f"</{tag}>"
