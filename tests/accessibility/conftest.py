"""The resident-page walk: the demo cluster served by Django's server on a free port, and the
addresses of every kind of resident page on it (RESIDENT_PAGES), found in the demo's database.

Tests take `walk` (a Walk: .urls maps an entry's name to its address) and parametrize over
RESIDENT_PAGES; an address on a subsite's host (jixian.localhost) resolves by itself in Chromium;
elsewhere use `fetch`, which connects to 127.0.0.1 and names the host.
"""

import http.client
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import launched_chromium
from tests.demo.build import ROOT, run_script

# (entry, the Page model it stands for, or None for a view that is not a page). Each entry is
# found in the database by PREPARE below, never by a fixed id or slug.
RESIDENT_PAGES = [
    ("portal-home", "home.PortalHomePage"),
    ("county-home", "home.SiteHomePage"),
    ("district-home", "home.SiteHomePage"),
    ("township-home", "home.SiteHomePage"),
    ("unit-home", "home.SiteHomePage"),  # 专属网页 of a city department, below the portal
    ("unit-index", "home.UnitIndexPage"),
    ("channel", "columns.ChannelPage"),
    ("column", "columns.ColumnPage"),
    ("column-page-2", "columns.ColumnPage"),
    ("link-column", "columns.LinkColumnPage"),  # the page that lists it: the column itself redirects
    ("special-topic", "content.SpecialTopicPage"),
    ("article", "content.ArticlePage"),
    ("photo-news", "content.ArticlePage"),
    ("notice", "content.NoticePage"),
    ("gov-document", "content.GovDocumentPage"),
    ("interpretation", "content.PolicyInterpretationPage"),
    ("investment-project", "content.InvestmentProjectPage"),
    ("leader", "content.LeaderPage"),
    ("institution", "content.InstitutionPage"),
    ("service-guide", "content.ServiceGuidePage"),
    ("disclosure-guide", "columns.ColumnPage"),
    ("disclosure-catalogue", "columns.ColumnPage"),
    ("disclosure-column", "disclosure.DisclosureColumnPage"),
    ("disclosure-apply", None),
    ("disclosure-lookup", None),
    ("mailbox", "interaction.MailboxPage"),
    ("mailbox-letter-form", "interaction.MailboxPage"),
    ("mailbox-letter-list-filtered", "interaction.MailboxPage"),
    ("letter-reply", "interaction.LetterPage"),
    ("letter-lookup", None),
    ("report-error", None),
    ("letter-statistics", None),
    ("solicitation", "solicitation.SolicitationPage"),
    ("annual-report", "annualreports.AnnualReportPage"),
    ("website-report", "websitereports.WebsiteReportPage"),
    ("search-results", None),
    ("search-no-results", None),
    ("english-home", "home.PortalHomePage"),
    ("english-profile", "columns.ColumnPage"),
    ("english-investment-project", "content.InvestmentProjectPage"),
    ("russian-home", "home.PortalHomePage"),
    ("russian-profile", "columns.ColumnPage"),
    ("not-found", None),
]
PAGE_NAMES = [name for name, _model in RESIDENT_PAGES]
EXPECTED_STATUS = {"not-found": 404}

