"""The production stack (scripts/production-stack.sh) brought up once for tests/production.

It runs PostgreSQL, Redis, Elasticsearch, gunicorn on cluster.settings.production, the django-q2
worker and nginx from the machine's packages, with the demo cluster loaded. In CI a stack that
cannot start fails the tests; elsewhere, without root to install nginx or Redis, they are skipped.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import in_ci

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "production-stack.sh"
# Short, so a test can see a copy go stale; purges, not expiry, make changes visible.
CACHE_SECONDS = 5


class Stack:
    def __init__(self, directory, port):
        self.dir = directory
        self.port = port
        self.env = {**os.environ, "STACK_DIR": str(directory), "STACK_PORT": str(port)}
        self.env["FRONT_CACHE_SECONDS"] = str(CACHE_SECONDS)
        for name in ("DATABASE_URL", "ELASTICSEARCH_URL", "DJANGO_SETTINGS_MODULE"):
            self.env.pop(name, None)  # the test run's own servers; the stack has its own

    def run(self, *args, timeout=900):
        result = subprocess.run(
            [str(SCRIPT), *args], env=self.env, capture_output=True, text=True, timeout=timeout, cwd=ROOT
        )
        assert result.returncode == 0, f"production-stack.sh {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def python(self, code):
        """Run Django code in the stack (production settings); returns what it printed."""
        return self.run("manage", "shell", "-c", code).strip().splitlines()[-1] if code else ""

    def setting(self, name):
        for line in (self.dir / "env").read_text().splitlines():
            if line.startswith(f"{name}="):
                return line.split("=", 1)[1]
        raise KeyError(name)

    def get(self, url, **kwargs):
        """GET a site's address (http://host:port/path) through nginx."""
        parts = httpx.URL(url)
        return httpx.get(
            f"http://127.0.0.1:{self.port}{parts.raw_path.decode()}",
            headers={"Host": parts.host, **kwargs.pop("headers", {})},
            timeout=30,
            **kwargs,
        )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def stack():
    if not in_ci() and os.geteuid() != 0 and not (shutil.which("nginx") and shutil.which("redis-server")):
        pytest.skip("the production stack needs nginx and redis-server (or root to install them)")
    # Not under pytest's own folder: nginx's workers (www-data when we are root) must reach it.
    stack = Stack(Path(tempfile.mkdtemp(prefix="zhanqun-stack-")), free_port())
    os.chmod(stack.dir, 0o755)
    started = time.monotonic()
    try:
        stack.run("up", timeout=1800)
        print(f"production stack up in {time.monotonic() - started:.0f} s")
        yield stack
    finally:
        subprocess.run([str(SCRIPT), "down"], env=stack.env, capture_output=True, timeout=300, cwd=ROOT)
        shutil.rmtree(stack.dir, ignore_errors=True)
