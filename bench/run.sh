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
"$BIN" seed --scale "$SCALE" --sessions-out "$DIR/eval-sessions.txt"
# The seed writes about a gigabyte: let the kernel finish writing it back before measuring,
# or the first scenarios compete with that I/O.
sync

"$BIN" serve > "$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$BASE/readyz" >/dev/null && break; sleep 0.1; done
curl -fs "$BASE/readyz" >/dev/null || { echo "server did not start"; cat "$DIR/server.log"; exit 1; }

# wrk prints latencies as 1.23ms / 456.00us / 1.02s: convert to milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

HEALTH_RPS=""
# Sessions to measure with (benchmark accounts made by seed --scale; demo password).
login() { curl -s -o /dev/null -c "$DIR/$1.jar" -d "username=$1&password=lianxin-demo" "$BASE/api/auth/login"; awk '$6 == "lx_session" { print "lx_session=" $7 }' "$DIR/$1.jar"; }
ADMIN_COOKIE=$(login bench-admin)
MEMBER_COOKIE=$(login bench-member)
SECRETARY_COOKIE=$(login bench-secretary)
[ -n "$ADMIN_COOKIE" ] && [ -n "$MEMBER_COOKIE" ] && [ -n "$SECRETARY_COOKIE" ] || { echo "benchmark accounts could not log in"; exit 1; }
cat > "$DIR/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "username=bench-member&password=lianxin-demo"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

