import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cluster.settings.production",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "www.shuangyashan.gov.cn,.shuangyashan.gov.cn",
    "DATABASE_URL": "postgres://zhanqun:secret@db.internal:5432/zhanqun",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "WAGTAILADMIN_BASE_URL": "https://www.shuangyashan.gov.cn",
}
PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['HOST'], s.CACHES['default']['LOCATION'], "
    "s.TASKS['default']['BACKEND'], s.Q_CLUSTER['redis'])"
)


def run(env):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_reads_everything_from_the_environment():
    result = run(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['www.shuangyashan.gov.cn',",
        "'.shuangyashan.gov.cn']",
        "db.internal",
        "redis://redis.internal:6379/0",
        "cluster.tasks.DjangoQ2TaskBackend",
        "redis://redis.internal:6379/0",
    ]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_with_a_missing_secret(missing):
    result = run({k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    assert result.returncode != 0
    assert f"Set the environment variable {missing}." in result.stderr
