#!/usr/bin/env bash
# Run a command with ELASTICSEARCH_URL pointing at Elasticsearch 8. When ELASTICSEARCH_URL is
# already set it is used as it is; otherwise a single-node test server is started on 127.0.0.1:
# the integ-test-zip distribution from Maven Central (fetched with Maven, cached in
# .cache/elasticsearch), run by the machine's Java 17+, and stopped, its data removed, at the end.
set -euo pipefail

if [ -n "${ELASTICSEARCH_URL:-}" ]; then
  exec "$@"
fi

ES_VERSION=${ES_VERSION:-8.19.3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE="$ROOT/.cache/elasticsearch"
HOME_DIR="$CACHE/elasticsearch-$ES_VERSION"

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "with-elasticsearch: missing ${missing[*]}; install them or set ELASTICSEARCH_URL" >&2
    exit 1
  fi
  echo "with-elasticsearch: installing ${missing[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x "$HOME_DIR/bin/elasticsearch" ]; then
  mkdir -p "$CACHE"
  echo "with-elasticsearch: fetching Elasticsearch $ES_VERSION from Maven Central" >&2
  mvn -q -B dependency:copy \
    -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
    -DoutputDirectory="$CACHE" >&2
  (cd "$CACHE" && unzip -q -o "elasticsearch-$ES_VERSION.zip" && rm "elasticsearch-$ES_VERSION.zip")
fi

JAVA_BIN=$(readlink -f "$(command -v java)")
export ES_JAVA_HOME=${ES_JAVA_HOME:-$(dirname "$(dirname "$JAVA_BIN")")}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ES_PORT=${ES_PORT:-$(free_port)}
RUN_DIR=$(mktemp -d /tmp/zhanqun-es.XXXXXX)
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  # Elasticsearch refuses to run as root.
  id zhanqun-es >/dev/null 2>&1 || useradd --system --no-create-home zhanqun-es
  chown -R zhanqun-es "$HOME_DIR" "$RUN_DIR"
  RUN_AS=(runuser -u zhanqun-es --)
fi

ES_PID=
stop_es() {
  if [ -n "$ES_PID" ]; then kill "$ES_PID" 2>/dev/null || true; wait "$ES_PID" 2>/dev/null || true; fi
  rm -rf "$RUN_DIR"
}
trap stop_es EXIT

"${RUN_AS[@]}" mkdir -p "$RUN_DIR/data" "$RUN_DIR/logs" "$RUN_DIR/tmp"
"${RUN_AS[@]}" env \
  ES_JAVA_HOME="$ES_JAVA_HOME" ES_TMPDIR="$RUN_DIR/tmp" ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
  "$HOME_DIR/bin/elasticsearch" \
  -E discovery.type=single-node -E xpack.security.enabled=false \
  -E network.host=127.0.0.1 -E http.port="$ES_PORT" -E transport.port="$(free_port)" \
  -E path.data="$RUN_DIR/data" -E path.logs="$RUN_DIR/logs" \
  -E cluster.routing.allocation.disk.threshold_enabled=false \
  >"$RUN_DIR/server.log" 2>&1 &
ES_PID=$!

export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
for _ in $(seq 1 120); do
  if curl -fs "$ELASTICSEARCH_URL/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; then
    echo "with-elasticsearch: Elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT" >&2
    "$@"
    exit $?
  fi
  if ! kill -0 "$ES_PID" 2>/dev/null; then break; fi
  sleep 1
done
echo "with-elasticsearch: Elasticsearch did not become healthy; its log:" >&2
tail -n 40 "$RUN_DIR/server.log" >&2
exit 1
