#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL. When DATABASE_URL is already set it is
# used as it is; otherwise a throwaway server is started from the machine's PostgreSQL binaries
# (installing Debian's postgresql package first when they are missing and we are root) and
# stopped, its data removed, when the command ends.
set -euo pipefail

if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi
. "$(dirname "$0")/lib/services.sh"

PG_DIR=$(mktemp -d /tmp/zhanqun-pg.XXXXXX)
PG_PORT=${PG_PORT:-$(free_port)}
stop_pg() {
  pg_stop "$PG_DIR" immediate
  rm -rf "$PG_DIR"
}
trap stop_pg EXIT

# shared_buffers as a production server would size it for the bench's search index (~700 MB);
# PostgreSQL's default of 128 MB makes every search re-read it from the kernel's cache.
PG_FAST=1 pg_start "$PG_DIR" "$PG_PORT"

export DATABASE_URL="postgres://zhanqun@127.0.0.1:$PG_PORT/zhanqun"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
"$@"
