"""A county editor's whole admin, walked in Chromium, shows no English: what Wagtail and
wagtail-localize leave untranslated comes from cluster/locale/zh_Hans, the project's own views are
written in Chinese. The sidebar is walked as it is, so a new menu item is checked without a change here."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.documents.models import Document
from wagtail.models import Collection, Site

from content.models import ArticlePage
from sites.caching import forget_sites
from sites.models import SiteGroup
from tests.browser.helpers import login
from tests.conftest import build_base_cluster, missing
from tests.factories import ImageFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME = "集贤县编辑"
ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Addresses, host names, dotted and hyphenated identifiers (jixian.localhost, content.articlepage, a
# slug, the chinese-calendar package) and file names: rightly Latin, not interface text.
IDENTIFIERS = re.compile(
    r"https?://\S+|\b[a-z0-9_]+(?:[.-][a-z0-9_]+)+\b|[^\s/]+\.(?i:pdf|docx?|xlsx?|pptx?|csv|rtf|txt|zip|png|jpe?g|gif)\b"
)
# What is rightly Latin in a Chinese admin (matched whole, case as shown).
ALLOWED = {
    # file types, as staff know them
    "PDF", "DOC", "DOCX", "XLS", "XLSX", "PPT", "PPTX", "CSV", "RTF", "TXT", "ZIP", "PNG", "JPG", "JPEG", "GIF",
    "WEBP", "SVG", "AVIF", "HEIC",
    "URL",  # 网址 where Wagtail says so; also what a staff member types
    "API",
    "localhost",  # the test cluster's portal host name
    "English",  # the language's own name (settings.LANGUAGES), as the translators' views show it
    "Wagtail",  # a product's name, as the help menu's footer gives it with its version (Wagtail v8.0.1)
}  # fmt: skip

# Everything a member of staff reads or hears: the visible text, the window's title, and the
# attributes a browser shows on hover or a screen reader speaks.
COLLECT = """() => {
    const texts = [document.title, document.body.innerText];
    const where = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.classList.length ? "." + [...el.classList].slice(0, 2).join(".") : "");
    for (const el of document.querySelectorAll("[placeholder], [title], [aria-label], [alt], [aria-description]")) {
        if (el.closest("[hidden], template, [aria-hidden=true]")) continue;
        for (const name of ["placeholder", "title", "aria-label", "alt", "aria-description"]) {
            const value = el.getAttribute(name);
            if (value) texts.push(`${value}  ← ${name} of ${where(el)}`);
        }
    }
    for (const el of document.querySelectorAll("input[type=submit], input[type=button], input[type=reset]")) {
        texts.push(`${el.value}  ← value of ${where(el)}`);
    }
    return texts;
}"""

# The toggles of dropdown menus (a listing row's "more", the editor's footer actions).
DROPDOWNS = "[data-w-dropdown-target=toggle]"

# The sidebar's own links and those of its submenus (each opened in turn).
MENU_LINKS = """async () => {
    const links = new Set();
    const collect = () => document.querySelectorAll("#wagtail-sidebar a[href]").forEach(a => links.add(a.href));
    collect();
    for (const button of document.querySelectorAll("#wagtail-sidebar .sidebar-main-menu button[aria-haspopup], "
                                                   + "#wagtail-sidebar .sidebar-main-menu button[aria-expanded]")) {
        button.click();
        await new Promise(resolve => setTimeout(resolve, 150));
        collect();
    }
    return [...links];
}"""


def english(texts):
    """The runs of Latin letters in `texts` that are no allowed word."""
    found = set()
    for text in texts:
        for word in ENGLISH.findall(shown(text)):
            if word not in ALLOWED:
                found.add(word)
    return found


def shown(text):
    """What staff read of a collected text: not where it was found, nor IDENTIFIERS."""
    text = (text or "").split("  ← ")[0]
    return IDENTIFIERS.sub(" ", text)


def lines_with(texts, words):
    """The lines where the English was found, for a readable failure."""
    lines = set()
    for text in texts:
        for line in (text or "").splitlines():
            if any(word not in ALLOWED for word in ENGLISH.findall(shown(line))):
                lines.add(line.strip()[:160])
    return sorted(lines)


@pytest.fixture
def county(live_server):
    port = urlsplit(live_server.url).port
    build_base_cluster()
    Site.objects.update(port=port)
    forget_sites()
    group = SiteGroup.objects.get(profile__site__hostname="jixian.localhost", role="editor").group
    UserFactory(username=USERNAME, first_name="晓燕", last_name="王", email="wangxy@example.cn", groups=[group])
    site = Site.objects.get(hostname="jixian.localhost")
    news = site.root_page.get_descendants().get(columnpage__column_key="news/local-news")
    item = ArticlePage(
        title="集贤县召开秋季农业生产现场推进会",
        slug="qiuji-nongye",
        summary="全县推进秋收秋种和黑土地保护。",
        body="<p>近日，集贤县在福利镇召开秋季农业生产现场推进会。</p>",
    )
    news.add_child(instance=item)
    item.save_revision().publish()
    item.save_revision()  # a draft on top of the live version: the history has both
    collection = Collection.objects.filter(depth__gt=1).first() or Collection.get_first_root_node()
    ImageFactory(title="秋收现场", collection=collection)
    document = Document(title="秋收秋种工作方案", collection=collection)
    document.file.save("方案.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return {
        "admin": f"http://localhost:{port}/admin",
        "root": site.root_page.pk,
        "news": news.pk,
        "item": item.pk,
    }


def test_collector_finds_english(browser):
    """The rule catches what it is for, and passes what is rightly Latin."""
    page = browser.new_page()
    page.set_content(
        "<title>仪表板</title><p>共 3 个页面，PDF 文件 方案_531SMtZ.pdf，jixian.localhost，qiuji-nongye</p>"
        '<p>Go-live: http://example.com/</p><button aria-label="Close">关</button>'
        '<input placeholder="Search all pages…"><input type=submit value="Save"><p hidden>Hidden</p>'
    )
    assert english(page.evaluate(COLLECT)) == {"Close", "Search", "all", "pages", "Save", "live"}


class Walk:
    """One member of staff's admin, page by page; `found` maps each page to its English lines."""

    def __init__(self, page, admin):
        self.page, self.admin, self.found = page, admin, {}
        self.seen = {"/admin/", "/admin/account/"}

    def check(self, label, url=None):
        if url is not None:
            self.seen.add(urlsplit(url).path)
            response = self.page.goto(url)
            if response is not None and response.status != 200:
                self.found[label] = [f"HTTP {response.status}"]
                return
        texts = self.page.evaluate(COLLECT)
        if english(texts):
            self.found[label] = lines_with(texts, english(texts))

    def tabs(self, label, url):
        """A page and each of its tabs (only the open tab's text is visible)."""
        self.check(label, url)
        for index, tab in enumerate(self.page.locator("[role=tab]").all()):
            if tab.is_visible():
                tab.click()
                self.page.wait_for_timeout(100)
                self.check(f"{label} · {tab.inner_text().strip() or index}")

    def opened(self, label, selector):
        """What a page shows only when opened: its dropdown menus and side panels, one at a time.
        Returns how many it opened (none: the selector no longer matches Wagtail's markup)."""
        opened = 0
        for index, toggle in enumerate(self.page.locator(selector).all()):
            if toggle.is_visible():
                toggle.click()
                self.page.wait_for_timeout(150)
                self.check(f"{label} · 展开 {index}")
                self.page.keyboard.press("Escape")
                opened += 1
        return opened

    def dashboard_and_sidebar(self):
        """The dashboard, the sidebar with each submenu opened, the explorer menu; the menu's links."""
        self.check("控制面板", f"{self.admin}/")
        links = self.page.evaluate(MENU_LINKS)
        self.check("侧边栏（子菜单展开）")
        self.page.goto(f"{self.admin}/")
        self.page.locator("#wagtail-sidebar button", has_text="页面").first.click()
        self.page.wait_for_timeout(500)
        self.check("侧边栏 · 页面浏览菜单")
        return sorted(set(links))

    def menu(self, links):
        """Every view the sidebar leads to (the explorer's pages are walked by the caller)."""
        for url in links:
            path = urlsplit(url).path
            if not path.startswith("/admin/") or path.startswith("/admin/pages/") or "logout" in path:
                continue
            if path not in self.seen:
                self.check(f"菜单 {path}", url)

    def report(self, who):
        return f"English in the {who}'s admin:\n" + "\n".join(
            f"{label}:\n    " + "\n    ".join(lines) for label, lines in self.found.items()
        )


