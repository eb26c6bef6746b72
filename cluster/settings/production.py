"""Production: every value comes from the environment; a missing secret stops start-up."""

import os
from datetime import timedelta

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *


def env(name, default=None):
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
# Health checks: a connection that a database restart broke is replaced, not reused for an error.
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=600, conn_health_checks=True)}
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")

REDIS_URL = env("REDIS_URL")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
Q_CLUSTER = {**Q_CLUSTER, "redis": REDIS_URL, "workers": int(os.environ.get("Q_WORKERS", "4"))}
Q_CLUSTER.pop("orm")
TASKS = {"default": {"BACKEND": "cluster.tasks.DjangoQ2TaskBackend"}}
WAGTAILLOCALIZE_JOBS = {"BACKEND": "translations.jobs.DjangoQ2JobBackend"}


# The front cache's nodes, each purged on every change: nginx addresses, comma-separated.
WAGTAILFRONTENDCACHE = {
    f"node{i}": {"BACKEND": "frontcache.backends.NginxPurgeBackend", "LOCATION": location.strip()}
    for i, location in enumerate(os.environ.get("FRONT_CACHE_NODES", "").split(","))
    if location.strip()
}
FRONT_CACHE_SECONDS = int(os.environ.get("FRONT_CACHE_SECONDS", "600"))

# Static files are served by WhiteNoise behind nginx, with hashed names so they can be cached for long.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env("MEDIA_ROOT", str(BASE_DIR / "media"))
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media"))
BACKUP_ROOT = env("BACKUP_ROOT", str(BASE_DIR / "backup-sets"))
BACKUP_KEEP = int(env("BACKUP_KEEP", "7"))
# nginx's internal location that sends an uploaded file once Django has allowed it (docker/nginx/);
# empty when no nginx is in front.
FILES_ACCEL_REDIRECT = os.environ.get("FILES_ACCEL_REDIRECT", "/protected-media/")
STATIC_ROOT = env("STATIC_ROOT", str(BASE_DIR / "static"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")  # for the file backend of a test stack
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") == "1"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@localhost")

# Where the availability probes send each site's request (with the site's Host header); empty: the
# sites' public addresses.
ASSURANCE_PROBE_ORIGIN = os.environ.get("ASSURANCE_PROBE_ORIGIN", "")
# The tamper watch checks a page this many seconds after it is published (assurance.tamper).
ASSURANCE_TAMPER_DELAY = int(os.environ.get("ASSURANCE_TAMPER_DELAY", "15"))

# The units that charge 信息处理费 for disclosure on request: their web addresses, comma-separated.
DISCLOSURE_FEES_CHARGED = {
    a.strip(): True for a in os.environ.get("DISCLOSURE_FEES_CHARGED", "").split(",") if a.strip()
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = True
SESSION_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Staff identity (等保 2.0 level 3): on unless the environment says otherwise.
ACCOUNTS_REQUIRE_2FA = os.environ.get("ACCOUNTS_REQUIRE_2FA", "1") == "1"
ACCOUNTS_ENFORCE_PASSWORD_CHANGE = os.environ.get("ACCOUNTS_ENFORCE_PASSWORD_CHANGE", "1") == "1"
ACCOUNTS_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("ACCOUNTS_PASSWORD_MAX_AGE_DAYS", "90"))
ACCOUNTS_IDLE_TIMEOUT = int(os.environ.get("ACCOUNTS_IDLE_TIMEOUT", str(30 * 60)))
SESSION_COOKIE_AGE = 2 * ACCOUNTS_IDLE_TIMEOUT
ACCOUNTS_LOG_RETENTION_DAYS = int(os.environ.get("ACCOUNTS_LOG_RETENTION_DAYS", "183"))
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
# nginx of docker/compose.yaml; its address as the web container sees it (comma-separated).
ACCOUNTS_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
