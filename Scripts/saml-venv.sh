#!/usr/bin/env bash
# Adds what the SAML tests need to .venv (after Scripts/sdk-venv.sh and Scripts/console-venv.sh),
# idempotently: Debian's xmlsec1 (pysaml2 signs through it; the tests use it as an oracle) and the pinned
# pysaml2, signxml and lxml.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v xmlsec1 >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1
fi
stamp=".venv/.gatehouse-saml-requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" Tests/saml/requirements.txt; then exit 0; fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/saml/requirements.txt
cp Tests/saml/requirements.txt "$stamp"
