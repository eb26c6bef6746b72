#!/usr/bin/env bash
# Run a command with ELASTICSEARCH_URL pointing at Elasticsearch 8. When ELASTICSEARCH_URL is
# already set it is used as it is; otherwise a single-node test server is started on 127.0.0.1:
# the integ-test-zip distribution from Maven Central (fetched with Maven, cached in
# .cache/elasticsearch), run by the machine's Java 17+, and stopped, its data removed, at the end.
set -euo pipefail

if [ -n "${ELASTICSEARCH_URL:-}" ]; then
  exec "$@"
fi
. "$(dirname "$0")/lib/services.sh"

ES_PORT=${ES_PORT:-$(free_port)}
RUN_DIR=$(mktemp -d /tmp/zhanqun-es.XXXXXX)
ES_PID=
stop_es() {
  if [ -n "$ES_PID" ]; then kill "$ES_PID" 2>/dev/null || true; wait "$ES_PID" 2>/dev/null || true; fi
  rm -rf "$RUN_DIR"
}
trap stop_es EXIT

es_start "$RUN_DIR" "$ES_PORT"
export ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
if es_wait "$ELASTICSEARCH_URL" "$ES_PID"; then
  echo "with-elasticsearch: Elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT" >&2
  "$@"
  exit $?
fi
echo "with-elasticsearch: Elasticsearch did not become healthy; its log:" >&2
tail -n 40 "$RUN_DIR/server.log" >&2
exit 1
