#!/usr/bin/env bash
# Runs every test: Swift (Swift Testing, incl. the Cedar corpus slice and the escalation property test), the
# SDK conformance suite (pytest, official Cloudinary SDKs against the real server binary), the Cedar
# differential test against the reference engine (cedarpy), the API fuzz tests (Schemathesis over the
# OpenAPI specs), the Console browser tests (headless Debian chromium through Playwright, a real SMTP
# server from aiosmtpd), the SAML tests (a real pysaml2 IdP, logins in chromium, attacks on the ACS) and the
# SCIM tests (scim2-tester, Okta's and Entra ID's request sequences, read back through the Provisioning API);
# then, on a throwaway PostgreSQL server it starts itself, the store tests and the SDK suite a second time
# and the several-servers tests (Tests/postgres).
# Installs what it needs (Debian's libxml2/zlib headers and xmlsec1, a venv with the pinned packages,
# chromium) idempotently,
# while the Swift build runs; then runs the Swift tests and the Python suites side by side. Prints each
# stage's time.
set -euo pipefail
cd "$(dirname "$0")/.."
logs="$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-test-XXXXXX")"
start=$SECONDS
stage() { echo "== $1 ($(( SECONDS - start )) s since start)"; }

stage "system packages"
Scripts/system-packages.sh
stage "python tools (in the background) and swift build"
(
  Scripts/sdk-venv.sh && Scripts/cedar-diff-venv.sh && Scripts/fuzz-venv.sh && Scripts/console-venv.sh && Scripts/saml-venv.sh && Scripts/scim-venv.sh
) > "$logs/setup.log" 2>&1 &
setup_pid=$!
build_start=$SECONDS
swift build --build-tests
echo "swift build: $(( SECONDS - build_start )) s"
setup_start=$SECONDS
if ! wait "$setup_pid"; then
  cat "$logs/setup.log"
  echo "FAILED: installing the Python test tools"
  exit 1
fi
echo "python tools ready ($(( SECONDS - setup_start )) s after the build)"

stage "a throwaway PostgreSQL server"
pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-postgres-XXXXXX")
pg_url=$(Scripts/postgres.sh start "$pg_dir" | tail -1)
trap 'Scripts/postgres.sh stop "$pg_dir"; rm -rf "$pg_dir"' EXIT
echo "PostgreSQL at $pg_url"

stage "swift test and the Python suites, side by side"
export GATEHOUSE_BIN="$PWD/.build/debug/gatehouse"
# The store tests run twice: on SQLite (with everything else), then on PostgreSQL. Their stores and files go
# under the logs directory, removed at the end: the fixtures never delete theirs (thousands per run).
mkdir -p "$logs/tmp"
( export TMPDIR="$logs/tmp"
  t=$SECONDS; swift test --skip-build > "$logs/swift.log" 2>&1; s=$?; echo "swift test: $(( SECONDS - t )) s" >> "$logs/swift.log"
  t=$SECONDS; GATEHOUSE_TEST_DATABASE_URL="$pg_url" swift test --skip-build --filter GatehouseStoreSQLiteTests > "$logs/swift-pg.log" 2>&1
  p=$?; echo "swift test, store tests on PostgreSQL: $(( SECONDS - t )) s" >> "$logs/swift-pg.log"
  cat "$logs/swift-pg.log" >> "$logs/swift.log"; [ "$s" -eq 0 ] && [ "$p" -eq 0 ] ) &
swift_pid=$!
# The browser suite runs in its own process beside the API suites: each starts its own servers.
suite() {
  local name=$1; shift
  ( t=$SECONDS; .venv/bin/python -m pytest "$@" -q -p no:cacheprovider > "$logs/$name.log" 2>&1
    s=$?; echo "$name: $(( SECONDS - t )) s" >> "$logs/$name.log"; exit $s )
}
suite pytest-api Tests/sdk Tests/cedar-diff Tests/fuzz &
api_pid=$!
# The SAML and SCIM suites have their own conftest, so their own processes: after the Console's, beside the others.
( c=0; s=0; m=0; suite pytest-console Tests/console || c=$?; suite pytest-saml Tests/saml || s=$?
  suite pytest-scim Tests/scim || m=$?; [ "$c" -eq 0 ] && [ "$s" -eq 0 ] && [ "$m" -eq 0 ] ) &
console_pid=$!
# The SDK suite again with every server's store in a PostgreSQL database of its own, then two servers on one.
( export GATEHOUSE_TEST_DATABASE_URL="$pg_url"; a=0; p=0; suite pytest-sdk-pg Tests/sdk || a=$?
  suite pytest-postgres Tests/postgres || p=$?; [ "$a" -eq 0 ] && [ "$p" -eq 0 ] ) &
postgres_pid=$!
set +e
wait "$swift_pid"; swift_status=$?
wait "$api_pid"; api_status=$?
wait "$console_pid"; console_status=$?
wait "$postgres_pid"; postgres_status=$?
set -e

stage "swift test output"
cat "$logs/swift.log"
stage "pytest output: SDK conformance, Cedar differential, fuzz"
cat "$logs/pytest-api.log"
stage "pytest output: Console in headless chromium"
cat "$logs/pytest-console.log"
stage "pytest output: SAML with a real IdP, in headless chromium"
cat "$logs/pytest-saml.log" 2>/dev/null || true
stage "pytest output: SCIM with scim2-tester and the IdPs' request sequences"
cat "$logs/pytest-scim.log" 2>/dev/null || true
stage "pytest output: the SDK suite on PostgreSQL"
cat "$logs/pytest-sdk-pg.log" 2>/dev/null || true
stage "pytest output: several servers on one PostgreSQL database"
cat "$logs/pytest-postgres.log" 2>/dev/null || true
stage "done"
if [ "$swift_status" -ne 0 ]; then
  # CI shows the end of the output: repeat what failed there.
  echo "== swift test failures"
  grep -E "✘|Fatal error|Crash|Backtrace|Test Case .* failed|error:|Caught signal|\*\*\* Signal" "$logs/swift.log" | head -80 || true
  grep -B2 -A40 -E "Fatal error|Crash|Caught signal|\*\*\* Signal" "$logs/swift.log" | head -120 || true
fi
Scripts/postgres.sh stop "$pg_dir"
trap - EXIT
rm -rf "$logs" "$pg_dir"
if [ "$swift_status" -ne 0 ] || [ "$api_status" -ne 0 ] || [ "$console_status" -ne 0 ] || [ "$postgres_status" -ne 0 ]; then
  echo "FAILED: swift test exit $swift_status, API suites exit $api_status, Console, SAML and SCIM suites exit $console_status, PostgreSQL suites exit $postgres_status"
  exit 1
fi
