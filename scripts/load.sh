#!/usr/bin/env bash
# Load test of `dalil serve` on the bundled data, on loopback, with wrk (Debian's `wrk`).
#
#   scripts/load.sh            # 64 connections for 60 s of mixed traffic, then an overload phase
#
# Phase 1 (sustained): mixed search/suggest/estimate traffic (scripts/load/mixed.lua) from 64
# connections; reports wrk's totals and, per route, the server-side p50/p99 from /metrics.
# Phase 2 (overload): OVERLOAD_CONNECTIONS (default 1024) connections for OVERLOAD_SECONDS, while
# /health is probed every 200 ms; the service should shed with 503 + Retry-After and keep /health
# fast. Phase 3 (recovery): right after the overload, 20 searches one after another.
#
# Environment: DALIL (the binary; default: the release build), PORT (default 18181), DURATION
# (default 60), OVERLOAD_CONNECTIONS, OVERLOAD_SECONDS (default 30), SERVE_FLAGS (extra flags for
# `dalil serve`, e.g. "--rate-limit 50").
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$HOME/.cache/dalil-target}"
DALIL="${DALIL:-$target/release/dalil}"
PORT="${PORT:-18181}"
DURATION="${DURATION:-60}"
OVERLOAD_CONNECTIONS="${OVERLOAD_CONNECTIONS:-1024}"
OVERLOAD_SECONDS="${OVERLOAD_SECONDS:-30}"
base="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "load.sh needs wrk: apt-get install -y wrk" >&2; exit 2; }
[ -x "$DALIL" ] || { echo "no dalil binary at $DALIL; build it with cargo build --release" >&2; exit 2; }
ulimit -n 65536 2>/dev/null || true

work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck disable=SC2086
RUST_LOG=warn "$DALIL" serve --addr "127.0.0.1:$PORT" --index-dir "$work/index" ${SERVE_FLAGS:-} > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
  curl -fsS "$base/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.2
done
echo "machine: $(nproc) cores, $(uname -sr); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "service: $DALIL serve ${SERVE_FLAGS:-} (bundled data, $(curl -fsS "$base/ready" | python3 -c 'import json,sys; print(json.load(sys.stdin)["index"]["listings"])') listings)"

wrk -t2 -c8 -d5s -s scripts/load/mixed.lua "$base" > /dev/null   # warm caches

echo; echo "## sustained: 64 connections, ${DURATION}s, mixed traffic"
curl -fsS "$base/metrics" > "$work/m0"
wrk -t2 -c64 -d"${DURATION}s" --latency -s scripts/load/mixed.lua "$base" | tee "$work/wrk1"
curl -fsS "$base/metrics" > "$work/m1"
python3 scripts/load/report.py "$work/m0" "$work/m1" "$DURATION"

echo; echo "## overload: $OVERLOAD_CONNECTIONS connections, ${OVERLOAD_SECONDS}s; /health probed every 200 ms"
curl -fsS "$base/metrics" > "$work/m2"
wrk -t2 -c"$OVERLOAD_CONNECTIONS" -d"${OVERLOAD_SECONDS}s" --timeout 10s -s scripts/load/mixed.lua "$base" > "$work/wrk2" &
load=$!
sleep 2
: > "$work/health"
while kill -0 "$load" 2>/dev/null; do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 5 "$base/health" >> "$work/health" || echo "000 5" >> "$work/health"
  sleep 0.2
done
wait "$load" || true
cat "$work/wrk2"
curl -fsS "$base/metrics" > "$work/m3"
python3 scripts/load/report.py "$work/m2" "$work/m3" "$OVERLOAD_SECONDS"
python3 - "$work/health" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
ok = [float(t) * 1000 for code, t in rows if code == "200"]
ok.sort()
if ok:
    print(f"/health during overload: {len(ok)}/{len(rows)} answered 200, p50 {ok[len(ok)//2]:.1f} ms, max {ok[-1]:.1f} ms")
else:
    print(f"/health during overload: 0/{len(rows)} answered")
PY

echo; echo "## recovery: 20 searches right after the overload"
for _ in $(seq 1 20); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base/api/search?q=rolex"
done | python3 -c '
import sys
rows = [l.split() for l in sys.stdin]
codes = sorted({c for c, _ in rows}); times = sorted(float(t) * 1000 for _, t in rows)
print(f"statuses {codes}, first {float(rows[0][1]) * 1000:.1f} ms, p50 {times[len(times)//2]:.1f} ms, max {times[-1]:.1f} ms")'
