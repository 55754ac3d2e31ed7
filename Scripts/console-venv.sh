#!/usr/bin/env bash
# Adds what the Console browser tests need to .venv (after Scripts/sdk-venv.sh), idempotently: Debian's
# chromium (never a Playwright browser download) and the pinned playwright, pyotp and aiosmtpd.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/lib/chromium/chromium ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
stamp=".venv/.gatehouse-console-requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" Tests/console/requirements.txt; then exit 0; fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/console/requirements.txt
cp Tests/console/requirements.txt "$stamp"
