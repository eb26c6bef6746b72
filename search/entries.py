"""What the index holds for a page: one flat entry, the same for both engines."""

import hashlib
import json
import re
from datetime import datetime, time

from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Locale, Page
from wagtail.search import index

from columns.models import ColumnPage
from content.models import (
    ArticlePage,
    GovDocumentPage,
    InstitutionPage,
    InvestmentProjectPage,
    LeaderPage,
    NoticePage,
    PolicyInterpretationPage,
    ServiceGuidePage,
)
from interaction.models import LetterPage
from sites.models import SiteProfile, Unit
from sites.routing import address, deepest_site_root
from solicitation.models import SolicitationPage

from . import analysis

TYPE_LABELS = {
    "news": "新闻动态",
    "photo": "图片新闻",
    "notice": "通知公告",
    "document": "政府文件",
    "interpretation": "政策解读",
    "leader": "领导信息",
    "institution": "机构概况",
    "service": "办事指南",
    "project": "招商项目",
    "column": "栏目介绍",
    "letter": "信件答复",
    "solicitation": "意见征集",
}
SEARCHABLE_MODELS = (
    ArticlePage,
    NoticePage,
    GovDocumentPage,
    PolicyInterpretationPage,
    LeaderPage,
    InstitutionPage,
    ServiceGuidePage,
    InvestmentProjectPage,
    LetterPage,
    SolicitationPage,
    ColumnPage,  # a column with text of its own (本市概况's columns are their text)
)
_TYPE_OF_MODEL = {
    NoticePage: "notice",
    GovDocumentPage: "document",
    PolicyInterpretationPage: "interpretation",
    LeaderPage: "leader",
    InstitutionPage: "institution",
    ServiceGuidePage: "service",
    InvestmentProjectPage: "project",
    LetterPage: "letter",
    SolicitationPage: "solicitation",
    ColumnPage: "column",  # last: a MailboxPage is a column too
}
KEYWORD_SEPARATORS = re.compile(r"[,，、;；\s]+")
TOKEN_FIELDS = ("title_tokens", "number_tokens", "summary_tokens", "meta_tokens", "body_tokens")


def searchable_pages():
    """Every page residents can find: live, not behind a view restriction, of a searchable type;
    a column only when it has text of its own."""
    return Page.objects.live().public().type(*SEARCHABLE_MODELS).exclude(columnpage__intro="")


def content_type_of(page):
    if isinstance(page, ArticlePage):
        return "photo" if page.kind == ArticlePage.Kind.PHOTO else "news"
    return next(kind for model, kind in _TYPE_OF_MODEL.items() if isinstance(page, model))


def _extra_text(page):
    """(body, meta) a type holds outside its search fields: a draft's articles, a reply's dates."""
    if isinstance(page, SolicitationPage):
        return "\n".join(f"{a.label} {a.text}" for a in page.articles.all()), ""
    if isinstance(page, LetterPage):
        return "", f"受理日期 {page.received_on:%Y-%m-%d} 答复日期 {page.replied_on:%Y-%m-%d}"
    return "", ""


def _text_of(page, name):
    value = getattr(page, name, None)
    if value in (None, ""):
        return ""
    model_field = page._meta.get_field(name)
    if hasattr(model_field, "get_searchable_content"):
        parts = model_field.get_searchable_content(value)
    else:
        parts = [str(value)]
    return " ".join(strip_tags(part).strip() for part in parts if part)


def _published_at(page):
    if isinstance(page, GovDocumentPage) and page.publish_date:
        return timezone.make_aware(datetime.combine(page.publish_date, time(9)))
    if isinstance(page, LetterPage):
        return timezone.make_aware(datetime.combine(page.replied_on, time(9)))
    return page.first_published_at or page.last_published_at or timezone.now()


