#!/usr/bin/env bash
# Builds the Cedar parser fuzzer (libFuzzer + AddressSanitizer) and runs it for SECONDS
# (default 120). Seeds: the hand-written and a slice of the generated corpus policies.
# Crash reproducers land in .build/fuzz/artifacts/. Not part of CI.
# Usage: Scripts/fuzz-cedar.sh [SECONDS]   (FUZZ_SOURCE=head: fuzz the last commit; FUZZ_SKIP_BUILD=1: reuse the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
out=.build/fuzz
mkdir -p "$out/corpus" "$out/artifacts"
if [ -z "${FUZZ_SKIP_BUILD:-}" ] || [ ! -x "$out/cedar-parser-fuzz" ]; then
  # Compile a copy, so edits to the sources during the (slow) build cannot break it.
  src="$(mktemp -d)"
  # FUZZ_SOURCE=head fuzzes the last commit instead of the working tree.
  if [ "${FUZZ_SOURCE:-}" = head ]; then
    git archive HEAD Sources/Cedar Fuzz/CedarParserFuzz | tar x -C "$src"
  else
    cp -r Sources/Cedar Fuzz/CedarParserFuzz "$src/"
  fi
  echo "building $out/cedar-parser-fuzz (a few minutes; log in $out/build.log)" >&2
  # shellcheck disable=SC2046
  if ! swiftc -sanitize=fuzzer,address -parse-as-library -O -g -module-name CedarFuzz -swift-version 6 \
      $(find "$src" -name '*.swift' | sort) -o "$out/cedar-parser-fuzz" > "$out/build.log" 2>&1; then
    grep -E 'error' "$out/build.log" | head -20 >&2
    rm -rf "$src"
    exit 1
  fi
  rm -rf "$src"
fi
corpus_root="${CEDAR_CORPUS_DIR:-../shared/cedar-corpus}"
seeds="$out/seeds"
if [ ! -d "$seeds" ] && [ -d "$corpus_root/tests" ]; then
  mkdir -p "$seeds"
  find "$corpus_root/tests" -name '*.cedar' -exec cp {} "$seeds/" \;
  tmp="$(mktemp -d)"
  tar xzf "$corpus_root/corpus-tests.tar.gz" -C "$tmp" --wildcards '*.cedar'
  find "$tmp" -name '*.cedar' | sort | head -500 | xargs -I{} cp {} "$seeds/"
  rm -rf "$tmp"
fi
exec "$out/cedar-parser-fuzz" "$out/corpus" ${seeds:+"$seeds"} -max_total_time="$seconds" -max_len=4096 \
  -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$out/artifacts/" -print_final_stats=1
