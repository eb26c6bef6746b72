"""智能校对 (seed 003: after 三审三校, the system's proofreading before anything is published).

`proofread(page)` returns the findings of a page as it stands in memory (a form's instance or a
revision's object): the built-in checks below plus the rules city staff keep in the admin
(`ProofreadingRule`, read on every run). Each finding names its field, blocks or warns, and
carries the matched text in context and a suggested fix.
"""

import html
import re
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.fields import RichTextField
from wagtail.models import Site
from wagtail.rich_text.rewriters import FIND_A_TAG, FIND_EMBED_TAG, extract_attrs

from content.dates import HonestDatesMixin, check_first_published_at
from content.models import ArticlePage, GovDocumentPage

from .models import ProofreadingRule, Severity

BLOCK = Severity.BLOCK.value
WARN = Severity.WARN.value

DEFAULT_TITLE_MAX_LENGTH = 40
TRAILING_PUNCTUATION = "。，；、！？!?,;：:"
SPACES = re.compile(r"[\s\u3000]+")  # \s covers U+3000 too; named for the reader
DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]+〔(?P<year>\d{4})〕[1-9]\d*号$")
DOC_NUMBER_EXAMPLE = "双政办文〔2017〕3号"
BRACKETS = str.maketrans(dict.fromkeys("[(（【［〖「", "〔") | dict.fromkeys("])）】］〗」", "〕"))
FIND_IMG_TAG = re.compile(r"<img(\b[^>]*)>")
PLAIN_TEXT_FIELDS = ("title", "summary", "image_caption")
CONTEXT = 12

FIELD_LABELS = {"title": "标题", "first_published_at": "发布时间"}


@dataclass(frozen=True)
class Finding:
    field: str
    severity: str
    rule: str
    message: str
    excerpt: str = ""
    suggestion: str = ""

    @property
    def blocks(self):
        return self.severity == BLOCK

    @property
    def severity_label(self):
        return Severity(self.severity).label

    def as_dict(self):
        return asdict(self)

    def as_text(self):
        """One line for a form error, a message or an export cell."""
        text = f"【{self.severity_label}·{self.rule}】{self.message}"
        if self.excerpt:
            text += f"（原文：“{self.excerpt}”）"
        if self.suggestion:
            text += f" 建议：{self.suggestion}"
        return text


def title_limit():
    return getattr(settings, "PROOFREADING_TITLE_MAX_LENGTH", DEFAULT_TITLE_MAX_LENGTH)


