"""The fuzzing contract itself fails when it should: a 5xx, and a server that dies on a request, are caught (a
stand-in server, so this holds whatever the real one does)."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import schemathesis

from fuzz_support import COLLECTIONS_SPEC, exercise, session
from support import free_port

# Answers /health with 200, a path containing "die" by exiting, anything else with 500.
STAND_IN = """
import http.server, os, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            self.send_response(200); self.end_headers(); self.wfile.write(b"{}"); return
        if "die" in self.path:
            os._exit(3)
        self.send_response(500); self.end_headers(); self.wfile.write(b'{"error":{"message":"boom"}}')
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"""


@dataclass
class StandIn:
    proc: subprocess.Popen
    base_url: str

    def log(self) -> str:
        return "(stand-in server)"


@pytest.fixture
def stand_in(tmp_path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", STAND_IN, str(port)])
    server = StandIn(proc, f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if httpx.get(server.base_url + "/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    yield server
    proc.kill()
    proc.wait()


def get_collection(base_url: str, collection_id: str) -> schemathesis.Case:
    config = schemathesis.Config.from_dict({"base-url": base_url})
    operation = schemathesis.openapi.from_path(COLLECTIONS_SPEC, config=config)["/v1_1/{cloud_name}/collections/{collection_id}"]["GET"]
    return operation.Case(path_parameters={"cloud_name": "c", "collection_id": collection_id})


def test_a_5xx_fails_naming_the_request(stand_in):
    with session(("k", "s")) as http, pytest.raises(AssertionError) as failure:
        exercise(get_collection(stand_in.base_url, "x1"), stand_in, http)
    assert "500 for" in str(failure.value) and "/collections/x1" in str(failure.value)


def test_a_server_that_dies_fails_then_and_after(stand_in):
    with session(("k", "s")) as http, pytest.raises(pytest.fail.Exception) as failure:
        exercise(get_collection(stand_in.base_url, "die"), stand_in, http)
    assert "no response" in str(failure.value) and "process exit: 3" in str(failure.value)
    assert "/collections/die" in str(failure.value)
    with session(("k", "s")) as http, pytest.raises(pytest.fail.Exception) as after:
        exercise(get_collection(stand_in.base_url, "x2"), stand_in, http)
    assert "no longer running (exit 3)" in str(after.value)
