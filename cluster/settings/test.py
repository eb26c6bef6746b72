"""Tests run on PostgreSQL (DATABASE_URL); background work runs immediately, in-process."""

import os

from .base import *

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".cache" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".cache" / "test-private-media"
BACKUP_ROOT = BASE_DIR / ".cache" / "test-backups"
CAPTCHA_TEST_MODE = False  # tests read the stored answer (captcha.models.CaptchaStore)

if not os.environ.get("DATABASE_URL") and os.environ.get("CI"):
    raise RuntimeError("CI runs the tests on PostgreSQL: DATABASE_URL must be set (make test does it).")

# Pages are indexed in the database engine only; tests of the Elasticsearch engine turn it on with
# the node `make test` starts (ELASTICSEARCH_URL), under an index name of their own.
SEARCH_ELASTICSEARCH_URL = ""
TEST_ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX = "test-zhanqun-pages"

# Most tests log staff in with force_login and act at once; tests/accounts turn these on.
ACCOUNTS_PASSWORD_MAX_AGE_DAYS = None
ACCOUNTS_ENFORCE_PASSWORD_CHANGE = False
ACCOUNTS_REQUIRE_2FA = False
