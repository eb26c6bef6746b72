"""The demo's fixtures, `demo_env` and `demo`, are in tests/conftest.py: tests/accessibility serves the same build."""