# Run in the copy of the demo's database with its settings: set every site's port to the walk's,
# add a 专题 and a 链接栏目 where the data set has none, and print where each entry is.
PREPARE = r"""
import django, json, os
django.setup()
from collections import Counter
from datetime import timedelta
from urllib.parse import quote
from django.apps import apps
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from columns.models import ITEM_PAGE_TYPES, ChannelPage, ColumnPage, LinkColumnPage
from content.models import ArticlePage, SpecialTopicPage
from disclosure.models import DisclosureColumnPage
from home.models import PortalHomePage, SiteHomePage, UnitIndexPage
from interaction.models import LetterPage, MailboxPage
from sites.caching import forget_sites
from sites.models import SiteProfile

port = int(os.environ["WALK_PORT"])
Site.objects.update(port=port)
forget_sites()

zh = Locale.get_default()
portal_site = Site.objects.get(is_default_site=True)
portal = portal_site.root_page.specific


def exact(model):
    return model.objects.live().exact_type(model).filter(locale=zh).order_by("path")


def newest(label, locale=zh, **filters):
    model = apps.get_model(label)
    return model.objects.live().filter(locale=locale, **filters).order_by("-first_published_at", "path").first()


if not SpecialTopicPage.objects.live().exists():
    topic = portal.add_child(instance=SpecialTopicPage(
        title="优化营商环境专题", slug="walk-special-topic", intro="<p>围绕优化营商环境的政策、动态和办事服务。</p>"))
    topic.add_child(instance=ArticlePage(
        title="我市召开优化营商环境工作推进会", slug="walk-topic-article",
        first_published_at=timezone.now() - timedelta(days=3650),
        summary="会议部署下一阶段优化营商环境重点任务。", body="<p>会议部署下一阶段优化营商环境重点任务。</p>"))
if not LinkColumnPage.objects.live().exists():
    channel = exact(ChannelPage).filter(show_in_menus=True, path__startswith=portal.path).first()
    county = SiteProfile.objects.filter(level="county", site__isnull=False).order_by("root_page__path").first()
    channel.add_child(instance=LinkColumnPage(
        title=county.name, slug="walk-link-column", link_url=county.site.root_url + "/"))

found = {}


def add(name, page, url=None):
    found[name] = {
        "url": url or page.get_full_url(),
        "model": page.specific_class._meta.label if page is not None else None,
    }


def profile(level, own_site=True):
    return (SiteProfile.objects.filter(level=level, site__isnull=not own_site, status="open")
            .select_related("root_page", "site").order_by("root_page__path").first())


add("portal-home", portal)
add("county-home", profile("county").root_page)
add("district-home", profile("district").root_page)
add("township-home", profile("township").root_page)
add("unit-home", profile("department", own_site=False).root_page)
add("unit-index", exact(UnitIndexPage).first())
add("channel", exact(ChannelPage).filter(show_in_menus=True, numchild__gt=1).first())

item_types = [apps.get_model(label) for label in ITEM_PAGE_TYPES]
items = Counter(p[: -Page.steplen] for p in Page.objects.live().type(*item_types).values_list("path", flat=True))
columns = {c.path: c for c in exact(ColumnPage)}
fullest = max((path for path in items if path in columns), key=lambda path: (items[path], path))
assert items[fullest] > ColumnPage.page_size, "no column has a second page of items"
add("column", columns[fullest])
add("column-page-2", columns[fullest], columns[fullest].get_full_url() + "?page=2")
link = LinkColumnPage.objects.live().order_by("path").first()
found["link-column"] = {"url": link.get_parent().get_full_url(), "model": "columns.LinkColumnPage",
                        "column": link.get_full_url()}
add("special-topic", SpecialTopicPage.objects.live().order_by("path").first())
add("article", newest("content.ArticlePage", kind="news"))
add("photo-news", newest("content.ArticlePage", kind="photo"))
for name, label in [
    ("notice", "content.NoticePage"),
    ("gov-document", "content.GovDocumentPage"),
    ("interpretation", "content.PolicyInterpretationPage"),
    ("investment-project", "content.InvestmentProjectPage"),
    ("leader", "content.LeaderPage"),
    ("institution", "content.InstitutionPage"),
    ("service-guide", "content.ServiceGuidePage"),
    ("solicitation", "solicitation.SolicitationPage"),
    ("annual-report", "annualreports.AnnualReportPage"),
    ("website-report", "websitereports.WebsiteReportPage"),
]:
    add(name, newest(label))
add("disclosure-guide", exact(ColumnPage).filter(column_key__endswith="disclosure-guide").first())
add("disclosure-catalogue", exact(ColumnPage).filter(column_key__endswith="disclosure-catalogue").first())
disclosure = exact(DisclosureColumnPage).first()
add("disclosure-column", disclosure)
disclosure_site = disclosure.get_site().root_url
add("disclosure-apply", None, disclosure_site + "/disclosure/apply/")
add("disclosure-lookup", None, disclosure_site + "/disclosure/lookup/")

letters = Counter(p[: -Page.steplen] for p in LetterPage.objects.live().values_list("path", flat=True))
mailbox = max(exact(MailboxPage), key=lambda m: (letters[m.path], m.path))
mailbox_site = mailbox.get_site().root_url
letter = LetterPage.objects.live().child_of(mailbox).order_by("-first_published_at").first()
add("mailbox", mailbox)
add("mailbox-letter-form", mailbox, mailbox.get_full_url() + mailbox.reverse_subpage("write"))
add("mailbox-letter-list-filtered", mailbox, mailbox.get_full_url() + "?type=" + letter.letter_kind)
add("letter-reply", letter)
add("letter-lookup", None, mailbox_site + "/letters/lookup/")
add("report-error", None, mailbox_site + "/letters/report-error/?url=" + quote(letter.get_full_url(), safe=""))
add("letter-statistics", None, mailbox_site + "/letters/statistics/")

# A word residents would search for: the start of a service guide's title, checked to find it.
client = Client()
host = f"{portal_site.hostname}:{port}"
guide = newest("content.ServiceGuidePage")
word = next(
    word for word in (guide.title[:4], guide.title[:2], "通知")
    if "search-result" in client.get("/search/", {"q": word}, HTTP_HOST=host).content.decode()
)
add("search-results", None, portal_site.root_url + "/search/?q=" + quote(word))
add("search-no-results", None, portal_site.root_url + "/search/?q=%E6%97%A0%E6%AD%A4%E8%AF%8Dqzx")

for language, language_name in (("en", "english"), ("ru", "russian")):
    locale = Locale.objects.get(language_code=language)
    home = portal.get_translation(locale)
    add(f"{language_name}-home", home)
    profile_column = (ColumnPage.objects.live().exact_type(ColumnPage).filter(locale=locale)
                      .exclude(intro="").order_by("path").first())
    add(f"{language_name}-profile", profile_column)
add("english-investment-project",
    newest("content.InvestmentProjectPage", locale=Locale.objects.get(language_code="en")))
add("not-found", None, portal_site.root_url + "/walk-no-such-page/")
print(json.dumps(found))
"""


