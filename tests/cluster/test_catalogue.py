"""cluster/locale/zh_Hans: compiles, nothing fuzzy or empty, one plural form, and together with the
packages' own zh_Hans catalogues it leaves no msgid of Wagtail, wagtail-localize or Django's installed
apps untranslated (an upgrade that adds strings fails here, listing them)."""

import shutil
import subprocess
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from tests.conftest import missing

LOCALE = Path(settings.BASE_DIR) / "cluster" / "locale" / "zh_Hans" / "LC_MESSAGES"
PACKAGES = ("wagtail", "wagtail_localize", "django")
# The JavaScript catalogues the admin loads (Wagtail's jsi18n, wagtail-localize's, Django's admin widgets).
JS_APPS = ("wagtail.admin", "wagtail_localize", "django.contrib.admin")


def msgfmt():
    path = shutil.which("msgfmt")
    if path is None:
        missing("msgfmt is not installed (Debian's gettext package)")
    return path


def installed_apps():
    return [app for app in apps.get_app_configs() if app.name.split(".")[0] in PACKAGES]


def english_msgids():
    """Every msgid of the installed apps' catalogues, and of Django's own (django/conf/locale)."""
    ids = {entry.msgid for app in installed_apps() for entry in english_entries(app.path, "django")}
    return ids | {entry.msgid for entry in english_entries(Path(django.__file__).parent / "conf", "django")}


def english_entries(app_path, domain):
    path = Path(app_path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete] if path.exists() else []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_catalogue_compiles_and_is_complete_in_itself(domain, tmp_path):
    po = LOCALE / f"{domain}.po"
    subprocess.run([msgfmt(), "--check", "-o", str(tmp_path / "x.mo"), str(po)], check=True, capture_output=True)
    catalogue = polib.pofile(str(po))
    assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert not [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not [entry.msgid for entry in catalogue.untranslated_entries()]
    for entry in catalogue:
        if entry.msgid_plural:
            assert list(entry.msgstr_plural) == [0], entry.msgid
    # The committed .mo is this .po compiled.
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in polib.mofile(str(LOCALE / f"{domain}.mo"))
    }
    expected = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in catalogue}
    assert compiled == expected


def test_every_server_side_msgid_has_chinese():
    translation.activate("zh-hans")
    try:
        catalogue = trans_real.translation("zh-hans")._catalog
        missing = []
        sources = [(app.name, app.path) for app in installed_apps()] + [
            ("django", Path(django.__file__).parent / "conf")
        ]
        for name, path in sources:
            for entry in english_entries(path, "django"):
                key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
                if (key, 0) not in catalogue and key not in catalogue:
                    missing.append(f"{name}: {entry.msgid}")
    finally:
        translation.deactivate()
    assert not missing, f"{len(missing)} msgids without Chinese:\n" + "\n".join(missing)


def test_every_admin_javascript_msgid_has_chinese():
    by_name = {app.name: app for app in apps.get_app_configs()}
    paths = [Path(by_name[name].path) / "locale" for name in JS_APPS]
    catalogue = trans_real.DjangoTranslation("zh-hans", domain="djangojs", localedirs=[str(p) for p in paths])._catalog
    missing = []
    for name, path in zip(JS_APPS, paths, strict=True):
        for entry in english_entries(path.parent, "djangojs"):
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            if (key, 0) not in catalogue and key not in catalogue:
                missing.append(f"{name}: {entry.msgid}")
    assert not missing, f"{len(missing)} JavaScript msgids without Chinese:\n" + "\n".join(missing)


def test_our_catalogue_only_adds_or_rewords():
    """A msgid here overrides the packages' translation: each is missing there, or a listed rewording."""
    reworded = {
        "What's new in Wagtail %(version)s",
        "The name of the page as it will appear in URLs e.g http://domain.com/blog/[my-slug]/",
    }
    ours = polib.pofile(str(LOCALE / "django.po"))
    english = english_msgids()
    unknown = [entry.msgid for entry in ours if entry.msgid not in english]
    assert not unknown, "msgids no installed package has (left over after an upgrade?):\n" + "\n".join(unknown)
    assert {entry.msgid for entry in ours if entry.comment.startswith("reworded")} == reworded
