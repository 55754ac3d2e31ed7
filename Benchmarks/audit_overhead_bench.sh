#!/usr/bin/env bash
# What the audit log costs a write: user creates/s through the Provisioning API with the audit log (this
# checkout) and without it (the last commit before the audit log, built once in a worktree beside this
# one), measured alternately, five rounds each, on the same machine. Prints the figures and the ratio;
# asserts nothing (the target, within 10%, is in the README).
#
# usage: Benchmarks/audit_overhead_bench.sh [users per round, default 20000]
#        (GATEHOUSE_BIN=path: measure that release binary instead of building this checkout's)
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-20000}
baseline_commit=88f3101   # "Guard: …", the parent of the audit log's first commit (6910cb5)
baseline=${GATEHOUSE_BASELINE_DIR:-$PWD/../gatehouse-baseline-$baseline_commit}

current=${GATEHOUSE_BIN:-.build/release/gatehouse}
[ -n "${GATEHOUSE_BIN:-}" ] || swift build -c release --product gatehouse >/dev/null 2>&1
if [ ! -x "$baseline/.build/release/gatehouse" ]; then
  [ -d "$baseline" ] || git worktree add --detach "$baseline" "$baseline_commit" >/dev/null
  (cd "$baseline" && swift build -c release --product gatehouse >/dev/null)
fi

rate() {  # the creates/s figure of one provisioning_bench.py round
  python3 Benchmarks/provisioning_bench.py --users "$users" --queries 1 --wrk-seconds 0 --bin "$1" | awk '/user creates\/s \(HTTP\)/ {print $4}'
}

with=(); without=()
for round in 1 2 3 4 5; do
  without+=("$(rate "$baseline/.build/release/gatehouse")")
  with+=("$(rate "$current")")
  echo "round $round: without audit ${without[-1]}/s, with audit ${with[-1]}/s"
done
python3 - "${without[*]}" "${with[*]}" <<'PY'
import statistics, sys
without = statistics.median(map(float, sys.argv[1].split()))
with_audit = statistics.median(map(float, sys.argv[2].split()))
print(f"median user creates/s: without audit {without:.0f}, with audit {with_audit:.0f}, "
      f"with/without {with_audit / without:.3f} ({(1 - with_audit / without) * 100:+.1f}% slower)")
PY
