"""Every link of every live page of the open sites (or of one site), in all languages.

Links come from the page model's own fields: rich text (Wagtail's stored format: page, document and
image references by id, plain hrefs), StreamField blocks (rich text, URL, embed and chooser blocks,
read from the raw JSON so no block loads an object), URL fields and foreign keys to documents,
images and pages. One query per page model, whatever the number of pages.
"""

from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.coreutils import resolve_model_string
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.rich_text.rewriters import FIND_A_TAG, FIND_EMBED_TAG, extract_attrs

from sites.models import SiteProfile, Unit
from sites.routing import address

from .internal import split_target
from .models import MAX_URL_LENGTH, LinkKind


class UnknownSite(LookupError):
    pass


@dataclass
class PageInfo:
    pk: int
    title: str
    url: str
    profile: SiteProfile
    unit_id: int | None = None


@dataclass
class FoundLink:
    page_id: int
    url: str
    kind: str
    labels: list = field(default_factory=list)

    @property
    def field(self):
        return "、".join(self.labels)


@dataclass
class Found:
    pages: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    """{(page_id, url): FoundLink}"""


def open_site_profile(hostname):
    """The profile of the open site at hostname; UnknownSite names the hostnames there are."""
    profiles = list(SiteProfile.objects.filter(site__isnull=False).select_related("site").order_by("root_page__path"))
    for profile in profiles:
        if profile.site.hostname == hostname.lower():
            if not profile.is_open:
                raise UnknownSite(f"站点 {hostname} 已关停，不再检查。")
            return profile
    hostnames = "、".join(p.site.hostname for p in profiles if p.is_open)
    raise UnknownSite(f"没有主机名为 {hostname} 的站点。现有站点：{hostnames}")


def target_kind(model):
    """page, document or image: how a chooser or foreign key to this model is written."""
    if model is None:
        return None
    model = resolve_model_string(model)
    if issubclass(model, get_document_model()):
        return "document"
    if issubclass(model, get_image_model()):
        return "image"
    if issubclass(model, Page):
        return "page"
    return None


def rich_text_targets(html):
    """page:N, document:N, image:N or the href of each link and image in Wagtail's stored rich text."""
    for attrs in map(extract_attrs, FIND_A_TAG.findall(html or "")):
        linktype = attrs.get("linktype")
        if linktype in ("page", "document"):
            if attrs.get("id", "").isdigit():
                yield f"{linktype}:{attrs['id']}"
        elif linktype is None and attrs.get("href"):
            yield attrs["href"]
    for attrs in map(extract_attrs, FIND_EMBED_TAG.findall(html or "")):
        embedtype = attrs.get("embedtype")
        if embedtype == "image" and attrs.get("id", "").isdigit():
            yield f"image:{attrs['id']}"
        elif embedtype == "media" and attrs.get("url"):
            yield attrs["url"]


def stream_targets(block, value, label=""):
    """(target, block label) of every link in a block's raw JSON value."""
    if isinstance(block, blocks.BaseStreamBlock):
        for item in value or []:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                yield from stream_targets(child, item.get("value"), str(child.label or ""))
    elif isinstance(block, blocks.ListBlock):
        for item in value or []:
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            yield from stream_targets(block.child_block, item, label)
    elif isinstance(block, ImageBlock) and isinstance(value, int):
        yield f"image:{value}", label
    elif isinstance(block, blocks.StructBlock):
        if isinstance(value, dict):
            for name, child in block.child_blocks.items():
                if value.get(name) is not None:
                    yield from stream_targets(child, value[name], str(child.label or label))
    elif isinstance(block, blocks.RichTextBlock):
        for target in rich_text_targets(value if isinstance(value, str) else ""):
            yield target, label
    elif isinstance(block, blocks.URLBlock):
        if value:
            yield value, label
    elif isinstance(block, blocks.ChooserBlock):
        kind = target_kind(block.target_model)
        if kind and isinstance(value, int):
            yield f"{kind}:{value}", label


