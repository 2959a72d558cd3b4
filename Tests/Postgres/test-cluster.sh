#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, from Debian's postgresql package.
#
#   test-cluster.sh run CMD...   start a cluster in a new temporary folder, run CMD with
#                                ROUTELEDGER_TEST_DATABASE_URL set, stop the server by its PID
#                                whatever CMD's exit, remove the folder; exits with CMD's status
#   test-cluster.sh start DIR    initdb into DIR (when empty) and start; prints the database URL
#   test-cluster.sh stop DIR     stop the server of DIR by its PID (SIGINT: fast shutdown) and wait
#
# initdb and postgres run as an unprivileged user: the current one, or `postgres` (created by the
# package) when run as root, which PostgreSQL refuses. The server listens on 127.0.0.1 on a free
# port, with password authentication (scram-sha-256), and on a Unix socket in DIR. The URL (with
# its generated password) is only ever passed in the environment.
set -euo pipefail

bin_dir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
        echo "test-cluster.sh: PostgreSQL's server is not installed (apt-get install postgresql; make test does)" >&2
        exit 1
    fi
    echo "$dir"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    local dir=$1 bin port password
    bin=$(bin_dir)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
        as_owner sh -c "umask 077; echo '$password' > '$dir/password'"
        as_owner "$bin/initdb" -D "$dir/data" -U routeledger -E UTF8 --no-sync --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/password" >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
        free_port | as_owner sh -c "cat > '$dir/port'"
    fi
    port=$(cat "$dir/port")
    password=$(cat "$dir/password")
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=1000 -c shared_buffers=256MB" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://routeledger:$password@127.0.0.1:$port/postgres?sslmode=disable"
}

stop() {
    local dir=$1 pid
    [ -f "$dir/data/postmaster.pid" ] || return 0
    pid=$(head -1 "$dir/data/postmaster.pid")
    kill -INT "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 600); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    echo "test-cluster.sh: PostgreSQL (pid $pid) did not stop in 60 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
}

case "${1:-}" in
    start) start "$2" ;;
    stop) stop "$2" ;;
    run)
        shift
        dir=$(mktemp -d /tmp/routeledger-pg.XXXXXX)
        trap 'stop "$dir"; rm -rf "$dir"' EXIT
        ROUTELEDGER_TEST_DATABASE_URL=$(start "$dir")
        export ROUTELEDGER_TEST_DATABASE_URL
        status=0
        "$@" || status=$?
        exit $status
        ;;
    *)
        echo "usage: test-cluster.sh run CMD... | start DIR | stop DIR" >&2
        exit 2
        ;;
esac
