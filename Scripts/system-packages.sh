#!/usr/bin/env bash
# Installs the Debian packages the build and the SAML tests need (libxml2 and zlib headers for the
# CLibXML2 system-library target, xmlsec1 as the fixtures' signer and oracle), only those missing, so
# calling it on every run costs nothing once they are there. PostgreSQL: the second store's tests start a
# throwaway server of their own (Scripts/postgres.sh).
set -euo pipefail
missing=()
for pkg in libxml2-dev zlib1g-dev xmlsec1 postgresql; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    apt_get() { if [ "$(id -u)" -eq 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
    apt_get update -qq
    DEBIAN_FRONTEND=noninteractive apt_get install -y -qq "${missing[@]}"
fi
