#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (a CTest fixture): `pg_fixture.sh start DIR` creates a cluster in
# DIR, starts it on a free local TCP port with its unix socket in DIR, creates the role and database ab_test with
# a random password, and writes the URL to DIR/url; `pg_fixture.sh stop DIR` stops it and deletes DIR.
# With AB_TEST_PG_URL set, that server is used instead and nothing is started.
# Missing server binaries: an error under CI=true, else DIR/unavailable explains why and the tests skip.
set -euo pipefail
action=${1:?usage: pg_fixture.sh start|stop DIR}
dir=${2:?usage: pg_fixture.sh start|stop DIR}

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

find_bindir() {
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
  return 0
}

if [ "$action" = stop ]; then
  if [ -f "$dir/bindir" ] && [ -d "$dir/data" ]; then
    as_server_user "$(cat "$dir/bindir")/pg_ctl" stop -D "$dir/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/sockdir" ] && [ "$(cat "$dir/sockdir")" != "$dir" ]; then rm -rf "$(cat "$dir/sockdir")"; fi
  rm -rf "$dir"
  exit 0
fi

# start
if [ -f "$dir/bindir" ] && [ -d "$dir/data" ]; then  # a server left by an interrupted run
  as_server_user "$(cat "$dir/bindir")/pg_ctl" stop -D "$dir/data" -m immediate -w >/dev/null 2>&1 || true
fi
rm -rf "$dir"
mkdir -p "$dir"
if [ -n "${AB_TEST_PG_URL:-}" ]; then
  printf '%s' "$AB_TEST_PG_URL" > "$dir/url"
  echo "pg_fixture: using the server of AB_TEST_PG_URL"
  exit 0
fi

bindir=$(find_bindir)
if [ -z "$bindir" ]; then
  why="PostgreSQL server binaries (initdb, pg_ctl) not found: install the Debian package 'postgresql' (scripts/install-deps.sh) or set AB_TEST_PG_URL"
  if [ "${CI:-}" = true ]; then
    echo "pg_fixture: error: $why" >&2
    exit 1
  fi
  echo "$why" > "$dir/unavailable"
  echo "pg_fixture: $why; the PostgreSQL tests will be skipped"
  exit 0
fi
echo "$bindir" > "$dir/bindir"

if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "pg_fixture: error: running as root but there is no 'postgres' user to run the server as" >&2
    exit 1
  fi
  chown postgres "$dir"
fi
# The unix socket path must stay under ~100 bytes: fall back to a short directory for deep build trees.
sockdir="$dir"
if [ ${#sockdir} -gt 70 ]; then
  sockdir=$(mktemp -d /tmp/ab-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres "$sockdir"
fi
echo "$sockdir" > "$dir/sockdir"

as_server_user "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# Password authentication over TCP, so the tests use a URL with credentials like a real deployment.
cat > "$dir/data/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 scram-sha-256
HBA

started=""
for attempt in $(seq 1 20); do
  port=$((20000 + (RANDOM % 20000)))
  if as_server_user "$bindir/pg_ctl" start -D "$dir/data" -w -t 60 -l "$dir/server.log" \
      -o "-p $port -k $sockdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50" >/dev/null 2>&1; then
    started=$port
    break
  fi
done
if [ -z "$started" ]; then
  echo "pg_fixture: error: the PostgreSQL server did not start; its log:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi

password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
as_server_user "$bindir/psql" -h "$sockdir" -p "$started" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE ab_test LOGIN PASSWORD '$password'" -c "CREATE DATABASE ab_test OWNER ab_test" >/dev/null
printf 'postgresql://ab_test:%s@127.0.0.1:%s/ab_test' "$password" "$started" > "$dir/url"
echo "pg_fixture: $("$bindir/postgres" --version) on 127.0.0.1:$started"
