import shutil

import pytest

from tests.conftest import in_ci

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


@pytest.fixture
def browser():
    """Debian's headless Chromium driven by Playwright; missing Chromium fails in CI, skips elsewhere.

    Request it after the fixtures that write to the database: Playwright runs an event loop in
    this thread, and the ORM refuses to work beside it.
    """
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed (make test installs Debian's chromium package as root)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
