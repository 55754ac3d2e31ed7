"""Comments through the formatter, against the reference formatter
(``cedarpy.format_policies``): every comment must come out once, in order,
in the same policy and the same clause as the reference puts it, on its own
line or trailing code as the reference has it.

The texts are not compared whole: the reference keeps the source's
parentheses and `has a.b` sugar and we print the fewest parentheses, so lines
differ where no comment is. A comment's place is therefore read as (policy
number, how many identifiers and `@` stand outside brackets before it in that
policy, whether it is inside a bracket, whether code precedes it on its line).

Comments are inserted after random tokens of corpus policies (seeded), plus
the hand-written corpus files, which carry their own comments.
"""
from __future__ import annotations

import random
import re
import subprocess
import tempfile
from pathlib import Path

import cedarpy

LEX = re.compile(r'//[^\n\r]*|"(?:[^"\\]|\\.)*"|\?[A-Za-z_]+|[A-Za-z_][A-Za-z_0-9]*|\d+|::|==|!=|<=|>=|&&|\|\||\n|[^\S\n]+|\S')
CODE = re.compile(r'//[^\n\r]*|"(?:[^"\\]|\\.)*"|\?[A-Za-z_]+|[A-Za-z_][A-Za-z_0-9]*|\d+|::|==|!=|<=|>=|&&|\|\||\S')


def with_comments(text: str, r: random.Random, tag: str) -> str:
    """`text` with 1-4 comments after random tokens (and sometimes one before all)."""
    toks = CODE.findall(text)
    if not toks:
        return text
    picks = sorted(r.sample(range(len(toks)), min(len(toks), r.randint(1, 4))))
    out, n = [], 0
    if r.random() < 0.3:
        out.append(f"// {tag} head\n")
    for i, t in enumerate(toks):
        out.append(t)
        if t.startswith("//"):
            out.append("\n")  # a comment already in the text ends its line
            if picks and i == picks[0]:
                picks.pop(0)
        elif picks and i == picks[0]:
            picks.pop(0)
            out.append(f" // {tag} c{n}\n")
            n += 1
        else:
            out.append(" ")
    return "".join(out)


def places(formatted: str) -> list[tuple]:
    """(comment, policy, outside words before it, inside a bracket, trails code) for each comment."""
    out = []
    policy, words, depth, code_on_line, after_end = 0, 0, 0, False, False
    for t in LEX.findall(formatted):
        if t == "\n":
            code_on_line = False
            continue
        if t.isspace():
            continue
        if t.startswith("//"):
            out.append((t.rstrip(), policy, words, depth > 0, code_on_line))
            continue
        code_on_line = True
        if after_end:
            policy, words, after_end = policy + 1, 0, False
        if t == ";" and depth == 0:
            after_end = True
        elif t in ("(", "[", "{"):
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and (t == "@" or re.fullmatch(r"[A-Za-z_]\w*", t)):
            words += 1
    return out


def format_ours(binary: str, text: str) -> str:
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
    """Formats each text with both formatters; returns a description per text whose comments disagree."""
    problems = []
    for text in texts:
        try:
            ref = cedarpy.format_policies(text)
        except ValueError as e:
            problems.append(f"the reference formatter refuses the input ({e})\n--- input\n{text}")
            continue
        ours = format_ours(binary, text)
        a, b = places(ref), places(ours)
        if a != b:
            problems.append(f"comments placed differently\n--- input\n{text}\n--- reference\n{ref}\n--- ours\n{ours}")
            continue
        if cedarpy.policies_to_json_str(ours) != cedarpy.policies_to_json_str(text):
            problems.append(f"formatted text means something else\n--- input\n{text}\n--- ours\n{ours}")
    return problems


def corpus_texts(corpus: Path, seed: int, count: int) -> list[str]:
    """The hand-written corpus files as they are, then `count` generated ones with comments inserted."""
    r = random.Random(seed)
    texts = [f.read_text(encoding="utf-8") for f in sorted((corpus / "tests").rglob("*.cedar"))]
    generated = []
    import tarfile
    with tarfile.open(corpus / "corpus-tests.tar.gz") as tar:
        for m in tar:
            if m.name.endswith(".cedar"):
                f = tar.extractfile(m)
                if f is not None:
                    generated.append(f.read().decode("utf-8"))
            if len(generated) >= count * 4:
                break
    for i, t in enumerate(r.sample(generated, min(count, len(generated)))):
        texts.append(with_comments(t, r, f"t{i}"))
    for i, t in enumerate(texts[:len(texts) - count]):
        texts.append(with_comments(t, r, f"h{i}"))
    return texts
