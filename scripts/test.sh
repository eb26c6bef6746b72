#!/usr/bin/env bash
# The whole suite: PostgreSQL (DATABASE_URL, or a throwaway server) and Debian's headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing Debian's chromium" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: chromium is not installed and we are not root; the browser tests will say so" >&2
  fi
fi

.venv/bin/ruff check .
exec scripts/with-postgres.sh .venv/bin/pytest "$@"
