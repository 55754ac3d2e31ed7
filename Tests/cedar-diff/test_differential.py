"""CI entry for the Cedar differential test: a fixed seed, a few thousand
requests, our engine (``gatehouse cedar authorize``) against cedarpy 4.12.2.
Any mismatch fails the test and prints a shrunk reproducer."""
import io
import os
from pathlib import Path

import cedar_diff

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