class EntryBuilder:
    """Builds entries, remembering sites and columns so a batch of pages costs few queries."""

    def __init__(self):
        self._sites = {
            profile.site_id: profile
            for profile in SiteProfile.objects.filter(site__isnull=False)
            .select_related("site")
            .only("site__hostname", "site__site_name", "level")
        }
        self._locales = dict(Locale.objects.values_list("id", "language_code"))
        self._units = dict(Unit.objects.values_list("id", "name"))
        self._ancestors = {}

    def _ancestor_pages(self, page, root_path):
        paths = [page.path[:i] for i in range(Page.steplen, len(page.path), Page.steplen)]
        missing = [p for p in paths if p not in self._ancestors]
        if missing:
            found = {p.path: p for p in Page.objects.filter(path__in=missing).only("title", "url_path", "path")}
            columns = ColumnPage.objects.filter(path__in=missing).prefetch_related("responsible_units")
            for column in columns.only("path", "column_key"):
                found[column.path].column = column
            self._ancestors.update({p: found.get(p) for p in missing})
        ancestors = [self._ancestors[p] for p in paths if self._ancestors[p] is not None]
        return [a for a in ancestors if a.url_path.startswith(root_path) and a.url_path != root_path]

    def build(self, page):
        """The entry for a specific page (a dict), or None when the page lies outside every site."""
        srp = deepest_site_root(page.url_path)
        profile = self._sites.get(srp.site_id) if srp else None
        if profile is None:
            return None
        site = profile.site
        trail = self._ancestor_pages(page, srp.root_path)
        column = next((a.column for a in reversed(trail) if hasattr(a, "column")), None)
        unit = self._units.get(getattr(page, "unit_id", None), "") or getattr(page, "reply_unit", "")
        if not unit and column is not None:
            unit = next((u.name for u in column.responsible_units.all()), "")
        published_at = _published_at(page)
        body_fields = [f.field_name for f in page.search_fields if isinstance(f, index.SearchField)]
        extra_body, extra_meta = _extra_text(page)
        body = "\n".join(
            text for name in body_fields if name not in ("title", "summary") and (text := _text_of(page, name))
        )
        body = "\n".join(part for part in (body, extra_body) if part)
        entry = {
            "page_id": page.pk,
            "locale": self._locales[page.locale_id],
            "site_hostname": site.hostname,
            "site_name": site.site_name,
            "site_level": profile.level,
            "column_key": column.column_key if column else "",
            "column_trail": [[a.title, address(srp, a.url_path)] for a in trail],
            "unit": unit,
            "content_type": content_type_of(page),
            "published_at": timezone.localtime(published_at).isoformat(),
            "year": timezone.localtime(published_at).year,
            "url": address(srp, page.url_path),
            "title": page.title,
            "summary": getattr(page, "summary", "") or "",
            "body": body,
            "doc_number": getattr(page, "doc_number", ""),
            "issuer": getattr(page, "issuer", ""),
            "index_number": getattr(page, "index_number", ""),
        }
        # A service guide's 俗称 (开公司, 上户口) count as its title: residents type them for it.
        keywords = " ".join(KEYWORD_SEPARATORS.split(getattr(page, "keywords", "") or "")).strip()
        entry["fingerprint"] = fingerprint({**entry, "keywords": keywords} if keywords else entry)
        meta = [site.site_name, unit, entry["issuer"], getattr(page, "source", ""), extra_meta]
        meta += [a.title for a in trail]
        entry.update(
            title_tokens=" ".join(filter(None, (analysis.index_text(page.title), analysis.index_text(keywords)))),
            number_tokens=analysis.index_text(f"{entry['doc_number']} {entry['index_number']}"),
            summary_tokens=analysis.index_text(entry["summary"]),
            meta_tokens=analysis.index_text(" ".join(m for m in meta if m)),
            body_tokens=analysis.index_text(body),
        )
        return entry


def fingerprint(entry):
    """A digest of what residents see of an entry: search_check compares it to find stale ones."""
    shown = {k: v for k, v in entry.items() if k != "fingerprint" and not k.endswith("_tokens")}
    return hashlib.sha1(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def build_entries(pages):
    """Entries for these specific pages, skipping any that lie outside every site."""
    builder = EntryBuilder()
    for page in pages:
        entry = builder.build(page)
        if entry is not None:
            yield entry
