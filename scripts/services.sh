#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and Redis for the scale-out tests, on free loopback ports in a temp folder.
#
#   eval "$(scripts/services.sh start)"   # installs them from Debian if missing, starts both,
#                                         # prints `export SWITCHBOARD_TEST_*=...` lines
#   scripts/services.sh stop              # stops both and removes the folder
#   scripts/services.sh status
#   scripts/services.sh pg-stop [fast|immediate]   # fault drills: stop one server of the folder...
#   scripts/services.sh pg-start                   # ...and start it again on the same port and data
#   scripts/services.sh redis-stop [shutdown|kill] # SHUTDOWN NOSAVE, or SIGKILL (its data is lost either way)
#   scripts/services.sh redis-start
#
# The folder is remembered in $SWITCHBOARD_SERVICES_DIR (exported by `start`; set it beforehand to
# a new or empty folder to choose it, e.g. one per parallel run), or in
# ${TMPDIR:-/tmp}/switchboard-services.current for a `stop` from another shell.
# The server is throwaway (its folder is deleted by `stop`), so it runs with fsync=off: COMMIT still
# waits for the WAL write (synchronous_commit stays on, so a relay killed after a 2xx loses nothing),
# but the tests do not pay a disk flush per CREATE DATABASE and per commit.
# PostgreSQL refuses to run as root, so its folder belongs to the `postgres` user and initdb/pg_ctl
# run through `runuser -u postgres --` when this script runs as root. Everything else goes to stderr;
# stdout carries only the export lines.
set -euo pipefail

PG_BIN="${SWITCHBOARD_PG_BIN:-/usr/lib/postgresql/15/bin}"
POINTER="${TMPDIR:-/tmp}/switchboard-services.current"
DB_NAME=switchboard_test

log() { echo "services: $*" >&2; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

install_if_missing() {
  local missing=()
  [ -x "$PG_BIN/initdb" ] || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ "${#missing[@]}" = 0 ] && return 0
  log "installing ${missing[*]} from Debian packages"
  if [ "$(id -u)" != 0 ]; then
    log "not root: install them yourself (apt-get install -y ${missing[*]})"
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

# The PostgreSQL server of folder $1 on port $2 (the same options at every start).
pg_server_start() {
  as_postgres "$PG_BIN/pg_ctl" -D "$1/pg/data" -l "$1/pg/server.log" -w -t 30 \
    -o "-p $2 -k $1/pg -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off" \
    start >/dev/null
}

# The Redis of folder $1, on the port in $1/redis.port; returns once it answers PING.
redis_server_start() {
  local port
  port="$(cat "$1/redis.port")"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$1/redis" \
    --pidfile "$1/redis/redis.pid" --logfile "$1/redis/redis.log" --daemonize yes >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  redis-cli -p "$port" ping >/dev/null
}

print_exports() {
  local dir="$1"
  echo "export SWITCHBOARD_SERVICES_DIR=$dir"
  echo "export SWITCHBOARD_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$(cat "$dir/pg.port")/$DB_NAME"
  echo "export SWITCHBOARD_TEST_REDIS_URL=redis://127.0.0.1:$(cat "$dir/redis.port")"
}

start() {
  local dir pg_port redis_port
  dir="${SWITCHBOARD_SERVICES_DIR:-}"
  if [ -n "$dir" ] && [ -f "$dir/pg.port" ] && [ -f "$dir/pg/data/postmaster.pid" ]; then
    log "already running in $dir"
    print_exports "$dir"
    return 0
  fi
  install_if_missing
  if [ -n "$dir" ] && { [ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ]; }; then
    mkdir -p "$dir" # a folder of your own, named in advance (parallel runs, one each)
  else
    dir="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-services.XXXXXX")"
  fi
  chmod 755 "$dir"
  mkdir -p "$dir/pg" "$dir/redis"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/pg"
  pg_port="$(free_port)"
  redis_port="$(free_port)"
  printf '%s\n' "$redis_port" >"$dir/redis.port"

  as_postgres "$PG_BIN/initdb" -D "$dir/pg/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
  pg_server_start "$dir" "$pg_port"
  as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$DB_NAME"
  redis_server_start "$dir"

  printf '%s\n' "$dir" >"$POINTER"
  printf '%s\n' "$pg_port" >"$dir/pg.port"
  log "PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port, in $dir"
  print_exports "$dir"
}

current_dir() {
  local dir="${SWITCHBOARD_SERVICES_DIR:-}"
  if [ -z "$dir" ] && [ -f "$POINTER" ]; then dir="$(cat "$POINTER")"; fi
  printf '%s' "$dir"
}

stop() {
  local dir
  dir="$(current_dir)"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    log "nothing to stop"
    return 0
  fi
  if [ -f "$dir/pg/data/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null || true
  fi
  if [ -f "$dir/redis/redis.pid" ]; then
    kill "$(cat "$dir/redis/redis.pid")" 2>/dev/null || true
  fi
  rm -rf "$dir"
  if [ -f "$POINTER" ] && [ "$(cat "$POINTER")" = "$dir" ]; then rm -f "$POINTER"; fi
  log "stopped and removed $dir"
}

status() {
  local dir
  dir="$(current_dir)"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    echo "not running"
    return 1
  fi
  echo "folder $dir"
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg/data" status | head -1
  redis-cli -p "$(cat "$dir/redis.port")" ping
}

# The folder of a running pair, or exit 1 saying there is none (the drill subcommands need one).
running_dir() {
  local dir
  dir="$(current_dir)"
  if [ -z "$dir" ] || [ ! -f "$dir/pg.port" ]; then
    log "no services running (start them first: eval \"\$($0 start)\")"
    exit 1
  fi
  printf '%s' "$dir"
}

pg_stop() {
  local dir mode="${1:-fast}"
  case "$mode" in fast | immediate) ;; *) log "pg-stop: expected fast or immediate, got $mode"; exit 2 ;; esac
  dir="$(running_dir)"
  as_postgres "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m "$mode" -w -t 30 stop >/dev/null
}

pg_start() {
  local dir
  dir="$(running_dir)"
  pg_server_start "$dir" "$(cat "$dir/pg.port")"
}

redis_stop() {
  local dir port how="${1:-shutdown}"
  dir="$(running_dir)"
  port="$(cat "$dir/redis.port")"
  case "$how" in
    shutdown) redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true ;;
    kill) kill -9 "$(cat "$dir/redis/redis.pid")" ;;
    *) log "redis-stop: expected shutdown or kill, got $how"; exit 2 ;;
  esac
  for _ in $(seq 1 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 || return 0
    sleep 0.1
  done
  log "redis-stop: Redis on port $port still answers"
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  pg-stop) pg_stop "${2:-fast}" ;;
  pg-start) pg_start ;;
  redis-stop) redis_stop "${2:-shutdown}" ;;
  redis-start) redis_server_start "$(running_dir)" ;;
  *)
    echo "usage: $0 start|stop|status|pg-stop [fast|immediate]|pg-start|redis-stop [shutdown|kill]|redis-start   (eval \"\$($0 start)\")" >&2
    exit 2
    ;;
esac