def field_label(page, name):
    if name in FIELD_LABELS:
        return FIELD_LABELS[name]
    try:
        return str(page._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def rich_text_fields(page):
    return [f.name for f in page._meta.concrete_fields if isinstance(f, RichTextField)]


def texts(page):
    """(field, plain text) of the title, summary, caption and every rich text field."""
    found = []
    for name in [*PLAIN_TEXT_FIELDS, *rich_text_fields(page)]:
        value = getattr(page, name, None)
        if not isinstance(value, str) or not value:
            continue
        if name not in PLAIN_TEXT_FIELDS:
            value = html.unescape(strip_tags(value))
        found.append((name, value))
    return found


def excerpt(text, start, length):
    before = text[max(0, start - CONTEXT) : start]
    after = text[start + length : start + length + CONTEXT]
    prefix = "…" if start > CONTEXT else ""
    suffix = "…" if start + length + CONTEXT < len(text) else ""
    return SPACES.sub(" ", f"{prefix}{before}{text[start : start + length]}{after}{suffix}").strip()


# Titles (seed 003: 标题中原则上不要有空格)


def title_findings(page):
    title = page.title or ""
    if SPACES.search(title):
        yield Finding(
            "title",
            BLOCK,
            "标题空格",
            "标题中不要有空格（含全角空格）。",
            SPACES.sub("␣", title),
            SPACES.sub("", title),
        )
    limit = title_limit()
    if len(title) > limit:
        yield Finding(
            "title",
            WARN,
            "标题长度",
            f"标题共{len(title)}字，超过{limit}字。",
            title,
            "精简标题，保留核心信息，细节放入正文或摘要。",
        )
    if title and title[-1] in TRAILING_PUNCTUATION:
        yield Finding(
            "title",
            WARN,
            "标题末尾标点",
            f"标题末尾不宜使用标点“{title[-1]}”。",
            title[-CONTEXT:],
            title.rstrip(TRAILING_PUNCTUATION),
        )


# Government documents: 文号 and dates (seed 003: 严禁伪造发稿日期)


def normalised_doc_number(number):
    fixed = SPACES.sub("", number).translate(BRACKETS)
    fixed = re.sub(r"〕第", "〕", fixed)
    fixed = re.sub(r"〕0+(\d)", r"〕\1", fixed)
    if not fixed.endswith("号"):
        fixed += "号"
    return fixed


def document_findings(page):
    number = (page.doc_number or "").strip()
    if not number:
        yield Finding(
            "doc_number", WARN, "文号", "未填写文号。", "", f"有文号的文件须填写，格式如：{DOC_NUMBER_EXAMPLE}。"
        )
    elif not (match := DOC_NUMBER.match(number)):
        fixed = normalised_doc_number(number)
        yield Finding(
            "doc_number",
            BLOCK,
            "文号格式",
            f"文号格式应为“机关代字〔年份〕序号号”，如{DOC_NUMBER_EXAMPLE}；年份用六角括号〔〕。",
            number,
            fixed if DOC_NUMBER.match(fixed) else f"按{DOC_NUMBER_EXAMPLE}的格式填写。",
        )
    elif page.written_date and int(match["year"]) != page.written_date.year:
        yield Finding(
            "doc_number",
            WARN,
            "文号年份",
            f"文号年份{match['year']}与成文日期（{page.written_date:%Y-%m-%d}）的年份不一致。",
            number,
            "核对文号和成文日期。",
        )
    today = timezone.localdate()
    for name in ("written_date", "publish_date"):
        value, label = getattr(page, name), field_label(page, name)
        if value is None:
            yield Finding(name, BLOCK, "必填日期", f"未填写{label}。", "", f"填写文件的{label}。")
        elif value > today:
            yield Finding(
                name,
                BLOCK,
                "日期在将来",
                f"{label}（{value:%Y-%m-%d}）晚于今天。严禁伪造发稿日期。",
                f"{value:%Y-%m-%d}",
                f"填写文件实际的{label}；将来发布请使用定时发布。",
            )
    if page.written_date and page.publish_date and page.publish_date < page.written_date:
        yield Finding(
            "publish_date",
            BLOCK,
            "日期顺序",
            "发布日期不能早于成文日期。",
            f"成文日期 {page.written_date:%Y-%m-%d}，发布日期 {page.publish_date:%Y-%m-%d}",
            "核对两个日期。",
        )


def first_published_findings(page):
    """The honest-dates rule of content.dates, reported as a finding (it may adjust the value it
    checks, so the value is put back)."""
    original = page.first_published_at
    try:
        check_first_published_at(page)
    except ValidationError as error:
        for message in error.message_dict.get("first_published_at", []):
            yield Finding("first_published_at", BLOCK, "发布时间", message, "", "")
    finally:
        page.first_published_at = original


# Links and images in rich text


def government_host(host, own_hosts):
    return host == "gov.cn" or host.endswith(".gov.cn") or host in own_hosts


def link_host(href):
    href = href.strip()
    lowered = href.lower()
    if not lowered.startswith(("http://", "https://", "//")):
        return None
    host = lowered.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return host.rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".") or None