def test_county_editor_admin_is_chinese(county, browser):
    admin = county["admin"]
    walk = Walk(login(browser, admin, USERNAME), admin)
    links = walk.dashboard_and_sidebar()
    walk.check("页面浏览", f"{admin}/pages/{county['root']}/")
    walk.check("栏目页面列表", f"{admin}/pages/{county['news']}/")
    assert walk.opened("栏目页面列表", f"main {DROPDOWNS}") >= 1
    walk.tabs("编辑信息", f"{admin}/pages/{county['item']}/edit/")
    assert walk.opened("编辑信息", f"main {DROPDOWNS}, [data-side-panel-toggle]") >= 3
    walk.tabs("新建信息", f"{admin}/pages/add/content/articlepage/{county['news']}/")
    walk.check("页面历史", f"{admin}/pages/{county['item']}/history/")
    walk.check("页面修订", f"{admin}/pages/{county['item']}/revisions/")
    walk.check("搜索结果", f"{admin}/pages/search/?q=秋季")
    walk.check("账户", f"{admin}/account/")
    walk.check("图片", f"{admin}/images/")
    walk.check("上传图片", f"{admin}/images/multiple/add/")
    walk.check("文档", f"{admin}/documents/")
    walk.check("上传文档", f"{admin}/documents/multiple/add/")
    for name in ["locked", "workflow", "workflow_tasks", "aging-pages", "site-history"]:
        walk.check(f"报告 {name}", f"{admin}/reports/{name}/")
    walk.menu(links)
    assert not walk.found, walk.report("county editor")


@pytest.fixture
def city_administrator(county):
    get_user_model().objects.filter(username=USERNAME).update(is_superuser=True)
    return county


def test_city_administrator_admin_is_chinese(city_administrator, browser):
    """The city's administrator (a superuser): every view of the whole menu, settings and snippets too."""
    if connection.vendor == "sqlite":
        # SQLite's test database is shared-cache in memory: the superuser's pages fire requests
        # side by side, and one saving the session finds django_session locked (400, then 500s).
        missing("the city administrator's walk needs PostgreSQL (concurrent requests)")
    county = city_administrator
    admin = county["admin"]
    walk = Walk(login(browser, admin, USERNAME), admin)
    links = walk.dashboard_and_sidebar()
    walk.check("页面浏览（根）", f"{admin}/pages/")
    walk.menu(links)
    assert not walk.found, walk.report("city administrator")
