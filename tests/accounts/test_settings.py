"""Production turns every identity rule on; the demo keeps its documented logins."""

import os
import subprocess
import sys

from tests.cluster.test_settings import PRODUCTION_ENV, ROOT

PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.ACCOUNTS_REQUIRE_2FA, s.ACCOUNTS_ENFORCE_PASSWORD_CHANGE, s.ACCOUNTS_PASSWORD_MAX_AGE_DAYS, "
    "s.ACCOUNTS_IDLE_TIMEOUT, s.ACCOUNTS_LOG_RETENTION_DAYS, s.AXES_FAILURE_LIMIT, "
    "int(s.AXES_COOLOFF_TIME.total_seconds()), s.AXES_LOCKOUT_PARAMETERS == ['username', 'ip_address'], "
    "s.AUTHENTICATION_BACKENDS[0], s.MIDDLEWARE[-1], s.SESSION_SAVE_EVERY_REQUEST, s.ACCOUNTS_TRUSTED_PROXIES)"
)


def settings_of(env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("ACCOUNTS_", "AXES_", "DJANGO_SETTINGS"))}
    clean.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_turns_everything_on():
    assert settings_of({**PRODUCTION_ENV, "TRUSTED_PROXIES": "172.28.0.80"}) == [
        "True",
        "True",
        "90",
        "1800",
        "183",
        "5",
        "1800",
        "True",
        "axes.backends.AxesStandaloneBackend",
        "axes.middleware.AxesMiddleware",
        "True",
        "['172.28.0.80']",
    ]


def test_the_demo_keeps_its_logins_but_locks_and_logs():
    values = settings_of({"DJANGO_SETTINGS_MODULE": "cluster.settings.dev"})
    assert values[:3] == ["False", "False", "None"]
    assert values[5:9] == ["5", "1800", "True", "axes.backends.AxesStandaloneBackend"]
