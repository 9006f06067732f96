#!/usr/bin/env bash
# make bench: release build (done by make), a large data set, then wrk against each
# scenario for a fixed time. Prints requests/s, p50, p99 and the ratio to /healthz
# (the bare HTTP stack) measured in the same run, and the compressed bytes a phone loads.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${BENCH_PORT:-3200}
SECONDS_EACH=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-64}
SCALE=${BENCH_SCALE:-100000}
BASE="http://127.0.0.1:$PORT"
DIR=target/bench
BIN=target/release/lianxin

rm -rf "$DIR" && mkdir -p "$DIR"
export DATABASE_URL="sqlite://$DIR/bench.db?mode=rwc" LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$PORT" RUST_LOG=warn
echo "seeding --scale $SCALE ..."
"$BIN" seed --scale "$SCALE"

"$BIN" serve > "$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$BASE/readyz" >/dev/null && break; sleep 0.1; done
curl -fs "$BASE/readyz" >/dev/null || { echo "server did not start"; cat "$DIR/server.log"; exit 1; }

# wrk prints latencies as 1.23ms / 456.00us / 1.02s: convert to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

HEALTH_RPS=""
printf "\n%-28s %12s %10s %10s %10s\n" "scenario ($CONNS conns, ${SECONDS_EACH}s)" "req/s" "p50 ms" "p99 ms" "÷healthz"
run() {
  local name=$1 path=$2 accept=${3:-}
  local out
  out=$(wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" --latency -H "Accept-Encoding: gzip" ${accept:+-H "$accept"} "$BASE$path")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  errors=$(awk '/Non-2xx or 3xx responses:/ { print $5 } /Socket errors:/ { print "socket errors" }' <<<"$out")
  [ -z "$HEALTH_RPS" ] && HEALTH_RPS=$rps
  printf "%-28s %12.0f %10s %10s %10.3f %s\n" "$name" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$HEALTH_RPS" 'BEGIN { print a / b }')" "${errors:+ERRORS: $errors}"
}
run "/healthz" /healthz
run "home page /" / "Accept: text/html"
run "organization overview API" /api/org/get_overview

echo
echo "bytes a phone downloads for the home page (gzip -9):"
html=$(curl -s --compressed -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$BASE/")
wasm=$(gzip -9 -c target/site/pkg/*.wasm | wc -c)
js=$(gzip -9 -c target/site/pkg/*.js | wc -c)
css=$(gzip -9 -c target/site/pkg/*.css | wc -c)
printf "  %-10s %8d bytes\n" html "$html" wasm "$wasm" js "$js" css "$css"
printf "  %-10s %8d bytes (%.1f KB)\n" total $((html + wasm + js + css)) "$(awk -v t=$((html + wasm + js + css)) 'BEGIN { print t / 1024 }')"
