#!/usr/bin/env bash
# API benchmark: join-token minting and meeting reads, requests/s on one server core.
#
# Starts `meet serve` on free loopback ports (temporary data dir, --workers 1, rate limit
# off) pinned to one core, creates a tenant, a tenant key and a meeting over the admin API,
# then drives it with wrk pinned to another core:
#   mint    POST /api/v1/meetings/{id}/tokens    (auth + meeting read + JSON body + JWT)
#   get     GET  /api/v1/meetings/{id}           (auth + meeting read)
#   healthz GET  /healthz                        (no auth, one store lookup: the reference)
#   404     GET  /api/v1/bench-no-such-route     (no auth, no store: the HTTP stack ceiling)
# The four routes run in interleaved rounds (mint get healthz 404, mint get healthz 404, ...)
# so that load from other processes falls on all of them alike; the summary gives per route
# the median over rounds of requests/s, p50 and p99, the spread of requests/s, and the ratios
# of each median to healthz's and to 404's, all measured in the same run. Runs against
# SQLite, then against a throwaway PostgreSQL (initdb in a temporary directory, loopback
# port, pinned to the server's core) when its binaries are installed. Loopback only; stops
# by itself (about 2 minutes by default) and removes everything it created. As root the
# server, PostgreSQL and wrk run at nice -10, so that other jobs on a shared machine take
# less of the measured cores.
#
# Usage: bench/api_bench.sh
# Environment:
#   MEET_BIN             server binary (default build/meet)
#   BENCH_DURATION       wrk duration per route and round (default 5s)
#   BENCH_ROUNDS         rounds (default 3)
#   BENCH_CONNECTIONS    wrk connections (default 32; one wrk thread)
#   BENCH_PG             auto (default: PostgreSQL when installed) | 0 (SQLite only) | 1 (required)
#   BENCH_SERVER_CPU     core for the server and PostgreSQL (default 0)
#   BENCH_WRK_CPU        core for wrk (default 1)
#   BENCH_NICE           niceness of server, database and wrk (default -10 as root, else 0)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
MEET_BIN=${MEET_BIN:-build/meet}
case "$MEET_BIN" in /*) ;; *) [ -e "$MEET_BIN" ] || MEET_BIN="$repo/$MEET_BIN" ;; esac
MEET_BIN=$(realpath -e "$MEET_BIN") || { echo "no server binary (set MEET_BIN)" >&2; exit 2; }
DURATION=${BENCH_DURATION:-5s}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_PG=${BENCH_PG:-auto}
SERVER_CPU=${BENCH_SERVER_CPU:-0}
WRK_CPU=${BENCH_WRK_CPU:-1}
if [ "$(id -u)" = 0 ]; then NICE=${BENCH_NICE:--10}; else NICE=${BENCH_NICE:-0}; fi
LUA="$repo/bench/api_bench.lua"

for tool in wrk curl jq taskset python3; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done
if [ "$(nproc --all)" -lt 2 ]; then
  echo "needs 2 cores (server on one, wrk on the other)" >&2
  exit 2
fi

work=$(mktemp -d /tmp/meet-bench-XXXXXX)
pg_dir=""
pg_bin=""
server_pid=""

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

# on_server_cpu / on_wrk_cpu <command...>: pinned and at the bench's priority.
on_server_cpu() { nice -n "$NICE" taskset -c "$SERVER_CPU" "$@"; }
on_wrk_cpu() { nice -n "$NICE" taskset -c "$WRK_CPU" "$@"; }

# PostgreSQL refuses to run as root: as root its commands run as the postgres user.
as_pg=()
if [ "$(id -u)" = 0 ]; then as_pg=(runuser -u postgres --); fi

# shellcheck disable=SC2317  # called through the trap
cleanup() {
  stop_server
  if [ -n "$pg_dir" ] && [ -f "$pg_dir/data/postmaster.pid" ]; then
    "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$pg_dir" ]; then rm -rf "$pg_dir"; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free loopback port of the given kind (tcp|udp), chosen by the kernel.
free_port() {
  python3 - "$1" <<'EOF'
import socket, sys
kind = socket.SOCK_STREAM if sys.argv[1] == "tcp" else socket.SOCK_DGRAM
s = socket.socket(socket.AF_INET, kind)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
EOF
}

# 32 base64url characters after "mk_", the documented key format.
admin_key="mk_$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"

start_pg() {
  pg_bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/postgres" ]; then return 1; fi
  pg_dir=$(mktemp -d /tmp/meet-bench-pg-XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown postgres: "$pg_dir"; fi
  pg_port=$(free_port tcp)
  "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U meet --auth=trust -E UTF8 --locale=C --no-sync \
    >"$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log" >&2; return 1; }
  # Pinned with the server: the database's work counts against the same core.
  on_server_cpu "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
    -o "-k $pg_dir -p $pg_port -c listen_addresses=127.0.0.1" start >/dev/null ||
    { cat "$pg_dir/server.log" >&2; return 1; }
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U meet meet_bench
  pg_url="postgres://meet@127.0.0.1:$pg_port/meet_bench"
}

# start_server <data dir> <database url or "">
start_server() {
  local data=$1 db=$2
  http_port=$(free_port tcp)
  local udp_port tcp_port
  udp_port=$(free_port udp)
  tcp_port=$(free_port tcp)
  local args=(serve --bind 127.0.0.1 --public-ip 127.0.0.1 --http-port "$http_port"
    --udp-port "$udp_port" --tcp-port "$tcp_port" --workers 1 --data-dir "$data"
    --admin-key "$admin_key" --log-level warn)
  if [ -n "$db" ]; then args+=(--database-url "$db"); fi
  # nice and taskset exec the server, so $! is the server's own pid (not a subshell's).
  API_RATE_LIMIT=0 nice -n "$NICE" taskset -c "$SERVER_CPU" "$MEET_BIN" "${args[@]}" \
    >"$data.log" 2>&1 &
  server_pid=$!
  base="http://127.0.0.1:$http_port"
  for _ in $(seq 100); do
    if curl -fsS -m 1 "$base/healthz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "server did not start:" >&2
  cat "$data.log" >&2
  return 1
}

# api <method> <path> <key> [body] -> response body; fails on a non-2xx status.
api() {
  curl -fsS -m 5 -X "$1" "$base$2" -H "X-API-Key: $3" -H "Content-Type: application/json" \
    ${4:+-d "$4"}
}

# run_wrk <round> <label> <method> <path> <key> <body> <expect 2xx: 1|0>
#   -> prints the run and appends "backend label round rps p50 p99" to results
run_wrk() {
  local round=$1 label=$2 method=$3 path=$4 key=$5 body=$6 expect_ok=$7 out line
  out=$(BENCH_METHOD=$method BENCH_API_KEY=$key BENCH_BODY=$body \
    on_wrk_cpu wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 2s --latency \
    -s "$LUA" "$base$path")
  line=$(grep '^BENCH ' <<<"$out") || { echo "$out" >&2; return 1; }
  local rps p50 p99 requests non2xx sockerr
  # Values in the order api_bench.lua prints them.
  read -r rps p50 p99 requests non2xx sockerr < <(awk '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); printf "%s ", kv[2] } print "" }' <<<"$line")
  if [ "$sockerr" != 0 ] || { [ "$expect_ok" = 1 ] && [ "$non2xx" != 0 ]; }; then
    echo "!! $label: $non2xx non-2xx answers, $sockerr socket errors" >&2
    failed=1
  fi
  printf '%-8s round %s  %-8s %9s req/s  p50 %7s ms  p99 %8s ms  (%s requests, %s non-2xx)\n' \
    "$backend" "$round" "$label" "$rps" "$p50" "$p99" "$requests" "$non2xx"
  results+=("$backend $label $round $rps $p50 $p99")
}

# bench_backend <name> <database url or "">
bench_backend() {
  backend=$1
  local data="$work/data-$1"
  start_server "$data" "$2"
  local tenant key meeting
  tenant=$(api POST /api/v1/tenants "$admin_key" '{"name":"bench"}' | jq -r .id)
  key=$(api POST "/api/v1/tenants/$tenant/keys" "$admin_key" '{"name":"bench"}' | jq -r .secret)
  meeting=$(api POST /api/v1/meetings "$key" '{"title":"Bench meeting"}' | jq -r .id)
  local token_body='{"identity":"bench-user","name":"Bench User","role":"guest","ttl":3600}'
  # Sanity: one of each before measuring.
  api POST "/api/v1/meetings/$meeting/tokens" "$key" "$token_body" | jq -e .token >/dev/null
  api GET "/api/v1/meetings/$meeting" "$key" | jq -e .id >/dev/null
  # Warm-up (discarded): page cache, allocator, connections.
  BENCH_METHOD=GET BENCH_API_KEY=$key BENCH_BODY="" on_wrk_cpu \
    wrk -t1 -c"$CONNECTIONS" -d2s -s "$LUA" "$base/api/v1/meetings/$meeting" >/dev/null
  local round
  for round in $(seq "$ROUNDS"); do
    run_wrk "$round" mint POST "/api/v1/meetings/$meeting/tokens" "$key" "$token_body" 1
    run_wrk "$round" get GET "/api/v1/meetings/$meeting" "$key" "" 1
    run_wrk "$round" healthz GET /healthz "" "" 1
    run_wrk "$round" 404 GET /api/v1/bench-no-such-route "" "" 0
  done
  stop_server
}

results=()
failed=0
echo "meet API benchmark: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc --all) cores"
echo "server+db on cpu $SERVER_CPU, wrk on cpu $WRK_CPU (nice $NICE):" \
  "$ROUNDS rounds of wrk -t1 -c$CONNECTIONS -d$DURATION per route"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

bench_backend sqlite ""
if [ "$BENCH_PG" != 0 ]; then
  if start_pg; then
    bench_backend postgres "$pg_url"
  elif [ "$BENCH_PG" = 1 ]; then
    echo "PostgreSQL could not be started" >&2
    exit 1
  else
    echo "(PostgreSQL not installed: SQLite only)"
  fi
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Summary per backend and route: medians over the rounds; ratios of the median requests/s
# to the same backend's healthz and 404 medians.
echo
echo "| backend | route | requests/s (median) | min..max | p50 ms | p99 ms | vs healthz | vs 404 |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${results[@]}" | awk '
  function median(list,    n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) {
      t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
    }
    lo = v[1]; hi = v[n]
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  {
    k = $1 " " $2
    if (!(k in rps)) order[++n] = k
    rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6
  }
  END {
    for (i = 1; i <= n; i++) { k = order[i]; m[k] = median(rps[k]); min[k] = lo; max[k] = hi }
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, bk, " ")
      printf "| %s | %s | %.0f | %.0f..%.0f | %.2f | %.2f | %.2f | %.2f |\n",
        bk[1], bk[2], m[k], min[k], max[k], median(p50[k]), median(p99[k]),
        m[k] / m[bk[1] " healthz"], m[k] / m[bk[1] " 404"]
    }
  }'
exit "$failed"
