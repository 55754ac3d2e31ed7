"""The JSON policy format (EST) against the reference: for Cedar text P,
``gatehouse cedar translate --to json`` must print exactly what
``cedarpy.policies_to_json_str(P)`` prints (same text, member order included),
and ``translate --to cedar`` of the reference's JSON must be Cedar text the
reference reads back to that same JSON. Many policies go through one process:
both engines name them policy0, policy1, … in file order.
"""
from __future__ import annotations

import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import cedarpy


def translate(binary: str, to: str, text: str) -> subprocess.CompletedProcess:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
        path = f.name
    try:
        return subprocess.run([binary, "cedar", "translate", "--to", to, "--policies", path],
                              capture_output=True, text=True, timeout=600)
    finally:
        Path(path).unlink(missing_ok=True)


def check(binary: str, texts: list[str]) -> list[str]:
    """Translates all texts as one policy file both ways; returns descriptions of disagreements."""
    text = "\n".join(texts) + "\n"
    ref = cedarpy.policies_to_json_str(text)
    problems = []
    ours = translate(binary, "json", text)
    if ours.returncode != 0:
        return [f"translate --to json failed: {ours.stderr[:2000]}"]
    if ours.stdout.rstrip("\n") != ref:
        a, b = json.loads(ref), json.loads(ours.stdout)
        for group in ("templates", "staticPolicies"):
            for pid, p in a[group].items():
                if b.get(group, {}).get(pid) != p:
                    problems.append(f"{pid}: EST differs\n  reference: {json.dumps(p)}\n  ours:      {json.dumps(b.get(group, {}).get(pid))}")
        if not problems:
            problems.append("EST text differs (member order or escaping) although the documents are equal")
    back = translate(binary, "cedar", ref)
    if back.returncode != 0:
        return problems + [f"translate --to cedar failed: {back.stderr[:2000]}"]
    again = cedarpy.policies_to_json_str(back.stdout)
    if json.loads(again) != json.loads(ref):
        problems.append("translate --to cedar: the reference reads our Cedar text to different JSON")
    return problems


def corpus_texts(corpus: Path, limit: int | None = None) -> list[str]:
    """The hand-written corpus files and the generated corpus policies (first `limit` by name)."""
    texts = [f.read_text(encoding="utf-8") for f in sorted((corpus / "tests").rglob("*.cedar"))]
    generated = []
    with tarfile.open(corpus / "corpus-tests.tar.gz") as tar:
        for m in tar:
            if m.name.endswith(".cedar"):
                f = tar.extractfile(m)
                if f is not None:
                    generated.append((m.name, f.read().decode("utf-8")))
    generated.sort()
    return texts + [t for _, t in generated[:limit]]


def refusals(binary: str, documents: list[str]) -> list[str]:
    """Malformed JSON policy documents must be refused by both engines (exit 1 for ours), never crash."""
    problems = []
    for doc in documents:
        try:
            cedarpy.policies_from_json_str(doc)
            ref_ok = True
        except ValueError:
            ref_ok = False
        p = translate(binary, "cedar", doc)
        if p.returncode not in (0, 1):
            problems.append(f"exit {p.returncode} on {doc}: {p.stderr[:500]}")
        elif (p.returncode == 0) != ref_ok:
            problems.append(f"reference {'accepts' if ref_ok else 'refuses'}, ours {'accepts' if p.returncode == 0 else 'refuses'}: {doc}\n{p.stderr}")
    return problems
