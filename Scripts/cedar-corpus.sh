#!/usr/bin/env bash
# Runs the Cedar conformance tests over the WHOLE reference corpus
# (hand-written tests/ plus every generated case in corpus-tests.tar.gz).
# The corpus is found via CEDAR_CORPUS_DIR or ../shared/cedar-corpus next to the repo.
# Last line of output: "N passed, M failed" (N/M count test files of the generated corpus).
set -uo pipefail
cd "$(dirname "$0")/.."
export CEDAR_CORPUS_LIMIT="${CEDAR_CORPUS_LIMIT:-all}"
out="$(swift test --filter 'CedarTests.ConformanceTests' 2>&1)"
status=$?
echo "$out" | grep -E '^(FAIL |hand-written:|corpus requests:)' || true
summary="$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)"
if [ -z "$summary" ]; then
  echo "$out" | tail -30
  echo "0 passed, 1 failed"
  exit 1
fi
echo "$summary"
exit $status
