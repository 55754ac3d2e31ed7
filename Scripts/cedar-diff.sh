#!/usr/bin/env bash
# Differential test of our Cedar engine against the reference (cedarpy 4.12.2):
# N random requests over random Cloudinary-shaped policies/entities, then N/5 mutated
# policy texts through both parsers. Mismatches are printed as reproducers.
# Usage: Scripts/cedar-diff.sh [N requests, default 1000] [SEED, default 1]
# Uses $GATEHOUSE_BIN, else .build/release or .build/debug gatehouse (built if missing).
# Known engine gaps (entity cycles, `__cedar` names) are included unless CEDAR_DIFF_SKIP_KNOWN_GAPS=1.
# Last line: "N passed, M failed" (requests + parser cases).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
seed="${2:-1}"
Scripts/cedar-diff-venv.sh
if [ -z "${GATEHOUSE_BIN:-}" ] && [ ! -x .build/release/gatehouse ] && [ ! -x .build/debug/gatehouse ]; then
  swift build --product gatehouse >&2
fi
set +e
skip=()
if [ -n "${CEDAR_DIFF_SKIP_KNOWN_GAPS:-}" ]; then skip=(--skip-known-gaps); fi
.venv/bin/python Tests/cedar-diff/cedar_diff.py "$n" "$seed" "${skip[@]}" | tee /dev/stderr | tail -1 > "${TMPDIR:-/tmp}/cedar-diff-$$.a"
.venv/bin/python Tests/cedar-diff/syntax_diff.py "$(( (n + 4) / 5 ))" "$seed" "${skip[@]}" | tee /dev/stderr | tail -1 > "${TMPDIR:-/tmp}/cedar-diff-$$.b"
set -e
read -r p1 _ f1 _ < "${TMPDIR:-/tmp}/cedar-diff-$$.a"
read -r p2 _ f2 _ < "${TMPDIR:-/tmp}/cedar-diff-$$.b"
rm -f "${TMPDIR:-/tmp}/cedar-diff-$$.a" "${TMPDIR:-/tmp}/cedar-diff-$$.b"
echo "$((p1 + p2)) passed, $((f1 + f2)) failed"
[ "$((f1 + f2))" -eq 0 ]
