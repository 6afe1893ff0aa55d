#!/usr/bin/env bash
# Runs the whole suite: lint, then pytest on SQLite and on a throwaway PostgreSQL.
# Installs the Debian packages the tests need, starts PostgreSQL and Redis on 127.0.0.1
# only, and stops them again on any exit.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

need_pkgs=()
command -v chromium >/dev/null || need_pkgs+=(chromium)
command -v redis-server >/dev/null || need_pkgs+=(redis-server)
command -v pdftotext >/dev/null || need_pkgs+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_pkgs+=(postgresql)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || need_pkgs+=(libharfbuzz-subset0)
if ((${#need_pkgs[@]})); then
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "The tests need these Debian packages: ${need_pkgs[*]}." >&2
    echo "Install them as root (apt-get install ${need_pkgs[*]}) and run again." >&2
    exit 1
  fi
  echo "Installing ${need_pkgs[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

WORK=$(mktemp -d); chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT=$(free_port)
REDIS_PORT=$(free_port)
cleanup() {
  [[ -f "$WORK/pg/data/postmaster.pid" ]] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  [[ -f "$WORK/redis.pid" ]] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== lint"
"$BIN/ruff" check .

echo "== starting PostgreSQL on 127.0.0.1:$PGPORT and Redis on 127.0.0.1:$REDIS_PORT"
mkdir -p "$WORK/pg"; chown postgres:postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --pidfile "$WORK/redis.pid" \
  --dir "$WORK" --save '' --appendonly no --logfile "$WORK/redis.log"

export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
unset DATABASE_URL CELERY_BROKER_URL

echo "== pytest on SQLite"
# A file, not memory, so that the worker tests' Celery workers can open the test database.
SQLITE_TEST_NAME="$WORK/test.sqlite3" "$BIN/python" -m pytest "$@"

echo "== pytest on PostgreSQL"
DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/hiring" "$BIN/python" -m pytest "$@"
