#!/usr/bin/env bash
# The production stack on this machine, from its packages (no Docker): PostgreSQL, Redis,
# Elasticsearch, gunicorn on cluster.settings.production, the django-q2 worker and nginx with the
# front cache (docker/nginx/site.conf.template, the same server as docker/), serving the cluster at
# http://127.0.0.1:$STACK_PORT with every site on *.localhost. The demo cluster is loaded into an
# empty database.
#
#   scripts/production-stack.sh up | down | status
#   scripts/production-stack.sh start|stop|restart postgres|redis|elasticsearch|web|worker|nginx
#   scripts/production-stack.sh manage <command> [args]   # manage.py with the stack's settings
#
# STACK_DIR (default .stack/) holds its data, logs and settings (STACK_DIR/env); STACK_PORT
# (default 8080) is nginx's port, WEB_CONCURRENCY (2) gunicorn's workers. As root, Debian's
# nginx, cache-purge module, redis-server and PostgreSQL are installed when missing.
set -euo pipefail
. "$(dirname "$0")/lib/services.sh"

STACK_DIR=$(mkdir -p "${STACK_DIR:-$ZQ_ROOT/.stack}" && cd "${STACK_DIR:-$ZQ_ROOT/.stack}" && pwd)
RUN="$STACK_DIR/run"
LOGS="$STACK_DIR/logs"
PYTHON="$ZQ_ROOT/.venv/bin/python"
SERVICES=(postgres redis elasticsearch web worker nginx)
say() { echo "production-stack: $*" >&2; }

# The stack's settings, written once: ports, a secret key, folders.
settings() {
  local env_file="$STACK_DIR/env"
  if [ ! -f "$env_file" ]; then
    local port=${STACK_PORT:-8080} pg redis es web
    pg=$(free_port); redis=$(free_port); es=$(free_port); web=$(free_port)
    umask 077
    cat >"$env_file" <<SETTINGS
STACK_PORT=$port
PG_PORT=$pg
REDIS_PORT=$redis
ES_PORT=$es
WEB_PORT=$web
DJANGO_SETTINGS_MODULE=cluster.settings.production
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
ALLOWED_HOSTS=localhost,.localhost,127.0.0.1
DATABASE_URL=postgres://zhanqun@127.0.0.1:$pg/zhanqun
REDIS_URL=redis://127.0.0.1:$redis/0
ELASTICSEARCH_URL=http://127.0.0.1:$es
WAGTAILADMIN_BASE_URL=http://localhost:$port
MEDIA_ROOT=$STACK_DIR/media
PRIVATE_MEDIA_ROOT=$STACK_DIR/private-media
STATIC_ROOT=$STACK_DIR/static
BACKUP_ROOT=$STACK_DIR/backups
FRONT_CACHE_NODES=http://127.0.0.1:$port
FRONT_CACHE_SECONDS=${FRONT_CACHE_SECONDS:-600}
ASSURANCE_PROBE_ORIGIN=http://127.0.0.1:$port
TRUSTED_PROXIES=127.0.0.1
SECURE_COOKIES=0
EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
EMAIL_FILE_PATH=$STACK_DIR/mail
Q_WORKERS=2
SETTINGS
    umask 022
  fi
  set -a; . "$env_file"; set +a
  mkdir -p "$RUN" "$LOGS" "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT" "$STATIC_ROOT" "$EMAIL_FILE_PATH"
}

pid_of() { local f="$RUN/$1.pid"; [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; }
running() {
  case $1 in
    postgres) [ -f "$STACK_DIR/pg/data/postmaster.pid" ] && kill -0 "$(head -1 "$STACK_DIR/pg/data/postmaster.pid")" 2>/dev/null ;;
    *) pid_of "$1" >/dev/null ;;
  esac
}
# A process and all its descendants (django-q2's workers outlive a master that was stopped).
tree_of() {
  local child
  echo "$1"
  for child in $(pgrep -P "$1" 2>/dev/null); do tree_of "$child"; done
}
alive() {
  local p
  for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done
  return 1
}
stop_pid() {
  local name=$1 pid pids
  pid=$(pid_of "$name") || { rm -f "$RUN/$name.pid"; return 0; }
  pids=$(tree_of "$pid")
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 150); do alive $pids || break; sleep 0.2; done
  kill -KILL $pids 2>/dev/null || true
  rm -f "$RUN/$name.pid"
}
wait_http() {  # wait_http URL HOST SECONDS
  for _ in $(seq 1 $(($3 * 5))); do
    curl -fs -o /dev/null -H "Host: $2" "$1" && return 0
    sleep 0.2
  done
  return 1
}
manage() { (cd "$ZQ_ROOT" && "$PYTHON" manage.py "$@"); }

start_postgres() { pg_start "$STACK_DIR/pg" "$PG_PORT"; }
stop_postgres() { pg_stop "$STACK_DIR/pg" fast; }

start_redis() {
  need_packages redis-server=redis-server
  mkdir -p "$STACK_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$RUN/redis.pid" \
    --dir "$STACK_DIR/redis" --logfile "$LOGS/redis.log" --save "" --appendonly no
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
stop_redis() { stop_pid redis; }

start_elasticsearch() {
  es_start "$STACK_DIR/es" "$ES_PORT"
  echo "$ES_PID" >"$RUN/elasticsearch.pid"
  es_wait "$ELASTICSEARCH_URL" "$ES_PID" || { tail -n 30 "$STACK_DIR/es/server.log" >&2; return 1; }
}
stop_elasticsearch() { stop_pid elasticsearch; }

start_web() {
  (cd "$ZQ_ROOT" && .venv/bin/gunicorn cluster.wsgi:application --bind "127.0.0.1:$WEB_PORT" \
    --workers "${WEB_CONCURRENCY:-2}" --preload --timeout 30 --daemon --pid "$RUN/web.pid" \
    --access-logfile "$LOGS/web-access.log" --error-logfile "$LOGS/web.log")
  wait_http "http://127.0.0.1:$WEB_PORT/robots.txt" localhost 60 || { tail -n 30 "$LOGS/web.log" >&2; return 1; }
}
stop_web() { stop_pid web; }

start_worker() {
  (cd "$ZQ_ROOT" && exec "$PYTHON" manage.py qcluster >>"$LOGS/worker.log" 2>&1 </dev/null) &
  echo $! >"$RUN/worker.pid"
}
stop_worker() { stop_pid worker; }

start_nginx() {
  need_packages nginx=nginx /usr/share/nginx/modules-available/mod-http-cache-purge.conf=libnginx-mod-http-cache-purge \
    envsubst=gettext-base
  local dir="$STACK_DIR/nginx" user=""
  mkdir -p "$dir/cache" "$dir/tmp"
  if [ "$(id -u)" = 0 ]; then user="user www-data;"; chown -R www-data "$dir/cache" "$dir/tmp"; fi
  ZQ_LISTEN="127.0.0.1:$STACK_PORT" ZQ_UPSTREAM="http://127.0.0.1:$WEB_PORT" ZQ_STATIC_ROOT="$STATIC_ROOT" \
    ZQ_MEDIA_ROOT="$MEDIA_ROOT" ZQ_CACHE_DIR="$dir/cache" ZQ_PURGE_FROM="127.0.0.1" \
    envsubst '${ZQ_LISTEN} ${ZQ_UPSTREAM} ${ZQ_STATIC_ROOT} ${ZQ_MEDIA_ROOT} ${ZQ_CACHE_DIR} ${ZQ_PURGE_FROM}' \
    <"$ZQ_ROOT/docker/nginx/site.conf.template" >"$dir/site.conf"
  cat >"$dir/nginx.conf" <<CONF
$user
worker_processes auto;
pid $RUN/nginx.pid;
error_log $LOGS/nginx-error.log warn;
load_module /usr/lib/nginx/modules/ngx_http_cache_purge_module.so;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log $LOGS/nginx-access.log;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    server_tokens off;
    gzip on;
    gzip_proxied any;
    gzip_types text/plain text/css text/xml text/javascript application/javascript application/json application/xml application/atom+xml image/svg+xml;
    include $dir/site.conf;
}
CONF
  nginx -t -q -e "$LOGS/nginx-error.log" -c "$dir/nginx.conf" -p "$dir"
  nginx -e "$LOGS/nginx-error.log" -c "$dir/nginx.conf" -p "$dir" </dev/null >>"$LOGS/nginx-error.log" 2>&1
  wait_http "http://127.0.0.1:$STACK_PORT/robots.txt" localhost 20
}
stop_nginx() { stop_pid nginx; }

# The database is migrated, the demo loaded into it when it has no sites, static files collected.
prepare() {
  manage migrate --noinput -v0
  if [ "$(manage shell -c 'from wagtail.models import Page; print(Page.objects.count())' 2>/dev/null | tail -n 1)" -le 2 ]; then
    say "loading the demo cluster into PostgreSQL"
    # Nothing is cached yet: no purges while thousands of pages are published.
    FRONT_CACHE_NODES= DEMO_PASSWORD=${DEMO_PASSWORD:-zhanqun-demo} manage demo_cluster --port "$STACK_PORT" >"$LOGS/demo.log" 2>&1 \
      || { tail -n 30 "$LOGS/demo.log" >&2; return 1; }
  fi
  manage collectstatic --noinput -v0
}

start() {
  local name=$1
  if running "$name"; then return 0; fi
  say "starting $name"
  "start_$name" || { say "$name did not start (logs in $LOGS)"; return 1; }
}
stop() {
  local name=$1
  running "$name" || return 0
  say "stopping $name"
  "stop_$name"
}

status() {
  local name state rc=0
  for name in "${SERVICES[@]}"; do
    if running "$name"; then state=running; else state=stopped; rc=3; fi
    printf '%-14s %s\n' "$name" "$state"
  done
  echo "门户 http://localhost:$STACK_PORT/   集贤县 http://jixian.localhost:$STACK_PORT/   后台 http://localhost:$STACK_PORT/admin/"
  return $rc
}

settings
case "${1:-}" in
  up)
    for name in postgres redis elasticsearch; do start "$name"; done
    prepare
    for name in web worker nginx; do start "$name"; done
    status
    ;;
  down)
    for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do stop "${SERVICES[i]}"; done
    ;;
  status) status ;;
  start | stop | restart)
    [ -n "${2:-}" ] && [[ " ${SERVICES[*]} " == *" $2 "* ]] || { say "which service? one of: ${SERVICES[*]}"; exit 2; }
    [ "$1" = start ] || stop "$2"
    [ "$1" = stop ] || start "$2"
    ;;
  manage) shift; manage "$@" ;;
  *) echo "usage: $0 up|down|status|start SERVICE|stop SERVICE|restart SERVICE|manage COMMAND" >&2; exit 2 ;;
esac
