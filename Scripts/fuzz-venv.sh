#!/usr/bin/env bash
# Installs the fuzz-test requirements (Schemathesis) into .venv (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=".venv/.fuzz-requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" Tests/fuzz/requirements.txt; then exit 0; fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/fuzz/requirements.txt
cp Tests/fuzz/requirements.txt "$stamp"
