"""Settings shared by every environment; dev, test and production override what differs."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "accounts",
    "home",
    "sites",
    "columns",
    "content",
    "search",
    "translations",
    "assurance",
    "linkcheck",
    "submissions",
    "proofreading",
    "review",
    "keeping",
    "workdays",
    "interaction",
    "solicitation",
    "disclosure",
    "annualreports",
    "websitereports",
    "files",
    "frontcache",
    "backups",
    "care",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_q",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "captcha",  # last: its zh_Hans catalogue would otherwise reword Django's and Wagtail's messages
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the session and CSRF middleware: it sees the cookies they set.
    "frontcache.middleware.FrontCacheMiddleware",
    "care.middleware.CareVersionMiddleware",  # inside the front cache: ?care= pages are not shared
    "sites.middleware.SiteCacheMiddleware",  # before anything asks for the request's site
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.RequestContextMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.AccountGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sites.middleware.ConsolidatedHostRedirectMiddleware",
    "sites.middleware.ClosedSiteRedirectMiddleware",
    "translations.middleware.TranslationScopeMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into the login page that says so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cluster.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cluster" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "translations.context_processors.language",
                "care.context_processors.care",
            ],
        },
    },
]

WSGI_APPLICATION = "cluster.wsgi.application"

DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default shares one SQLite file between the web process and the django-q2
    # worker: write-ahead logging and immediate write transactions keep them from locking out.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked account or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Staff identity, 等保 2.0 level 3 (GB/T 22239-2019 §8.1.4.1); the README's table explains each.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterKindsValidator", "OPTIONS": {"min_kinds": 3}},
    {"NAME": "accounts.validators.PasswordHistoryValidator", "OPTIONS": {"count": 5}},
]
ACCOUNTS_PASSWORD_MAX_AGE_DAYS = 90  # 0 or None: passwords do not expire
ACCOUNTS_ENFORCE_PASSWORD_CHANGE = True  # change at first login and after an administrator sets one
ACCOUNTS_REQUIRE_2FA = True  # TOTP for superusers and the city's staff (the portal's groups)
ACCOUNTS_IDLE_TIMEOUT = 30 * 60  # seconds without a request before the session ends
ACCOUNTS_LOG_RETENTION_DAYS = 183  # the security log is kept at least six months
# Addresses of the reverse proxies whose X-Forwarded-For is believed (addresses or networks).
ACCOUNTS_TRUSTED_PROXIES = []
# accounts.middleware.IdleTimeoutMiddleware ends idle sessions (and logs it); the session store
# drops what it never saw again.
SESSION_COOKIE_AGE = 2 * ACCOUNTS_IDLE_TIMEOUT
SESSION_SAVE_EVERY_REQUEST = True
OTP_TOTP_ISSUER = "站群"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Each account and each address on its own: five failures lock the account from anywhere, and
# the address for every account.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_ip"
AXES_RESET_ON_SUCCESS = False

LANGUAGE_CODE = "zh-hans"
# Chinese is the source; English and Russian translate the portal's TRANSLATED_CHANNELS.
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文"), ("en", "English"), ("ru", "Русский")]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "cluster" / "locale"]
# Slugs of the portal channels that have English and Russian versions (seed 001: 外文版).
TRANSLATED_CHANNELS = ["city-profile", "investment"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_DIRS = [BASE_DIR / "cluster" / "static"]
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# Residents' attachments: never under MEDIA_ROOT, never served by the web server.
PRIVATE_MEDIA_ROOT = BASE_DIR / "private-media"
# Backup sets (manage.py backup, nightly at 02:30): the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT.
# Not BASE_DIR / "backups": that is the app's own folder.
BACKUP_ROOT = BASE_DIR / "backup-sets"
BACKUP_KEEP = 7  # complete sets kept; older ones are deleted after each backup
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# What every page of a site repeats (sites.caching) is rebuilt as soon as it changes; the timeout
# only bounds what a change made behind Django's back (an SQL UPDATE) leaves cached.
SITE_CACHE_TIMEOUT = 60 * 60

# The front cache (nginx, docker/nginx/site.conf.template) keeps residents' pages this long; a
# change purges what shows it at once (frontcache), so this only bounds what no purge names
# (a listing's later pages, the pages below a moved column).
FRONT_CACHE_SECONDS = 600
# Cache nodes to purge (wagtail.contrib.frontend_cache backends); production lists them.
WAGTAILFRONTENDCACHE = {}
# frontcache names every language's address itself.
WAGTAILFRONTENDCACHE_LANGUAGES = []

WAGTAIL_SITE_NAME = "站群"
# The admin is Chinese for every member of staff, whatever their browser asks for: no other
# language to choose in their account (cluster/locale/zh_Hans supplies what Wagtail leaves untranslated).
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]  # the city's one time zone: nothing to choose either
# 三审三校: the last approval publishes, whoever gives it (the city group has no publish right).
WAGTAIL_FINISH_WORKFLOW_ACTION = "review.workflows.publish_workflow_state"
# Each stage's mail goes to that site's reviewers; the city's administrators are not copied on
# every item of a hundred sites.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILADMIN_BASE_URL = "http://localhost:8000"
# The admin's own search. Residents' search is the search app, configured below.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Residents' search: Elasticsearch when ELASTICSEARCH_URL is set, the database otherwise (and as
# the fallback while Elasticsearch is down).
SEARCH_ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX = os.environ.get("SEARCH_INDEX", "zhanqun-pages")
SEARCH_INDEX_REPLICAS = int(os.environ.get("SEARCH_INDEX_REPLICAS", "0"))
SEARCH_LOG_RETENTION_DAYS = 400  # what residents searched (search.log), for a year's comparison
# Documents and images are served by Django views that answer only files a live page uses, or the
# staff who may choose them (files/); FILES_ACCEL_REDIRECT hands the sending to nginx.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
SENDFILE_BACKEND = "files.sendfile"
FILES_ACCEL_REDIRECT = ""
WAGTAILDOCS_EXTENSIONS = ["csv", "doc", "docx", "pdf", "ppt", "pptx", "rtf", "txt", "xls", "xlsx", "zip"]

# Wagtail's own background work (search index, reference index) goes through django-tasks;
# production sends it to django-q2 through cluster.tasks.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILLOCALIZE_JOBS = {"BACKEND": "translations.jobs.ImmediateJobBackend"}

Q_CLUSTER = {
    "name": "zhanqun",
    "orm": "default",
    "workers": 2,
    # The weekly link check of the whole cluster runs for long under its per-host politeness;
    # retry must exceed timeout, or the broker hands a running task out again.
    "timeout": 3600,
    "retry": 3700,
    "max_attempts": 5,
    "catch_up": False,
}

# 防篡改 (assurance.tamper): each live item page as residents get it (through
# ASSURANCE_PROBE_ORIGIN, or the site's own address) against the platform's own rendering. A page is
# checked ASSURANCE_TAMPER_DELAY seconds after it is published, and a mismatch is checked again that
# long after it is seen before it counts: longer than the front cache keeps a page.
ASSURANCE_TAMPER_DELAY = 15
ASSURANCE_TAMPER_CONCURRENCY = 8  # requests in flight in the nightly run
ASSURANCE_TAMPER_PER_HOST = 2  # of them to one site
ASSURANCE_TAMPER_MAX_BYTES = 2 * 1024 * 1024  # a public copy larger than this is not read further

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "noreply@localhost"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# 互动交流: letters' clocks in working days (workdays.calendar), per kind; a site's profile may
# override them in INTERACTION_SITE_LIMITS[hostname or web address].
INTERACTION_ACCEPT_DAYS = 2
INTERACTION_REPLY_DAYS = {"consultation": 5, "help": 5, "suggestion": 5, "complaint": 7}
INTERACTION_EXTENDED_REPLY_DAYS = 15
INTERACTION_SITE_LIMITS = {}
INTERACTION_REMIND_DAYS_BEFORE = 2
INTERACTION_ERROR_REPORT_DAYS = 3
# Abuse limits of residents' forms: at most this many letters per address and per phone number
# in a rolling day.
INTERACTION_LETTERS_PER_ADDRESS_PER_DAY = 5
INTERACTION_LETTERS_PER_PHONE_PER_DAY = 3
INTERACTION_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
INTERACTION_ATTACHMENT_MAX_COUNT = 3
INTERACTION_TITLE_MAX = 50
INTERACTION_CONTENT_MAX = 2000
INTERACTION_ERROR_REPORTS_PER_ADDRESS_PER_DAY = 5
# 意见征集: a comment's length and the comments per address in a rolling day.
SOLICITATION_COMMENT_MAX = 1000
SOLICITATION_COMMENTS_PER_ADDRESS_PER_DAY = 10
# 信件查询: failed number+code attempts per address in a window, against guessing codes.
INTERACTION_LOOKUP_ATTEMPTS = 10
INTERACTION_LOOKUP_WINDOW_SECONDS = 600
# 依申请公开 (政府信息公开条例 2019), in working days: 补正 notice within 7 (art. 30), answer
# within 20 (art. 33), one extension of at most 20, a third party's 15 (art. 32). The applicant's
# period to clarify and to pay a fee are the office's to set; these are the defaults.
DISCLOSURE_CLARIFY_NOTICE_DAYS = 7
DISCLOSURE_ANSWER_DAYS = 20
DISCLOSURE_MAX_EXTENSION_DAYS = 20
DISCLOSURE_THIRD_PARTY_DAYS = 15
DISCLOSURE_CLARIFY_PERIOD_DAYS = 15
DISCLOSURE_FEE_PAYMENT_DAYS = 20
DISCLOSURE_REMIND_DAYS_BEFORE = 5
# Abuse limits of the online application form (rolling day), its attachments and text lengths.
DISCLOSURE_APPLICATIONS_PER_ADDRESS_PER_DAY = 5
DISCLOSURE_APPLICATIONS_PER_PHONE_PER_DAY = 5
DISCLOSURE_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
DISCLOSURE_ATTACHMENT_MAX_COUNT = 5
DISCLOSURE_DESCRIPTION_MAX = 2000
# Units that charge 信息处理费 (国办函〔2020〕109号), by web address (e.g. "jixian.localhost"): True.
DISCLOSURE_FEES_CHARGED = {}
CAPTCHA_FONT_SIZE = 30
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes
