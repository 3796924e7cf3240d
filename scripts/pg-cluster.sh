#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, reachable only through a unix socket in DIR/sock.
#   scripts/pg-cluster.sh start DIR   create (if needed) and start it; print its libpq URL on stdout
#   scripts/pg-cluster.sh halt DIR    stop it by the postmaster pid and keep DIR (the next start finds its data)
#   scripts/pg-cluster.sh stop DIR    halt it and remove DIR
# All three are idempotent. Diagnostics go to stderr; stdout carries only the URL.
# MOTCUA_PG_OPTS: server settings (default "-c fsync=off": tests kill processes, not machines; the benchmarks pass
# durable settings instead).
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
DB_NAME=motcua_test

die() { echo "pg-cluster: $*" >&2; exit 1; }

# initdb and postgres refuse to run as root, so as root they run as the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

# The pid in postmaster.pid when that process is alive, else nothing.
running_pid() {
  local pidfile=$1/data/postmaster.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(head -n 1 "$pidfile")
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

url_for() { echo "postgresql:///$DB_NAME?host=$1/sock&port=$2&user=postgres"; }

# Busy when something listens on the TCP port or a socket lock for it exists in the shared /tmp.
port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
  [ -e "/tmp/.s.PGSQL.$1.lock" ] || [ -e "/var/run/postgresql/.s.PGSQL.$1.lock" ]
}

start() {
  local dir=$1 port pid
  mkdir -p "$dir/sock"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir" "$dir/sock"; fi
  chmod 755 "$dir" "$dir/sock"
  as_pg test -x "$dir" || die "$dir is not reachable by the postgres user (check the parent's permissions)"

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi

  pid=$(running_pid "$dir")
  if [ -n "$pid" ]; then
    port=$(sed -n 4p "$dir/data/postmaster.pid")
  else
    local started=""
    for port in $(seq 55432 55531); do
      port_busy "$port" && continue
      if as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
          -o "-k $dir/sock -c listen_addresses='' -p $port ${MOTCUA_PG_OPTS--c fsync=off}" start >/dev/null 2>&1; then
        started=1
        break
      fi
      echo "pg-cluster: port $port failed, trying the next one" >&2
    done
    [ -n "$started" ] || { tail -n 20 "$dir/server.log" >&2 || true; die "could not start PostgreSQL"; }
  fi

  local psql=("$PG_BIN/psql" -X -q -h "$dir/sock" -p "$port" -U postgres -d postgres)
  if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
    "${psql[@]}" -c "CREATE DATABASE $DB_NAME" >/dev/null
  fi
  url_for "$dir" "$port"
}

halt() {
  local pid
  pid=$(running_pid "$1")
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "pg-cluster: postmaster $pid did not stop after SIGTERM, killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

stop() {
  local dir=$1
  [ -e "$dir" ] || return 0
  # Refuse to delete a directory holding anything start did not create.
  local entry
  for entry in "$dir"/* "$dir"/.[!.]*; do
    [ -e "$entry" ] || continue
    case "${entry##*/}" in
      data | sock | initdb.log | server.log) ;;
      *) die "$dir holds ${entry##*/}, so it is not a pg-cluster directory; not removing it" ;;
    esac
  done
  halt "$dir"
  rm -rf "$dir"
}

[ $# -eq 2 ] || die "usage: $0 start|halt|stop DIR"
[ -x "$PG_BIN/pg_ctl" ] || die "PostgreSQL 15 binaries not found in $PG_BIN"
DIR=$(realpath -m "$2")
case "$1" in
  start) start "$DIR" ;;
  halt) halt "$DIR" ;;
  stop) stop "$DIR" ;;
  *) die "usage: $0 start|halt|stop DIR" ;;
esac
