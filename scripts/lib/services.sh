# Shell functions that install and run the cluster's backing services from the machine's packages:
# PostgreSQL, Elasticsearch (the integ-test-zip from Maven Central), Redis and nginx. Sourced by
# with-postgres.sh, with-elasticsearch.sh and production-stack.sh.

ZQ_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ES_VERSION=${ES_VERSION:-8.19.3}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# apt-get install the Debian packages whose commands are missing: need_packages cmd=package ...
need_packages() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null 2>&1 || [ -e "${pair%%=*}" ] || missing+=("${pair#*=}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing ${missing[*]}: install them (or run as root)" >&2
    return 1
  fi
  echo "installing Debian's ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Servers run as a system user of their own when we are root (PostgreSQL and Elasticsearch refuse root).
as_user() {
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then
    id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}
own() {
  local user=$1; shift
  [ "$(id -u)" = 0 ] || return 0
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
  chown -R "$user" "$@"
}

pg_bin() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_install() {
  PG_BIN=$(pg_bin)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    need_packages "/usr/lib/postgresql/15/bin/pg_ctl=postgresql" || return 1
    PG_BIN=$(pg_bin)
  fi
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
    echo "no PostgreSQL server binaries found; install postgresql or set DATABASE_URL" >&2
    return 1
  fi
}

# pg_start DIR PORT: a server with its data in DIR/data (created when missing) on 127.0.0.1:PORT,
# and a database `zhanqun` owned by the user `zhanqun`. Fast and unsafe settings when PG_FAST=1.
pg_start() {
  local dir=$1 port=$2 opts="-c shared_buffers=1GB"
  [ "${PG_FAST:-0}" = 1 ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  pg_install || return 1
  mkdir -p "$dir"; own postgres "$dir"
  if [ ! -d "$dir/data" ]; then
    as_user postgres "$PG_BIN/initdb" -D "$dir/data" -U zhanqun --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    local fresh=1
  fi
  as_user postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir $opts" start >/dev/null
  if [ -n "${fresh:-}" ]; then "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U zhanqun zhanqun; fi
}

pg_stop() {
  local dir=$1 mode=${2:-fast}
  [ -d "$dir/data" ] || return 0
  pg_install || return 1
  as_user postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m "$mode" stop >/dev/null 2>&1 || true
}

es_install() {
  need_packages java=openjdk-17-jre-headless mvn=maven unzip=unzip curl=curl || return 1
  ES_HOME="$ZQ_ROOT/.cache/elasticsearch/elasticsearch-$ES_VERSION"
  if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
    mkdir -p "$ZQ_ROOT/.cache/elasticsearch"
    echo "fetching Elasticsearch $ES_VERSION from Maven Central" >&2
    mvn -q -B dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$ZQ_ROOT/.cache/elasticsearch" >&2
    (cd "$ZQ_ROOT/.cache/elasticsearch" && unzip -q -o "elasticsearch-$ES_VERSION.zip" && rm "elasticsearch-$ES_VERSION.zip")
  fi
  own zhanqun-es "$ES_HOME"
}

# es_start DIR PORT: a single-node server with its data in DIR, in the background; sets ES_PID.
es_start() {
  local dir=$1 port=$2
  es_install || return 1
  local java_bin
  java_bin=$(readlink -f "$(command -v java)")
  mkdir -p "$dir"; own zhanqun-es "$dir"
  as_user zhanqun-es mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
  local run_as=()
  if [ "$(id -u)" = 0 ]; then run_as=(runuser -u zhanqun-es --); fi
  # Started directly, not through a shell function: $! must be the server's own process.
  "${run_as[@]}" env \
    ES_JAVA_HOME="${ES_JAVA_HOME:-$(dirname "$(dirname "$java_bin")")}" ES_TMPDIR="$dir/tmp" \
    ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
    "$ES_HOME/bin/elasticsearch" \
    -E discovery.type=single-node -E xpack.security.enabled=false \
    -E network.host=127.0.0.1 -E http.port="$port" -E transport.port="$(free_port)" \
    -E path.data="$dir/data" -E path.logs="$dir/logs" \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    >"$dir/server.log" 2>&1 </dev/null &
  ES_PID=$!
}

# es_wait URL PID: until the node answers yellow (0), or it died or two minutes passed (1).
es_wait() {
  local url=$1 pid=$2
  for _ in $(seq 1 120); do
    curl -fs "$url/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}
