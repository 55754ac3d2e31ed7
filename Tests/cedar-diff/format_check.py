"""Cross-checks our formatter with the reference parser: for policy text P,
cedarpy must parse ``gatehouse cedar format P`` to the same policies (its JSON
"EST" form) as P itself. This proves the canonical text means the same to the
reference engine, not just to our own parser.
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import cedarpy


def est(text: str) -> dict:
    return json.loads(cedarpy.policies_to_json_str(text))


def format_with(binary: str, text: str) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".cedar", encoding="utf-8", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        p = subprocess.run([binary, "cedar", "format", path], capture_output=True, text=True, timeout=300)
    finally:
        Path(path).unlink(missing_ok=True)
    if p.returncode != 0:
        raise RuntimeError(f"gatehouse cedar format failed: {p.stderr}")
    return p.stdout


def check(binary: str, texts: list[str]) -> list[str]:
    """Formats all texts in one file (one process) and returns a description per disagreeing policy."""
    text = "\n".join(texts) + "\n"
    formatted = format_with(binary, text)
    before, after = est(text), est(formatted)
    problems = []
    for group in ("staticPolicies", "templates"):
        a, b = before.get(group, {}), after.get(group, {})
        if a.keys() != b.keys():
            problems.append(f"{group}: policy ids differ: {sorted(a.keys() ^ b.keys())[:10]}")
            continue
        for pid in a:
            if a[pid] != b[pid]:
                problems.append(f"{pid}: reference parses the formatted text differently\n"
                                f"  before: {json.dumps(a[pid])}\n  after:  {json.dumps(b[pid])}")
    return problems
