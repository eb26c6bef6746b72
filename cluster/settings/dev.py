"""The embedded default: SQLite, database search, django-q2 on its ORM broker, local-memory cache."""

import os

from .base import *

DEBUG = True
SECRET_KEY = "dev-only-not-secret"
ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1"]

TASKS = {"default": {"BACKEND": "cluster.tasks.DjangoQ2TaskBackend"}}
WAGTAILLOCALIZE_JOBS = {"BACKEND": "translations.jobs.DjangoQ2JobBackend"}
Q_CLUSTER = {**Q_CLUSTER, "workers": 1}  # SQLite has one writer at a time
# The availability probes reach every subsite's virtual host through the demo server itself.
ASSURANCE_PROBE_ORIGIN = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"

# The demo keeps its documented passwords and logins (README): no forced change, no expiry, no
# second factor. Lockout and the security log stay on.
ACCOUNTS_PASSWORD_MAX_AGE_DAYS = None
ACCOUNTS_ENFORCE_PASSWORD_CHANGE = False
ACCOUNTS_REQUIRE_2FA = False
