#!/usr/bin/env bash
# The whole suite: PostgreSQL and Elasticsearch (DATABASE_URL and ELASTICSEARCH_URL, or throwaway
# servers), Debian's headless Chromium, Java (the Nu HTML checker) and gettext (msgfmt checks
# cluster/locale).
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests measure layout (reflow, target sizes): Chinese text must be set in a real CJK
# face, the one site.css names first on Linux, not in boxes of a fallback's width.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing Debian's chromium and fonts-noto-cjk" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "test: chromium or fonts-noto-cjk is not installed and we are not root; the browser tests will say so" >&2
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

if ! command -v msgfmt >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "test: installing Debian's gettext" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
  else
    echo "test: gettext is not installed and we are not root; tests/cluster/test_catalogue.py will say so" >&2
  fi
fi

.venv/bin/ruff check .
# Two workers (TEST_WORKERS; 0 runs in this process): each has its own test database and search
# index; the tests sharing the demo or the production stack stay on one (tests/conftest.py).
exec scripts/with-postgres.sh scripts/with-elasticsearch.sh \
  .venv/bin/pytest -n "${TEST_WORKERS:-2}" --dist loadgroup --durations=20 "$@"