printf "\n%-34s %10s %10s %10s %10s\n" "scenario (connections), ${SECONDS_EACH}s each" "req/s" "p50 ms" "p99 ms" "÷healthz"
# run NAME PATH [CONNECTIONS] [extra wrk arguments...]
run() {
  local name=$1 path=$2 conns=${3:-$CONNS}
  shift 3 || shift $#
  local out
  # A short warm-up first, not recorded: the first seconds of a fresh process (allocator,
  # caches, connection pool) are not what a running server does.
  wrk -t2 -c"$conns" -d2s -H "Accept-Encoding: gzip" "$@" "$BASE$path" > /dev/null
  out=$(wrk -t2 -c"$conns" -d"${SECONDS_EACH}s" --latency -H "Accept-Encoding: gzip" "$@" "$BASE$path")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  errors=$(awk '/Non-2xx or 3xx responses:/ { print $5 } /Socket errors:/ { print "socket errors" }' <<<"$out")
  [ -z "$HEALTH_RPS" ] && HEALTH_RPS=$rps
  printf "%-34s %10.0f %10s %10s %10.3f %s\n" "$name ($conns)" "$rps" "$p50" "$p99" "$(awk -v a="$rps" -v b="$HEALTH_RPS" 'BEGIN { print a / b }')" "${errors:+ERRORS: $errors}"
}
run "/healthz" /healthz "$CONNS"
# Anonymous visitors share one rendered home page for a few seconds (anonymous_pages.rs);
# a member's home page is rendered for them on every request.
run "home page / (anonymous)" / "$CONNS" -H "Accept: text/html"
run "home page / (member, rendered)" / "$CONNS" -H "Accept: text/html" -H "Cookie: $MEMBER_COOKIE"
run "organization overview API" /api/org/get_overview "$CONNS"
run "member list /admin/people" /admin/people 32 -H "Cookie: $ADMIN_COOKIE"
run "member search (pinyin)" "/admin/people?q=lhm" 32 -H "Cookie: $ADMIN_COOKIE"
run "member archive /admin/members" /admin/members 32 -H "Cookie: $ADMIN_COOKIE"
run "archive, page 2000 typed (OFFSET)" "/admin/members?page=2000" 32 -H "Cookie: $ADMIN_COOKIE"
# The pager's next link from page 1999 carries the last id shown there.
CURSOR=$(curl -s -H "Cookie: $ADMIN_COOKIE" "$BASE/api/archive/list_members?page=1999" | python3 -c 'import json, sys; print(json.load(sys.stdin)["rows"][-1]["id"])')
run "archive, page 2000 via pager" "/admin/members?page=2000&after=$CURSOR" 32 -H "Cookie: $ADMIN_COOKIE"
run "my page /me" /me 32 -H "Cookie: $MEMBER_COOKIE"
run "mailbox: branch secretary inbox" /admin/mailbox 32 -H "Cookie: $SECRETARY_COOKIE"
run "mailbox: inbox over 200k letters" /admin/mailbox 32 -H "Cookie: $ADMIN_COOKIE"
run "mailbox: response figures" /mailbox/stats 32 -H "Accept: text/html"
run "mailbox: published letters" /mailbox/public 32 -H "Accept: text/html"
# Evaluation: 50 targets answered by 20 000 members; 20 000 others submit one card each
# per request, every (person, target) pair once (a repeat would be a 409 and show as an
# error). The offset from the clock keeps the warm-up's pairs apart from the run's.
CAMPAIGN=$(curl -s -H "Cookie: $ADMIN_COOKIE" "$BASE/api/evaluation/admin" | python3 -c 'import json, sys; print(json.load(sys.stdin)["campaigns"][0]["id"])')
FIRST_TOKEN=$(head -1 "$DIR/eval-sessions.txt")
TARGETS=$(curl -s -H "Cookie: lx_session=$FIRST_TOKEN" "$BASE/api/evaluation/sheet?id=$CAMPAIGN" | python3 -c 'import json, sys; print(",".join(str(t["id"]) for t in json.load(sys.stdin)["targets"]))')
cat > "$DIR/submit.lua" <<LUA
local tokens = {}
for line in io.lines("$DIR/eval-sessions.txt") do tokens[#tokens + 1] = line end
local targets = { $TARGETS }
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
local counter = (os.time() % 50) * 10000
function request()
  local k = counter * 2 + tid
  counter = counter + 1
  local u = k % #tokens
  local t = math.floor(k / #tokens) % #targets
  local body = "campaign=$CAMPAIGN&target=" .. targets[t + 1] .. "&answers%5Bq1%5D=5&answers%5Bq2%5D=4&answers%5Bq3%5D=5&answers%5Bq4%5D=4&answers%5Bq5%5D=1"
  return wrk.format("POST", "/api/evaluation/submit", { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "lx_session=" .. tokens[u + 1] }, body)
end
LUA
run "evaluation: results, 50 targets" "/admin/evaluations/$CAMPAIGN" 32 -H "Cookie: $ADMIN_COOKIE"
run "evaluation: submit a card" /api/evaluation/submit 32 -s "$DIR/submit.lua"
# Forum: 1 000 000 posts in topics of 21 (an opening post and 20 replies) on 20 boards
# of the county, read by one of its members; replies by 20 000 members to 20 topics.
FORUM=$(curl -s -H "Cookie: $MEMBER_COOKIE" "$BASE/api/forum/boards" | python3 -c 'import json, sys; print([b for b in json.load(sys.stdin)["boards"] if b["name"].startswith("规模测试")][0]["id"])')
TOPICS=$(curl -s -H "Cookie: $MEMBER_COOKIE" "$BASE/api/forum/board?id=$FORUM&page=50" | python3 -c 'import json, sys; print(",".join(str(t["id"]) for t in json.load(sys.stdin)["topics"]))')
TOPIC=${TOPICS%%,*}
cat > "$DIR/reply.lua" <<LUA
local tokens = {}
for line in io.lines("$DIR/eval-sessions.txt") do tokens[#tokens + 1] = line end
local topics = { $TOPICS }
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
local counter = os.time() * 1000
function request()
  counter = counter + 1
  local k = counter * 2 + tid
  local body = "form%5Btopic_id%5D=" .. topics[k % #topics + 1] .. "&form%5Bbody%5D=%E6%88%91%E6%9D%A5%E6%8A%A5%E5%90%8D%EF%BC%8C%E8%B0%A2%E8%B0%A2%E7%BB%84%E7%BB%87&form%5Breply_to%5D=&form%5Bclient_key%5D=b" .. k
  return wrk.format("POST", "/api/forum/reply", { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "lx_session=" .. tokens[k % #tokens + 1] }, body)
end
LUA
run "forum: board list /forum" /forum 32 -H "Cookie: $MEMBER_COOKIE"
run "forum: topic page, 21 posts" "/forum/topics/$TOPIC" "$CONNS" -H "Cookie: $MEMBER_COOKIE"
run "forum: board page" "/forum/boards/$FORUM" "$CONNS" -H "Cookie: $MEMBER_COOKIE"
run "forum: post a reply" /api/forum/reply 32 -s "$DIR/reply.lua"
run "forum: search 志愿服务" "/api/forum/search?q=%E5%BF%97%E6%84%BF%E6%9C%8D%E5%8A%A1" 32 -H "Cookie: $MEMBER_COOKIE"
run "forum: search 党员 AND 服务" "/api/forum/search?q=%E5%85%9A%E5%91%98+%E6%9C%8D%E5%8A%A1" 32 -H "Cookie: $MEMBER_COOKIE"
# Study: a lesson of the newest course the county published, read by one of its members;
# the county's leaderboard of the month over 10 000 000 ledger rows of 100 000 members,
# read from the per-period sums.
STUDY_COURSE=$(curl -s -H "Cookie: $MEMBER_COOKIE" "$BASE/api/study/home" | python3 -c 'import json, sys; print(json.load(sys.stdin)["courses"][0]["id"])')
LESSON=$(curl -s -H "Cookie: $MEMBER_COOKIE" "$BASE/api/study/course?id=$STUDY_COURSE" | python3 -c 'import json, sys; print(json.load(sys.stdin)["chapters"][0]["lessons"][0]["id"])')
run "study: lesson page" "/study/lessons/$LESSON" 32 -H "Cookie: $MEMBER_COOKIE"
run "study: county ranking, month" "/study/leaderboard?scope=county&period=month" 32 -H "Cookie: $MEMBER_COOKIE"
run "login (argon2id)" /api/auth/login 8 -s "$DIR/login.lua"

echo
echo "bytes a phone downloads for the home page (gzip -9):"
# What the home page loads: the HTML, the main JS, wasm and CSS it names, the split loader,
# and the wasm chunks of the home page's route from the split manifest (the page's preload
# links for them are not on every response, so they are not counted from the HTML). Other
# pages' chunks are not counted: a phone fetches them only when it opens those pages.
curl -s --compressed -H 'Accept-Encoding: gzip' "$BASE/" > "$DIR/home.html"
html=$(curl -s --compressed -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$BASE/")
python3 - "$html" "$DIR/home.html" target/site/pkg <<'PY'
import glob, gzip, json, os, re, sys
html, page, pkg = int(sys.argv[1]), open(sys.argv[2]).read(), sys.argv[3]
gz = lambda f: len(gzip.compress(open(os.path.join(pkg, f), "rb").read(), 9))
files = {f.split("/pkg/", 1)[1] for f in re.findall(r'/pkg/[^"]*', page)}
files |= {os.path.basename(f) for f in glob.glob(os.path.join(pkg, "__wasm_split.*.js"))}
for manifest in glob.glob(os.path.join(pkg, "__wasm_split_manifest*.json")):
    for key, chunks in json.load(open(manifest)).items():
        if key.startswith("home_route_"):
            files |= {c + ".wasm" for c in chunks}
kinds = {"wasm": 0, "js": 0, "css": 0}
for f in files:
    kind = f.rsplit(".", 1)[1]
    if kind in kinds:
        kinds[kind] += gz(f)
total = html + sum(kinds.values())
for name, size in [("html", html), *kinds.items()]:
    print(f"  {name:<10} {size:8d} bytes")
print(f"  {'total':<10} {total:8d} bytes ({total / 1024:.1f} KB, {len(files) + 1} files)")
every = sum(gz(os.path.basename(f)) for f in glob.glob(os.path.join(pkg, "*.wasm")))
print(f"  (every page's wasm together: {every} bytes in {len(glob.glob(os.path.join(pkg, '*.wasm')))} files)")
PY

# Each scenario ends with wrk hanging up on requests mid-render; the server must take it in stride.
printf "\nserver log: %s panics, %s internal errors\n" "$(grep -c 'panicked at' "$DIR/server.log" || true)" "$(grep -c 'internal error' "$DIR/server.log" || true)"
