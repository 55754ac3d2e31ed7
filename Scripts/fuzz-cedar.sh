#!/usr/bin/env bash
# Builds the Cedar parser fuzzer (libFuzzer + AddressSanitizer) and runs it for SECONDS
# (default 120). Each input goes through the parser, the comment-keeping formatter, the JSON
# policy format (as Cedar text and as JSON) and partial evaluation (Fuzz/CedarParserFuzz).
# Seeds: the hand-written and a slice of the generated corpus policies, plus a few JSON policy sets.
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
  # sed, not head: head would close the pipe early and pipefail would end the script.
  find "$tmp" -name '*.cedar' | sort | sed -n 1,500p | xargs -I{} cp {} "$seeds/"
  rm -rf "$tmp"
fi
# JSON policy sets, so mutations reach the JSON reader's paths too.
est="$out/seeds-est"
mkdir -p "$est"
printf '%s' '{"templates":{},"staticPolicies":{"p":{"effect":"permit","principal":{"op":"==","entity":{"type":"User","id":"alice"}},"action":{"op":"in","entities":[{"type":"Action","id":"view"}]},"resource":{"op":"is","entity_type":"Photo","in":{"entity":{"type":"Album","id":"a"}}},"conditions":[{"kind":"when","body":{"&&":{"left":{"like":{"left":{".":{"left":{"Var":"resource"},"attr":"name"}},"pattern":[{"Literal":"a"},"Wildcard"]}},"right":{"isInRange":[{"ip":[{"Value":"10.0.0.1"}]},{"ip":[{"Value":"10.0.0.0/8"}]}]}}}}],"annotations":{"id":"x","bare":null}}},"templateLinks":[]}' > "$est/static.json"
printf '%s' '{"templates":{"t":{"effect":"forbid","principal":{"op":"in","slot":"?principal"},"action":{"op":"All"},"resource":{"op":"==","slot":"?resource"},"conditions":[{"kind":"unless","body":{"if-then-else":{"if":{"has":{"left":{"Var":"context"},"attr":"n"}},"then":{">":{"left":{".":{"left":{"Var":"context"},"attr":"n"}},"right":{"Value":-5}}},"else":{"Record":{"a":{"Set":[{"Value":{"__entity":{"type":"A","id":"b"}}}]}}}}}}]}},"staticPolicies":{},"templateLinks":[{"templateId":"t","newId":"l","values":{"?principal":{"type":"G","id":"g"},"?resource":{"type":"P","id":"p"}}}]}' > "$est/template.json"
exec "$out/cedar-parser-fuzz" "$out/corpus" ${seeds:+"$seeds"} "$est" -max_total_time="$seconds" -max_len=4096 \
  -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$out/artifacts/" -print_final_stats=1
