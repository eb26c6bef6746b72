"""The production shape: what can be checked without a Docker engine, and `docker compose config` where it exists."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

DOCKER = Path(__file__).resolve().parents[2] / "docker"
REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "WAGTAILADMIN_BASE_URL"]


def compose():
    return yaml.safe_load((DOCKER / "compose.yaml").read_text())


def test_compose_runs_the_whole_stack_on_the_production_settings():
    services = compose()["services"]
    assert {"web", "worker", "migrate", "db", "redis", "elasticsearch", "nginx"} <= set(services)
    assert "gunicorn cluster.wsgi:application" in " ".join(services["web"]["command"])
    assert services["worker"]["command"] == ["python", "manage.py", "qcluster"]
    for name in ("web", "worker", "migrate"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "cluster.settings.production"
        assert set(REQUIRED) <= set(env), name
    assert services["elasticsearch"]["image"].split(":")[-1].startswith("8.")


def test_every_variable_the_production_settings_read_is_documented():
    settings_text = (DOCKER.parent / "cluster" / "settings" / "production.py").read_text()
    read = set(re.findall(r'env\("([A-Z_]+)"', settings_text)) | set(
        re.findall(r'os\.environ\.get\("([A-Z_]+)"', settings_text)
    )
    example = (DOCKER / "env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", example, flags=re.M))
    assert read <= documented, read - documented


@pytest.mark.skipif(
    not shutil.which("docker") or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="the docker compose plugin is not installed here",
)
def test_docker_compose_config_accepts_the_file(tmp_path):
    env = tmp_path / ".env"
    env.write_text(
        "SECRET_KEY=x\nALLOWED_HOSTS=localhost\nPOSTGRES_PASSWORD=x\nWAGTAILADMIN_BASE_URL=http://localhost\n"
    )
    result = subprocess.run(
        ["docker", "compose", "--env-file", str(env), "-f", str(DOCKER / "compose.yaml"), "config", "--quiet"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
