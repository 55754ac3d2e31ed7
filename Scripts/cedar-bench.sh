#!/usr/bin/env bash
# Cedar authorization benchmark: our engine (cedar-bench, release build) against the
# reference engine (cedarpy 4.12.2) on identical Cloudinary-shaped data (10k entities;
# 10 / 100 / 1,000 policies). Prints one table of per-decision latencies in microseconds.
# Usage: Scripts/cedar-bench.sh [REQUESTS, default 5000]
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-5000}"
Scripts/cedar-diff-venv.sh
bin="${CEDAR_BENCH_BIN:-}"
if [ -z "$bin" ]; then
  swift build -c release --product cedar-bench >&2
  bin=".build/release/cedar-bench"
fi
data="$(mktemp -d /tmp/cedar-bench-XXXXXX)"
trap 'rm -rf "$data"' EXIT
"$bin" --requests "$requests" --dump "$data" --json > "$data/ours.jsonl"
.venv/bin/python Benchmarks/cedar_bench_cedarpy.py --data "$data" --json > "$data/ref.jsonl"
.venv/bin/python - "$data/ours.jsonl" "$data/ref.jsonl" <<'PY'
import json, sys
ours = {r["policies"]: r for r in map(json.loads, open(sys.argv[1]))}
ref = {r["policies"]: r for r in map(json.loads, open(sys.argv[2]))}
print(f"{'policies':>8} | {'gatehouse p50':>13} {'p99':>8} {'mean':>8} {'json-line mean':>14} | {'cedarpy engine p50':>18} {'p99':>8} {'batch mean':>10} | {'speedup':>7}")
for n in sorted(ours):
    o, r = ours[n], ref[n]
    speed = r["batch_mean_us"] / o["jsonline_mean_us"]
    print(f"{n:8d} | {o['p50_us']:13.1f} {o['p99_us']:8.1f} {o['mean_us']:8.1f} {o['jsonline_mean_us']:14.1f} | "
          f"{r['engine_p50_us']:18.1f} {r['engine_p99_us']:8.1f} {r['batch_mean_us']:10.1f} | {speed:6.1f}x")
    if abs(o["allow_pct"] - r["allow_pct"]) > 1e-9:
        print(f"  WARNING: allow rate differs ({o['allow_pct']:.2f}% vs {r['allow_pct']:.2f}%)")
print("(microseconds per decision; speedup = cedarpy batch mean / gatehouse json-line mean, both including request decoding)")
PY