def rich_text_findings(page, own_hosts):
    for name in rich_text_fields(page):
        value = getattr(page, name, None) or ""
        for match in FIND_A_TAG.finditer(value):
            attrs = extract_attrs(match.group(1))
            if "linktype" in attrs:
                continue  # a page or document of this platform
            href = attrs.get("href", "")
            host = link_host(href)
            if host and not government_host(host, own_hosts):
                yield Finding(
                    name,
                    WARN,
                    "外部链接",
                    f"链接指向非政府网站（{host}）。",
                    href,
                    "确认链接内容权威可靠并经审核；能链接政府网站上同一信息的，改链政府网站。",
                )
        images = [
            extract_attrs(m.group(1))
            for m in FIND_EMBED_TAG.finditer(value)
            if extract_attrs(m.group(1)).get("embedtype") == "image"
        ] + [extract_attrs(m.group(1)) for m in FIND_IMG_TAG.finditer(value)]
        for attrs in images:
            if not attrs.get("alt", "").strip():
                where = f"图片 #{attrs['id']}" if attrs.get("id") else attrs.get("src", "图片")
                yield Finding(
                    name,
                    WARN,
                    "图片替代文字",
                    "正文图片没有替代文字，读屏软件无法说明图片内容。",
                    where,
                    "在图片设置中填写替代文字，简要说明图片内容。",
                )


def photo_findings(page):
    if page.kind == ArticlePage.Kind.PHOTO and not (page.image_caption or "").strip():
        yield Finding(
            "image_caption", WARN, "图片说明", "图片新闻没有图片说明。", "", "填写图片说明：时间、地点、人物和事件。"
        )


# Rules that city staff keep in the admin


def protected_spans(text, names):
    spans = []
    for name in names:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
    return spans


def occurrences(text, rule, protected):
    """Where rule.pattern stands in text, except where it is part of its own correction (a rule
    度过难关 → 渡过难关 is safe, but 其它 → 其他 would otherwise not be) and inside protected names."""
    pattern, correction = rule.pattern, rule.correction
    offset = correction.find(pattern) if correction else -1
    found = []
    for match in re.finditer(re.escape(pattern), text):
        start = match.start()
        if offset >= 0 and text[start - offset : start - offset + len(correction)] == correction:
            continue
        if any(a <= start and start + len(pattern) <= b for a, b in protected):
            continue
        found.append(start)
    return found


def rule_message(rule, count):
    times = f"（共{count}处）" if count > 1 else ""
    if rule.kind == ProofreadingRule.Kind.MISWRITING:
        message = f"“{rule.pattern}”应为“{rule.correction}”{times}。"
    elif rule.kind == ProofreadingRule.Kind.FORBIDDEN:
        message = f"含禁用词“{rule.pattern}”{times}。"
    else:
        message = f"含敏感词“{rule.pattern}”{times}，请核实表述。"
    return f"{message}{rule.note}" if rule.note else message


def rule_suggestion(rule):
    if rule.kind == ProofreadingRule.Kind.MISWRITING:
        return f"改为“{rule.correction}”。"
    if rule.correction:
        return f"改用“{rule.correction}”。"
    return "删除或改写。" if rule.kind == ProofreadingRule.Kind.FORBIDDEN else "核实后修改或删除。"


def rule_findings(page, rules, protected_names):
    for name, text in texts(page):
        protected = protected_spans(text, protected_names)
        for rule in rules:
            starts = occurrences(text, rule, protected)
            if starts:
                yield Finding(
                    name,
                    rule.severity,
                    rule.get_kind_display(),
                    rule_message(rule, len(starts)),
                    excerpt(text, starts[0], len(rule.pattern)),
                    rule_suggestion(rule),
                )


def proofread(page):
    """[Finding] for a page as it stands in memory, blocking ones first, in field order."""
    rules = [rule for rule in ProofreadingRule.objects.filter(active=True) if rule.pattern]
    site_rows = list(Site.objects.values_list("hostname", "site_name"))
    own_hosts = {hostname.lower() for hostname, _ in site_rows}
    # Official names (人民政府 and the like) are never "corrected".
    protected_names = {site_name for _, site_name in site_rows if site_name}

    findings = [*title_findings(page)]
    if isinstance(page, GovDocumentPage):
        findings += document_findings(page)
    if isinstance(page, HonestDatesMixin):
        findings += first_published_findings(page)
    if isinstance(page, ArticlePage):
        findings += photo_findings(page)
    findings += rich_text_findings(page, own_hosts)
    findings += rule_findings(page, rules, protected_names)
    return sorted(findings, key=lambda finding: not finding.blocks)


def blocking(findings):
    return [finding for finding in findings if finding.blocks]


def warnings(findings):
    return [finding for finding in findings if not finding.blocks]
