"""The production stack (scripts/production-stack.sh) for bench/serving.py and bench/load.py.

    with Stack() as stack:      # brings up what is not running, stops only that again at the end
        stack.settings["WEB_PORT"], stack.shell_json(code), stack.url("/feed/")

STACK_DIR (default /tmp/zq-bench-stack) and STACK_PORT (default 8090), as the script takes them.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "production-stack.sh"
SERVICES = ("postgres", "redis", "elasticsearch", "web", "worker", "nginx")
MARK = "BENCH-JSON "


class Stack:
    def __init__(self):
        self.dir = Path(os.environ.get("STACK_DIR", "/tmp/zq-bench-stack"))
        self.env = {**os.environ, "STACK_DIR": str(self.dir), "STACK_PORT": os.environ.get("STACK_PORT", "8090")}
        self.started = []
        self.settings = {}

    def run(self, *args, capture=False):
        return subprocess.run(
            [str(SCRIPT), *args], env=self.env, cwd=ROOT, check=True, text=True, capture_output=capture
        )

    def services(self):
        out = subprocess.run([str(SCRIPT), "status"], env=self.env, cwd=ROOT, text=True, capture_output=True).stdout
        states = dict(line.split()[:2] for line in out.splitlines() if line.split()[:1] and line.split()[0] in SERVICES)
        return {name: states.get(name) == "running" for name in SERVICES}

    def __enter__(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        self.dir.chmod(0o755)  # nginx's workers (www-data) read the static files below it
        before = self.services()
        if not before["elasticsearch"] and (left := self.elasticsearch_pids()):
            raise SystemExit(
                f"an Elasticsearch of {self.dir} is still running (pids {' '.join(map(str, left))}) though the stack "
                "says it is stopped: production-stack.sh's stop leaves its JVM behind. End it and run again."
            )
        if not all(before.values()):
            print(f"stack: bringing up {self.dir} (stopped: {', '.join(n for n, up in before.items() if not up)})")
            self.started = [name for name, up in before.items() if not up]
            try:
                self.run("up", capture=True)
            except subprocess.CalledProcessError as error:
                sys.stderr.write(error.stdout + error.stderr)
                self.__exit__(None, None, None)
                raise
        for line in (self.dir / "env").read_text().splitlines():
            key, sep, value = line.partition("=")
            if sep:
                self.settings[key] = value
        return self

    def __exit__(self, *exc):
        for name in reversed(self.started):  # as `down` does, but only what was not running before
            jvm = self.elasticsearch_pids() if name == "elasticsearch" else []
            subprocess.run([str(SCRIPT), "stop", name], env=self.env, cwd=ROOT, capture_output=True)
            self.end(jvm)
        if self.started:
            print(f"stack: stopped again ({', '.join(reversed(self.started))})")
        self.started = []

    def elasticsearch_pids(self):
        """The stack's Elasticsearch processes (launcher and JVM), found by their data folder."""
        data = f"path.data={self.dir}/es/data".encode()
        launchers, parents = [], {}
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                if data in (proc / "cmdline").read_bytes().split(b"\0"):
                    launchers.append(int(proc.name))
                parents[int(proc.name)] = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
        return sorted({*launchers, *(pid for pid, parent in parents.items() if parent in launchers)})

    @staticmethod
    def end(pids):
        """`production-stack.sh stop elasticsearch` ends the shell that started it, not the JVM it ran:
        the JVM (ours, started by `up` above) is ended here, as Elasticsearch asks, by SIGTERM."""
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for _ in range(150):
            if not any(Path(f"/proc/{pid}").exists() for pid in pids):
                return
            time.sleep(0.2)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    @property
    def port(self):
        return int(self.settings["STACK_PORT"])

    def url(self, path, port=None):
        return f"http://127.0.0.1:{port or self.port}{path}"

    def shell_json(self, code):
        """Runs code in `manage shell` with the stack's settings; the value it prints with emit() comes back."""
        code = f"import json\ndef emit(value): print({MARK!r} + json.dumps(value))\n{code}"
        out = self.run("manage", "shell", "-c", code, capture=True).stdout
        lines = [line for line in out.splitlines() if line.startswith(MARK)]
        return json.loads(lines[-1][len(MARK) :])

    def service(self, action, name):
        self.run(action, name, capture=True)


def fetch(url, host, headers=None):
    """GET url with that Host header: (status, headers, body)."""
    request = urllib.request.Request(url, headers={"Host": host, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
