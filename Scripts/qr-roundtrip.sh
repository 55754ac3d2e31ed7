#!/usr/bin/env bash
# Decodes the Console's QR Code SVGs with an independent reader: the QRCodeTests write SVGs of a few texts at every
# error correction level, rsvg-convert renders them to PNG, zbarimg decodes them, and each result must equal its
# text. Run by hand (it installs Debian's zbar-tools and librsvg2-bin if missing); `swift build --build-tests` first.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v zbarimg > /dev/null || ! command -v rsvg-convert > /dev/null; then
    apt-get install -y -q zbar-tools librsvg2-bin > /dev/null
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
QRCODE_SVG_DIR="$dir" swift test --skip-build --filter 'QRCodeTests/writeSVGsForDecoding' > "$dir/test.log" 2>&1 \
    || { cat "$dir/test.log"; exit 1; }
passed=0 failed=0
for svg in "$dir"/*.svg; do
    name=${svg%.svg}
    rsvg-convert "$svg" -o "$name.png"
    decoded=$(zbarimg --quiet --raw -Sbinary "$name.png" 2> /dev/null || true)
    if [ "$decoded" == "$(cat "$name.txt")" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "$(basename "$name"): decoded '$decoded', expected '$(cat "$name.txt")'"
    fi
done
[ $((passed + failed)) -gt 0 ] || { echo "no SVGs were written"; exit 1; }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
