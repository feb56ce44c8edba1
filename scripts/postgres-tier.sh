#!/usr/bin/env bash
# The sink, retention, chat, capacity, consult, workflow, reliability and burst tests against a real PostgreSQL
# server instead of PGlite: starts a throwaway cluster (trust auth, loopback only) with the installed server
# binaries, runs the suite with MEDPIPE_TEST_DATABASE_URL pointing at it, and removes the cluster. Installs
# nothing; needs the Debian `postgresql` package. Run as root (the cluster then runs as the `postgres` user) or as
# any user that may run initdb.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "postgres-tier: no PostgreSQL server binaries found (apt-get install -y postgresql)" >&2
  exit 1
fi

cluster=$(mktemp -d -t medpipe-postgres-XXXXXX)
as_owner() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$cluster"
  as_owner() { runuser -u postgres -- "$@"; }
fi

port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')

stop_cluster() {
  as_owner "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$cluster"
}
trap stop_cluster EXIT

as_owner "$pg_bin/initdb" -D "$cluster/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$cluster -c fsync=off" start >/dev/null
echo "postgres-tier: $("$pg_bin/postgres" --version) on 127.0.0.1:$port"

export MEDPIPE_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
npx vitest run packages/core/src/sink packages/core/src/retention packages/core/src/messaging \
  packages/core/src/capacity packages/core/src/consult stacks/workflows \
  packages/cli/src/local/reliability.test.ts packages/cli/src/local/burst.test.ts
