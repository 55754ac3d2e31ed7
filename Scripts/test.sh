#!/usr/bin/env bash
# Runs every test: Swift (Swift Testing, incl. the Cedar corpus slice and the escalation property test), the
# SDK conformance suite (pytest, official Cloudinary SDKs against the real server binary), the Cedar
# differential test against the reference engine (cedarpy), the API fuzz tests (Schemathesis over the
# OpenAPI specs), the Console browser tests (headless Debian chromium through Playwright, a real SMTP
# server from aiosmtpd), the SAML tests (a real pysaml2 IdP, logins in chromium, attacks on the ACS) and the
# SCIM tests (scim2-tester, Okta's and Entra ID's request sequences, read back through the Provisioning API).
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

stage "swift test and the Python suites, side by side"
export GATEHOUSE_BIN="$PWD/.build/debug/gatehouse"
( t=$SECONDS; swift test --skip-build > "$logs/swift.log" 2>&1; s=$?; echo "swift test: $(( SECONDS - t )) s" >> "$logs/swift.log"; exit $s ) &
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
set +e
wait "$swift_pid"; swift_status=$?
wait "$api_pid"; api_status=$?
wait "$console_pid"; console_status=$?
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
stage "done"
if [ "$swift_status" -ne 0 ]; then
  # CI shows the end of the output: repeat what failed there.
  echo "== swift test failures"
  grep -E "✘|Fatal error|Crash|Backtrace|Test Case .* failed|error:|Caught signal|\*\*\* Signal" "$logs/swift.log" | head -80 || true
  grep -B2 -A40 -E "Fatal error|Crash|Caught signal|\*\*\* Signal" "$logs/swift.log" | head -120 || true
fi
rm -rf "$logs"
if [ "$swift_status" -ne 0 ] || [ "$api_status" -ne 0 ] || [ "$console_status" -ne 0 ]; then
  echo "FAILED: swift test exit $swift_status, API suites exit $api_status, Console, SAML and SCIM suites exit $console_status"
  exit 1
fi
