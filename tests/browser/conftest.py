"""The `browser` fixture is in tests/conftest.py: tests outside tests/browser (tests/cluster) drive Chromium too."""
