#!/usr/bin/env bash
# Runs every test: Swift (Swift Testing, incl. the Cedar corpus slice), the SDK conformance suite (pytest,
# official Cloudinary SDKs against the real server binary), the Cedar differential test against the
# reference engine (cedarpy) and the API fuzz tests (Schemathesis over the OpenAPI specs, against the real
# server binary), and the Console browser tests (headless Debian chromium through Playwright, a real SMTP
# server from aiosmtpd). Installs what it needs (a venv with the pinned packages, chromium) idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== swift build (server and tests)"
swift build --build-tests

echo "== swift test"
set +e
swift test --skip-build
swift_status=$?
set -e

echo "== SDK conformance, Cedar differential and API fuzz tests (pytest)"
Scripts/sdk-venv.sh
Scripts/cedar-diff-venv.sh
Scripts/fuzz-venv.sh
Scripts/console-venv.sh
export GATEHOUSE_BIN="$PWD/.build/debug/gatehouse"
set +e
.venv/bin/python -m pytest Tests/sdk Tests/cedar-diff Tests/fuzz Tests/console -q -p no:cacheprovider
pytest_status=$?
set -e

if [ "$swift_status" -ne 0 ] || [ "$pytest_status" -ne 0 ]; then
  echo "FAILED: swift test exit $swift_status, pytest exit $pytest_status"
  exit 1
fi
