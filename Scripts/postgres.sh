#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: `Scripts/postgres.sh start DIR` makes a cluster in DIR (as
# the postgres user when run as root: initdb refuses root), starts it on a free loopback port and prints
# its URL (postgres://gatehouse@127.0.0.1:PORT/postgres) on the last line; `Scripts/postgres.sh stop DIR`
# stops it; `start` on a DIR that has a cluster starts it again on the same port (a database that went
# away and came back). fsync is off (the tests' data is thrown away), except with DURABLE=1.
set -euo pipefail
command=${1:?usage: postgres.sh start|stop DIR}
dir=${2:?usage: postgres.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL is not installed (Debian package postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$command" in
start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    if [ -f "$dir/port" ]; then
        port=$(cat "$dir/port")
    else
        as_owner "$bin/initdb" -D "$dir/data" -A trust -U gatehouse --no-sync -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log"
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        echo "$port" > "$dir/port"
    fi
    fsync=off; [ "${DURABLE:-0}" = 1 ] && fsync=on
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start -o \
        "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=$fsync -c synchronous_commit=$fsync -c full_page_writes=$fsync -c max_connections=400" > /dev/null
    echo "postgres://gatehouse@127.0.0.1:$port/postgres"
    ;;
stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null || true
    ;;
*)
    echo "usage: postgres.sh start|stop DIR" >&2; exit 2
    ;;
esac