@dataclass
class Walk:
    port: int
    urls: dict  # entry name -> address
    models: dict  # entry name -> the Page model's label it was found as (None for a view)
    env: dict
    entries: dict  # entry name -> everything PREPARE printed of it


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, timeout=60):
    """(status, headers, body) of a GET of `url` from the walk's server, whatever host it names."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=timeout)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"Host": parts.netloc})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="session")
def walk(demo, tmp_path_factory):
    """The demo served on a free port from a copy of its database (the demo itself is untouched)."""
    demo_env, _printed = demo
    folder = tmp_path_factory.mktemp("walk")
    db = folder / "db.sqlite3"
    shutil.copyfile(demo_env["DATABASE_URL"].removeprefix("sqlite:///"), db)
    port = free_port()
    env = {**demo_env, "DATABASE_URL": f"sqlite:///{db}", "PORT": str(port), "WALK_PORT": str(port)}
    found = run_script(env, PREPARE)
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks", "--insecure"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "tests.accessibility.walk_settings"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        home = found["portal-home"]["url"]
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, "演示服务器未能启动：\n" + Path(log.name).read_text()[-3000:]
            try:
                if fetch(home, timeout=10)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "演示服务器 90 秒内没有应答：\n" + Path(log.name).read_text()[-3000:]
            time.sleep(0.3)
        yield Walk(
            port=port,
            urls={name: entry["url"] for name, entry in found.items()},
            models={name: entry["model"] for name, entry in found.items()},
            env=env,
            entries=found,
        )
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def chromium(walk):
    """Debian's headless Chromium for a module of walk tests (missing: fails in CI, skips elsewhere)."""
    yield from launched_chromium()
