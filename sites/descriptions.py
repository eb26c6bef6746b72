"""<meta name="description"> of a resident page: what search engines show under its title.

From the page's own fields by name (sites may not import the apps that define the pages): its
search description, else its summary or introduction, else the first paragraph of its text, else
the site's own description; plain text, whitespace collapsed, at most LENGTH characters.
"""

import html
import re

from django.utils.html import strip_tags

LENGTH = 120
# A summary or introduction: said of the whole page.
SUMMARY_FIELDS = ("summary", "intro")
# The page's text, whose first paragraph describes it.
TEXT_FIELDS = ("body", "question", "duties", "functions", "overview", "conditions", "cv", "reply")
FOREIGN_SITE = {"en": "Official website of {name}", "ru": "Официальный сайт: {name}"}
PARAGRAPH = re.compile(r"<(p|li|h[1-6]|div)\b[^>]*>(.*?)</\1>", re.S | re.I)
MARKUP = re.compile(r"<[a-zA-Z/!]")


def plain(value):
    """Text of a plain or rich text value, entities decoded and whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(str(value or ""))).split())


def first_paragraph(value):
    value = str(value or "")
    if MARKUP.search(value):
        paragraphs = [match.group(2) for match in PARAGRAPH.finditer(value)] or [value]
    else:
        paragraphs = re.split(r"\n\s*\n|\n", value)
    return next((text for text in map(plain, paragraphs) if text), "")


def shorten(text, length=LENGTH):
    """At most `length` characters, cut between characters (never inside an ASCII word when a
    space is near) and ended with …"""
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space > length * 0.8 and text[length - 1] != " ":
        cut = cut[:space]
    return cut.rstrip(" ,，、;；:：") + "…"


def page_description(page, site=None, home=None, language=None):
    """The description of `page` (None on a view that is not a page), on `site`, whose home in
    the page's language is `home`."""
    if page is not None:
        for text in (
            plain(getattr(page, "search_description", "")),
            *(plain(getattr(page, name, "")) for name in SUMMARY_FIELDS),
            *(first_paragraph(getattr(page, name, "")) for name in TEXT_FIELDS),
        ):
            if text:
                return shorten(text)
    return site_description(site, home, language)


def site_description(site, home=None, language=None):
    if language in FOREIGN_SITE:
        home = getattr(home, "specific", home)
        for text in (
            plain(getattr(home, "search_description", "")),
            first_paragraph(getattr(home, "foreign_intro", "")),
        ):
            if text:
                return shorten(text)
        return FOREIGN_SITE[language].format(name=getattr(home, "title", ""))
    home = home or getattr(site, "root_page", None)
    for text in (plain(getattr(home, "search_description", "")), plain(getattr(home, "intro", ""))):
        if text:
            return shorten(text)
    name = getattr(site, "site_name", "") or getattr(home, "title", "")
    return f"{name}官方网站" if name else "政府网站"
