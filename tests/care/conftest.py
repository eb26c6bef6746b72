# The demo served for the resident-page walk, and its Chromium.
from tests.accessibility.conftest import chromium, walk  # noqa: F401
