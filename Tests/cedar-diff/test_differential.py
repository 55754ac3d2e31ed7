"""CI entry for the Cedar differential test: a fixed seed, a few thousand
requests, our engine (``gatehouse cedar authorize``) against cedarpy 4.12.2.
Any mismatch fails the test and prints a shrunk reproducer."""
import io
import os
from pathlib import Path

import cedar_diff
import comment_check
import est_check
import format_check
import partial_check
import pytest
import syntax_diff
from cedar_gen import scenarios

SEED = 20261123
REQUESTS = int(os.environ.get("CEDAR_DIFF_REQUESTS", "3000"))


def test_engines_agree():
    binary = cedar_diff.default_binary()
    assert Path(binary).exists(), f"gatehouse binary not found at {binary}; run `swift build --product gatehouse`"
    out = io.StringIO()
    passed, failed, reports = cedar_diff.run(REQUESTS, SEED, binary, max_reports=5, out=out)
    print(f"{passed} passed, {failed} failed (differential requests)")
    assert failed == 0, "\n\n".join(reports)
    assert passed == REQUESTS


def test_formatter_output_means_the_same_to_the_reference():
    binary = cedar_diff.default_binary()
    texts = [p for s in scenarios(SEED, REQUESTS) for p in s.policies]
    corpus = Path(__file__).resolve().parents[3] / "shared" / "cedar-corpus" / "tests"
    texts += [f.read_text(encoding="utf-8") for f in sorted(corpus.rglob("*.cedar"))]
    problems = format_check.check(binary, texts)
    print(f"{len(texts) - len(problems)} passed, {len(problems)} failed (formatter cross-check)")
    assert not problems, "\n".join(problems[:10])


COMMENT_CASES = int(os.environ.get("CEDAR_COMMENT_CASES", "600"))


def test_formatter_keeps_comments_where_the_reference_does():
    binary = cedar_diff.default_binary()
    corpus = Path(__file__).resolve().parents[3] / "shared" / "cedar-corpus"
    texts = comment_check.corpus_texts(corpus, SEED, COMMENT_CASES)
    problems = comment_check.check(binary, texts)
    print(f"{len(texts) - len(problems)} passed, {len(problems)} failed (comments through the formatter)")
    assert len(texts) > COMMENT_CASES
    assert not problems, "\n\n".join(problems[:5])


SYNTAX_CASES = int(os.environ.get("CEDAR_SYNTAX_CASES", "400"))


def test_parsers_accept_the_same_text():
    binary = cedar_diff.default_binary()
    syntax_diff.without("__cedar")  # known gap, see test_reserved_cedar_namespace
    passed, failed, reports = syntax_diff.run(SYNTAX_CASES, SEED, binary, max_reports=5, out=io.StringIO())
    print(f"{passed} passed, {failed} failed (parser differential)")
    assert failed == 0, "\n\n".join(reports)


def test_reserved_cedar_namespace():
    binary = cedar_diff.default_binary()
    ok, _ = syntax_diff.ours_format(binary, 'permit(principal is __cedar::User, action, resource);')
    assert not ok


def test_entity_cycles_rejected():
    binary = cedar_diff.default_binary()
    s = cedar_diff.Scenario(["permit(principal, action, resource);"],
                            [{"uid": {"type": "User", "id": "a"}, "attrs": {}, "parents": [{"type": "User", "id": "a"}]}],
                            [{"principal": {"type": "User", "id": "a"}, "action": {"type": "Action", "id": "v"},
                              "resource": {"type": "R", "id": "r"}, "context": {}}])
    assert cedar_diff.reference(s) == cedar_diff.ours(s, binary)[0]


def test_est_equals_the_reference():
    binary = cedar_diff.default_binary()
    corpus = Path(__file__).resolve().parents[3] / "shared" / "cedar-corpus"
    texts = est_check.corpus_texts(corpus) + [p for s in scenarios(SEED, 300) for p in s.policies]
    problems = est_check.check(binary, texts)
    print(f"{len(texts)} policy texts, {len(problems)} problems (EST both ways)")
    assert len(texts) > 7000
    assert not problems, "\n".join(problems[:10])


def _est(body: str, principal: str = '{"op":"All"}', extra: str = "") -> str:
    return ('{"staticPolicies":{"p":{"effect":"permit","principal":%s,"action":{"op":"All"},"resource":{"op":"All"},'
            '"conditions":[{"kind":"when","body":%s}]%s}},"templates":{},"templateLinks":[]}') % (principal, body, extra)


def test_malformed_est_refused_like_the_reference():
    binary = cedar_diff.default_binary()
    docs = [
        "", "[]", "{", '{"staticPolicies":[]}',
        _est('{"Value":true}'), _est('{"Value":1.5}'), _est('{"Value":null}'), _est('{"Var":"nobody"}'),
        _est('{"Value":true,"Var":"principal"}'), _est('{"nope":[]}'), _est('{"ip":[{"Value":"1.2.3.4"}]}'),
        _est('{"Slot":"?principal"}'), _est('{"==":{"left":{"Value":1}}}'),
        _est('{"Value":true}', principal='{"op":"==","entity":{"type":"A B","id":"x"}}'),
        _est('{"Value":true}', principal='{"op":"like"}'),
        _est('{"Value":true}', extra=',"annotations":{"a":null,"b":""}'),
        _est('{"Value":true}', extra=',"annotations":{"a":1}'),
        _est('{"like":{"left":{"Value":"a"},"pattern":["Wildcard",{"Literal":"ab"}]}}'),
        _est('{"is":{"left":{"Var":"principal"},"entity_type":"__cedar::X"}}'),
        _est('{"Value":9223372036854775808}'), _est('{"Value":{"__entity":{"type":"A","id":"x"}}}'),
    ]
    problems = est_check.refusals(binary, docs)
    assert not problems, "\n".join(problems)


PARTIAL_SCENARIOS = int(os.environ.get("CEDAR_PARTIAL_SCENARIOS", "600"))


def test_partial_evaluation_agrees_with_the_reference():
    binary = cedar_diff.default_binary()
    passed, failed, reports = partial_check.run(PARTIAL_SCENARIOS, SEED, binary, max_reports=5)
    print(f"{passed} passed, {failed} failed (partial evaluation: decision, residual and erroring policies)")
    assert passed > PARTIAL_SCENARIOS * 2
    assert failed == 0, "\n\n".join(reports)
