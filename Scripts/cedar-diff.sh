#!/usr/bin/env bash
# Differential test of our Cedar engine against the reference (cedarpy 4.12.2).
# Usage: Scripts/cedar-diff.sh [N requests, default 1000] [SEED, default 1]
# Uses $GATEHOUSE_BIN, else .build/release or .build/debug gatehouse (built if missing).
# Last line: "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/cedar-diff-venv.sh
if [ -z "${GATEHOUSE_BIN:-}" ] && [ ! -x .build/release/gatehouse ] && [ ! -x .build/debug/gatehouse ]; then
  swift build --product gatehouse >&2
fi
exec .venv/bin/python Tests/cedar-diff/cedar_diff.py "${1:-1000}" "${2:-1}"
