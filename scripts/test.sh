#!/usr/bin/env bash
# The whole suite: PostgreSQL and Elasticsearch (DATABASE_URL and ELASTICSEARCH_URL, or throwaway
# servers), Debian's headless Chromium and gettext (msgfmt checks cluster/locale).
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

if ! command -v msgfmt >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing Debian's gettext" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
  else
    echo "test: gettext is not installed and we are not root; tests/cluster/test_catalogue.py will say so" >&2
  fi
fi

.venv/bin/ruff check .
exec scripts/with-postgres.sh scripts/with-elasticsearch.sh .venv/bin/pytest "$@"
