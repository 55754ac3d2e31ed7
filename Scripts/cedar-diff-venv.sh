#!/usr/bin/env bash
# Installs the Cedar differential/benchmark requirements (cedarpy) into .venv (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=".venv/.cedar-diff-requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" Tests/cedar-diff/requirements.txt; then exit 0; fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/cedar-diff/requirements.txt
cp Tests/cedar-diff/requirements.txt "$stamp"
