#!/usr/bin/env bash
# Creates .venv with the pinned official Cloudinary SDKs and pytest (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=".venv/.gatehouse-requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" Tests/sdk/requirements.txt; then exit 0; fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/sdk/requirements.txt
cp Tests/sdk/requirements.txt "$stamp"
