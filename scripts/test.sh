#!/usr/bin/env bash
# The whole suite: PostgreSQL and Elasticsearch (DATABASE_URL and ELASTICSEARCH_URL, or throwaway
# servers) and Debian's headless Chromium.
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

if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing Debian's Java runtime (the Nu HTML checker)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "test: java is not installed and we are not root; the HTML check will say so" >&2
  fi
fi

.venv/bin/ruff check .
exec scripts/with-postgres.sh scripts/with-elasticsearch.sh .venv/bin/pytest "$@"
