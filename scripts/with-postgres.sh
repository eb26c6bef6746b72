#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL. When DATABASE_URL is already set it is
# used as it is; otherwise a throwaway server is started from the machine's PostgreSQL binaries
# (installing Debian's postgresql package first when they are missing and we are root) and
# stopped, its data removed, when the command ends.
set -euo pipefail

if [ -n "${DATABASE_URL:-}" ]; then
  exec "$@"
fi

find_pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

PG_BIN=$(find_pg_bin)
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "with-postgres: installing Debian's postgresql package" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN=$(find_pg_bin)
  fi
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
  echo "with-postgres: no PostgreSQL server binaries found; install postgresql or set DATABASE_URL" >&2
  exit 1
fi

PG_DIR=$(mktemp -d /tmp/zhanqun-pg.XXXXXX)
PG_PORT=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$PG_DIR"
  RUN_AS=(runuser -u postgres --)
fi

stop_pg() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_pg EXIT

# shared_buffers as a production server would size it for the bench's search index (~700 MB);
# PostgreSQL's default of 128 MB makes every search re-read it from the kernel's cache.
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U zhanqun --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=1GB" start >/dev/null
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U zhanqun zhanqun

export DATABASE_URL="postgres://zhanqun@127.0.0.1:$PG_PORT/zhanqun"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2
"$@"
