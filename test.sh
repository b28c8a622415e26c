#!/usr/bin/env bash
# Runs every test of the product on a fresh machine: restores tools and packages, runs all test projects, and
# ends with one line "N passed, N failed" counted from the TRX results.
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is needed (https://dot.net); it is not on PATH." >&2
  exit 2
fi

# The app's build installs the browser libraries its pages serve (teams-js) with npm.
if ! command -v npm >/dev/null 2>&1; then
  echo "Node.js and npm are needed to build the app and for the browser tests; they are not on PATH." >&2
  exit 2
fi

# The browser tests render cards in Debian's chromium with the Adaptive Cards renderer from npm.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if [ ! -x /usr/bin/chromium ]; then
  as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends chromium || exit 2
fi
browser_tests=tests/CommPlan.Browser.Tests
if [ ! -d "$browser_tests/node_modules" ] || [ "$browser_tests/package-lock.json" -nt "$browser_tests/node_modules" ]; then
  (cd "$browser_tests" && npm ci --no-audit --no-fund) || exit 2
  touch "$browser_tests/node_modules"  # npm ci keeps package dates; mark the install as newer than the lock file
fi

results="$(mktemp -d)"
pg_data=""
cleanup() {
  [ -n "$pg_data" ] && as_pg "$pg_bin/pg_ctl" -D "$pg_data/db" -m immediate stop >/dev/null 2>&1
  [ -n "$pg_data" ] && rm -rf "$pg_data"
  rm -rf "$results"
}
trap cleanup EXIT

# The PostgreSQL tests (the app's state shared by several instances) need a real server: Debian's postgresql,
# started here from a fresh data folder on a free loopback port and stopped at the end. PostgreSQL refuses to run
# as root, so as root the server runs as the postgres user the package creates.
pg_bin="$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)")"
if [ ! -x "$pg_bin/initdb" ]; then
  as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends postgresql || exit 2
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_data="$(mktemp -d)"
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_data"
pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))"
as_pg "$pg_bin/initdb" -D "$pg_data/db" -U postgres --auth=trust --no-locale -E UTF8 >"$pg_data/initdb.log" 2>&1 \
  || { cat "$pg_data/initdb.log" >&2; exit 2; }
as_pg "$pg_bin/pg_ctl" -D "$pg_data/db" -l "$pg_data/server.log" -w -t 60 \
  -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null \
  || { cat "$pg_data/server.log" >&2; exit 2; }
export COMMPLAN_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"

dotnet tool restore >/dev/null || exit 2
dotnet build BotApp.sln -nologo -clp:ErrorsOnly || exit 1
status=0
# One run per test project, each with its own TRX file, so that no two results overwrite each other. A test that hangs
# is stopped after 10 minutes (longer than any test's own deadlines, which fail with a message) and named (the blame
# data collector lists the tests that were running), instead of stalling the run until CI gives up; no memory dump,
# which would need createdump and a lot of disk.
for project in tests/*/*.csproj; do
  grep -q '<IsTestProject>false</IsTestProject>' "$project" && continue  # shared test support, no tests
  name="$(basename "$project" .csproj)"
  dotnet test "$project" --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --blame-hang-timeout 10min --blame-hang-dump-type none \
    -- RunConfiguration.TreatNoTestsAsError=true || status=1
done

passed=0; failed=0; total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
if [ "$total" -eq 0 ]; then
  echo "No test results were found." >&2
  status=1
fi
echo "$passed passed, $failed failed"
exit $status
