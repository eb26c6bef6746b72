import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from columns.models import ColumnPage
from sites.models import SiteGroup
from sites.provisioning import provision_portal, provision_site
from sites.routing import own_pages_q
from tests.demo.build import manage
from tests.factories import UserFactory
from workdays.models import CalendarDay
from workdays.seeding import seed as seed_calendar

BASE_SITES = [
    # parent, level, name, hostname
    ("localhost", "county", "集贤县人民政府", "jixian.localhost"),
    ("localhost", "county", "友谊县人民政府", "youyi.localhost"),
    ("localhost", "district", "尖山区人民政府", "jianshan.localhost"),
    ("jixian.localhost", "township", "集贤县福利镇人民政府", "fuli.jixian.localhost"),
]


def ensure_wagtail_roots():
    """A transactional test's flush also empties what Wagtail's and wagtail-localize's migrations
    wrote (roots, locales, the submit_translation permission); put it back."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="全部站点", slug="root", live=True))  # sites 0006
    if not Collection.get_first_root_node():
        Collection.add_root(name="全部媒体")
    translation_type, _ = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    Permission.objects.get_or_create(
        content_type=translation_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    if not CalendarDay.objects.exists():
        seed_calendar(CalendarDay)


def build_base_cluster():
    ensure_wagtail_roots()
    provision_portal(name="双鸭山市人民政府", hostname="localhost", code="2305000001")
    for parent, level, name, hostname in BASE_SITES:
        provision_site(parent=parent, level=level, name=name, hostname=hostname)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The portal, two counties, a district and a township, built once for the whole run."""
    with django_db_blocker.unblock():
        build_base_cluster()


@pytest.fixture(autouse=True)
def empty_cache():
    """Wagtail caches the site root paths; a rolled-back test must not leave its sites in them."""
    cache.clear()


@pytest.fixture
def sites(db):
    return {
        "portal" if s.is_default_site else s.hostname.split(".")[0]: s
        for s in Site.objects.select_related("root_page", "profile")
    }


@pytest.fixture
def column(sites):
    """column(site_key, column_key) -> the ColumnPage of that site."""

    def get(site_key, key):
        return ColumnPage.objects.filter(own_pages_q(sites[site_key])).get(column_key=key)

    return get


@pytest.fixture
def staff(sites):
    """staff(site_key, role="editor", **fields) -> a member of that site's group for the role."""

    def make(site_key, role="editor", **fields):
        group = SiteGroup.objects.get(profile__site=sites[site_key], role=role).group
        return UserFactory(groups=[group], **fields)

    return make


def in_ci():
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing(message):
    """A part the test needs is not on this machine: a failure in CI, a skip elsewhere."""
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def launched_chromium():
    """Debian's headless Chromium driven by Playwright, for a fixture to `yield from`."""
    executable = chromium_path()
    if executable is None:
        missing("Chromium is not installed (make test installs Debian's chromium package as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser():
    """Debian's headless Chromium; missing, it fails in CI and skips elsewhere.

    Request it after the fixtures that write to the database: Playwright runs an event loop in
    this thread, and the ORM refuses to work beside it.
    """
    yield from launched_chromium()


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory):
    """The demo's environment: its own SQLite file and media folder (shared by tests/demo and
    tests/accessibility, so the demo is built once per run)."""
    db = tmp_path_factory.mktemp("demo") / "db.sqlite3"
    return {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "cluster.settings.dev",
        "DATABASE_URL": f"sqlite:///{db}",
        "MEDIA_ROOT": str(db.parent / "media"),
    }


@pytest.fixture(scope="session")
def demo(demo_env):
    """The demo built once for the run, on SQLite: (its environment, what the first build printed)."""
    manage(demo_env, "migrate", "--noinput")
    return demo_env, manage(demo_env, "demo_cluster", "--port", "8000")


# Tests that share one costly session fixture run on one worker when the suite runs in parallel
# (scripts/test.sh: pytest-xdist, --dist loadgroup): the demo cluster is built once, the production
# stack brought up once.
SHARED_FIXTURE_GROUPS = {"demo": "demo", "demo_env": "demo", "walk": "demo", "stack": "production"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        groups = sorted({SHARED_FIXTURE_GROUPS[name] for name in item.fixturenames if name in SHARED_FIXTURE_GROUPS})
        if groups:
            item.add_marker(pytest.mark.xdist_group(groups[0]))
