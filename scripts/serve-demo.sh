#!/usr/bin/env bash
# Serve the demo: a django-q2 worker in the background, Django's server in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=cluster.settings.dev
PORT=${PORT:-8000}
.venv/bin/python manage.py qcluster &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
echo "门户: http://localhost:$PORT/   集贤县: http://jixian.localhost:$PORT/   后台: http://localhost:$PORT/admin/ (admin / \${DEMO_PASSWORD:-zhanqun-demo})"
.venv/bin/python manage.py runserver "0.0.0.0:$PORT"