def link_sources(model):
    """[(attname, reader)] for the fields of a page model that hold links; reader(value) yields
    (target, where found)."""
    sources = []
    for model_field in model._meta.concrete_fields:
        if model_field.model is Page:
            continue
        label = str(model_field.verbose_name)
        if isinstance(model_field, RichTextField):
            sources.append((model_field.attname, _rich_text_reader(label)))
        elif isinstance(model_field, StreamField):
            sources.append((model_field.attname, _stream_reader(model_field, label)))
        elif isinstance(model_field, models.URLField):
            sources.append((model_field.attname, _value_reader("", label)))
        elif isinstance(model_field, models.ForeignKey) and not model_field.remote_field.parent_link:
            kind = target_kind(model_field.related_model)
            if kind:
                sources.append((model_field.attname, _value_reader(f"{kind}:", label)))
    return sources


def _rich_text_reader(label):
    def read(value):
        for target in rich_text_targets(value):
            yield target, label

    return read


def _value_reader(prefix, label):
    def read(value):
        if value:
            yield f"{prefix}{value}", label

    return read


def _stream_reader(stream_field, label):
    def read(value):
        raw = list(value.raw_data) if isinstance(value, StreamValue) else value
        for target, block_label in stream_targets(stream_field.stream_block, raw or []):
            yield target, f"{label} › {block_label}" if block_label and block_label != label else label

    return read


def has_unit(model):
    try:
        unit = model._meta.get_field("unit")
    except FieldDoesNotExist:
        return False
    return isinstance(unit, models.ForeignKey) and issubclass(unit.related_model, Unit)


def absolute(href, base):
    """The http(s) address an href leads to from the page at base, without its fragment; None for
    mailto:, tel:, javascript:, in-page anchors and other schemes."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = urldefrag(urljoin(base, href)).url
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # a malformed address (an unclosed IPv6 bracket, …) is kept, to be reported
        url, scheme = href, href.partition(":")[0].lower()
    return url if scheme in ("http", "https") else None


def collect(sitemap, profile=None):
    """The links of the live pages of every open site, or of the site of `profile`: a Found."""
    if profile is None:
        in_scope = {
            p.site_id: p for p in SiteProfile.objects.filter(status=SiteProfile.Status.OPEN, site__isnull=False)
        }
    else:
        in_scope = {profile.site_id: profile}
    found = Found()
    roots = {srp.root_path for srp in sitemap.root_paths if srp.site_id in in_scope}
    if not roots:
        return found
    scope = Q()
    for root in roots:
        scope |= Q(url_path__startswith=root)

    by_type = {}
    rows = Page.objects.filter(scope, live=True).values_list(
        "pk", "title", "url_path", "content_type_id", "locale__language_code"
    )
    for pk, title, url_path, content_type_id, language in rows:
        srp = sitemap.root(url_path, language)
        if srp is None or srp.site_id not in in_scope:
            continue
        found.pages[pk] = PageInfo(pk, title, address(srp, url_path), in_scope[srp.site_id])
        by_type.setdefault(content_type_id, []).append(pk)

    for content_type_id in by_type:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        sources = link_sources(model) if model else []
        if not sources:
            continue
        unit = ["unit_id"] if has_unit(model) else []
        values = model._default_manager.filter(scope, live=True, content_type_id=content_type_id).values(
            "pk", *unit, *(attname for attname, _reader in sources)
        )
        for row in values:
            page = found.pages.get(row["pk"])
            if page is None:
                continue
            page.unit_id = row.get("unit_id") or page.profile.unit_id
            for attname, read in sources:
                for target, label in read(row[attname]):
                    _add(found, sitemap, page, target, label)
    return found


def _add(found, sitemap, page, target, label):
    if split_target(target):
        url, kind = target, LinkKind.INTERNAL
    else:
        url = absolute(target, page.url)
        if url is None or len(url) > MAX_URL_LENGTH:
            return
        kind = LinkKind.INTERNAL if sitemap.site_for(url) else LinkKind.EXTERNAL
    link = found.links.get((page.pk, url))
    if link is None:
        link = found.links[page.pk, url] = FoundLink(page.pk, url, kind)
    if label not in link.labels:
        link.labels.append(label)
