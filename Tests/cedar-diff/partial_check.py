"""Partial evaluation against the reference's (``cedarpy.is_authorized_partial``)
on seeded random Cloudinary-shaped scenarios (``cedar_gen``): each request is
asked again with its resource unknown, with its principal unknown, and with
resource and context unknown. Both engines must agree on the decision (allow,
deny, or none yet), the policies satisfied whatever the unknowns are, the
policies that error whatever they are, and which policies are left depending
on the unknowns. Residual expressions are not compared as text (the reference
prints its desugared internal form); that they answer as full evaluation does
is checked in Swift over the corpus (PartialEvaluationTests).
"""
from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

import cedarpy

import cedar_diff
from cedar_gen import scenarios

POLICY_ID = re.compile(r"policy `([^`]*)`")
UNKNOWNS = (("resource",), ("principal",), ("resource", "context"))


def uid_text(u: dict) -> str:
    return f'{u["type"]}::{json.dumps(u["id"])}'


def reference(policies: str, entities: list, req: dict, unknown: tuple) -> tuple:
    r = {k: uid_text(req[k]) for k in ("principal", "action", "resource") if k not in unknown}
    if "context" not in unknown:
        r["context"] = req.get("context", {})
    try:
        res = cedarpy.is_authorized_partial(r, policies, entities)
    except Exception as e:  # noqa: BLE001 - a refusal is an answer to compare
        return ("exception", type(e).__name__)
    d = res.decision.name.lower()
    decision = None if d == "nodecision" else d
    errors = sorted({m.group(1) for e in res.diagnostics.errors for m in [POLICY_ID.search(e)] if m})
    return (decision, sorted(res.diagnostics.nontrivial_residuals), errors)


def ours(binary: str, policies: str, entities: list, lines: list[dict]) -> list[tuple]:
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "p.cedar").write_text(policies, encoding="utf-8")
        (Path(d) / "e.json").write_text(json.dumps(entities), encoding="utf-8")
        p = subprocess.run([binary, "cedar", "authorize", "--partial", "--policies", f"{d}/p.cedar", "--entities", f"{d}/e.json"],
                           input="".join(json.dumps(x) + "\n" for x in lines), capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        return [("exception", p.stderr.strip())] * len(lines)
    out = []
    for line in p.stdout.splitlines():
        a = json.loads(line)
        out.append((a["decision"], sorted(a["residuals"]), sorted(set(a["errors"]))))
    return out


def run(n: int, seed: int, binary: str, max_reports: int = 5) -> tuple[int, int, list[str]]:
    """Returns (agreeing, disagreeing, reports). Scenarios whose entity data the reference's
    full evaluation refuses are left out (its partial evaluator is laxer there)."""
    passed = failed = 0
    reports = []
    for s in scenarios(seed, n):
        if cedar_diff.reference(s)[0][0] in ("exception", "nodecision"):
            continue
        lines, expected = [], []
        for req in s.requests:
            for unknown in UNKNOWNS:
                lines.append({k: v for k, v in req.items() if k not in unknown})
                expected.append(reference(s.policy_text, s.entities, req, unknown))
        got = ours(binary, s.policy_text, s.entities, lines)
        for line, e, g in zip(lines, expected, got):
            if e[0] == "exception" or e == g:
                passed += e[0] != "exception"
                continue
            failed += 1
            if len(reports) < max_reports:
                reports.append(f"reference {e}\nours      {g}\nrequest {json.dumps(line)}\npolicies:\n{s.policy_text}"
                               f"entities: {json.dumps(s.entities)}")
    return passed, failed, reports
