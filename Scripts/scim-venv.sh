#!/usr/bin/env bash
# Adds what the SCIM tests need to .venv (after Scripts/sdk-venv.sh, whose SDKs, httpx and pytest they use, and
# Scripts/console-venv.sh, whose aiosmtpd catches the invitations), idempotently: the pinned scim2-tester (with its
# httpx2 client) and Hypothesis for the never-5xx tests.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=".venv/.gatehouse-scim-requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" Tests/scim/requirements.txt; then exit 0; fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/scim/requirements.txt
cp Tests/scim/requirements.txt "$stamp"
