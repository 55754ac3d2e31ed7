#!/usr/bin/env python3
"""Writes Tests/GatehouseConsoleTests/Fixtures/qr-reference.json, the reference that QRCodeTests compares our QR Code
encoder with: module matrices, mask penalty scores and byte capacities made by segno, an independent implementation.

Run once by hand whenever the cases change (segno is not needed to run the tests):

    python3 -m venv /tmp/qr-reference && /tmp/qr-reference/bin/pip install segno==1.6.6
    /tmp/qr-reference/bin/python Scripts/qr-reference.py
"""

import json
import pathlib
import random

import segno
from segno import encoder

LEVELS = "LMQH"


def iso_padding_bits(buff, version, length):
    """segno 1.6.6 adds eight zero bits when the stream after the terminator already ends on a codeword boundary,
    which in byte mode is always, so its pad codewords start with 0x00 instead of 0xEC. ISO/IEC 18004 7.4.10 adds
    padding bits only to reach the boundary; readers accept both, but our encoder follows the standard, and so does
    the reference after this one correction. Everything else (blocks, Reed-Solomon, placement, masks, format and
    version information, penalty scores) is segno's own."""
    buff.extend([0] * (-length % 8))


assert segno.__version__ == "1.6.6", "check whether iso_padding_bits is still needed"
encoder.write_padding_bits = iso_padding_bits
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/GatehouseConsoleTests/Fixtures/qr-reference.json"

OTPAUTH = "otpauth://totp/Gatehouse:ann@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Gatehouse"
LONG_OTPAUTH = (
    "otpauth://totp/Gatehouse%20Staging:annabelle.example-longname%2Bsecurity@accounts.example.com"
    "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    "&issuer=Gatehouse%20Staging&algorithm=SHA1&digits=6&period=30"
)
URL_300 = "https://gatehouse.example/console/invitations/accept?token=" + "".join(
    random.Random(300).choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(241)
)
assert len(URL_300.encode()) == 300

# (name, text, level, mask or None for every mask)
NAMED = [
    ("empty", "", "M", 0),
    ("one letter", "A", "L", 1),
    ("greeting", "Hello, world!", "Q", 2),
    ("greeting high", "Hello, world!", "H", 3),
    ("console URL", "https://gatehouse.example/console/profile", "M", 4),
    ("otpauth URL", OTPAUTH, "M", None),
    ("long otpauth URL", LONG_OTPAUTH, "M", 5),
    ("300-byte URL", URL_300, "M", 6),
    ("accented and Cyrillic UTF-8", "Zoë Ångström — ключ 🔑", "Q", 7),
    ("Japanese UTF-8", "日本語のテキストと二要素認証", "H", 0),
    ("low level long", "x" * 150, "L", 2),
]


def make(data: bytes, level: str, version=None, mask=None):
    return segno.make(data, error=level, version=version, mode="byte", mask=mask, micro=False, boost_error=False)


def case(name: str, data: bytes, level: str, mask: int, version=None) -> dict:
    qr = make(data, level, version=version, mask=mask)
    assert qr.mask == mask and qr.error == level, (name, qr.mask, qr.error)
    matrix = qr.matrix
    size = len(matrix)
    rows = []
    for row in matrix:
        bits = "".join("1" if module else "0" for module in row)
        bits += "0" * (-len(bits) % 4)
        rows.append("".join(f"{int(bits[i:i + 4], 2):x}" for i in range(0, len(bits), 4)))
    return {
        "name": name,
        "data": data.hex(),
        "level": level,
        "version": qr.version,
        "mask": mask,
        "rows": rows,
        # N1, N2, N3, N4 of the finished symbol (format and version information drawn).
        "penalty": list(encoder.mask_scores(matrix, size, size)),
    }


def capacity(version: int, level: str) -> int:
    low, high = 0, 3000  # low fits, high does not
    while high - low > 1:
        middle = (low + high) // 2
        try:
            make(b"a" * middle, level, version=version, mask=0)
            low = middle
        except segno.DataOverflowError:
            high = middle
    return low


def main() -> None:
    cases = []
    for name, text, level, mask in NAMED:
        data = text.encode("utf-8")
        for each in range(8) if mask is None else [mask]:
            cases.append(case(f"{name}, mask {each}", data, level, each))
    capacities = {level: [capacity(version, level) for version in range(1, 41)] for level in LEVELS}
    # Every version once, full to capacity, the levels in turn, so that each block structure is exercised.
    for version in range(1, 41):
        level = LEVELS[version % 4]
        data = random.Random(version).randbytes(capacities[level][version - 1])
        cases.append(case(f"version {version} full", data, level, (3 * version) % 8, version=version))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generator": f"Scripts/qr-reference.py with segno {segno.__version__}",
        "capacities": capacities,
        "cases": cases,
    }
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
