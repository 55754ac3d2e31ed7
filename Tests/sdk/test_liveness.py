"""Rule 5, "no request stops the server", against the real binary: costly Cedar validation runs off the
event loops (so /health keeps answering while the largest accepted statements are validated), the
unauthenticated endpoints are rate-limited per client, and a body cut short by the client is a 400."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from support import ServerProcess, _servers, free_port, gatehouse_bin, uid
from validate_worst_case import worst_statements

VALIDATE = "/v2/accounts/permissions/public/validate"
HEALTH_DEADLINE = 1.0


def _start(tmp_root, name: str, **env: str) -> ServerProcess:
    data_dir = tmp_root / name
    data_dir.mkdir(parents=True, exist_ok=True)
    srv = ServerProcess(binary=gatehouse_bin(), data_dir=data_dir, port=free_port(), log_path=tmp_root / f"{name}.log", env=env)
    _servers.append(srv)
    return srv.start()


@pytest.fixture(scope="module")
def liveness_server(tmp_root):
    # A debug build validates ~10x slower than release: a budget that never cuts the worst case short here.
    srv = _start(tmp_root, f"liveness-{uid(4)}", GATEHOUSE_VALIDATION_BUDGET_MS="60000")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def limited_server(tmp_root):
    srv = _start(tmp_root, f"limited-{uid(4)}", GATEHOUSE_PUBLIC_RATE_BURST="3", GATEHOUSE_PUBLIC_RATE_PER_SECOND="0.5")
    yield srv
    srv.stop()


def test_health_answers_while_worst_case_validations_run(liveness_server):
    base = liveness_server.base_url
    statements = worst_statements()
    # Each shape is accepted (within the limits) and validated, not refused.
    with httpx.Client(timeout=60) as c:
        for name, text in statements.items():
            r = c.post(base + VALIDATE, json={"policy": text})
            assert r.status_code == 200, (name, r.status_code, r.text[:300])
            assert "valid" in r.json()
    # Four at once, the costliest shapes, again and again for a few seconds, while /health is polled.
    order = sorted(statements.values(), key=len, reverse=True)
    stop = threading.Event()
    statuses: list[int] = []
    lock = threading.Lock()

    def hammer(text: str) -> None:
        with httpx.Client(timeout=60) as c:
            while not stop.is_set():
                r = c.post(base + VALIDATE, json={"policy": text})
                with lock:
                    statuses.append(r.status_code)

    workers = [threading.Thread(target=hammer, args=(order[i % len(order)],)) for i in range(4)]
    for w in workers:
        w.start()
    latencies = []
    try:
        time.sleep(0.3)
        with httpx.Client(timeout=HEALTH_DEADLINE * 5) as c:
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                started = time.monotonic()
                r = c.get(base + "/health")
                latencies.append(time.monotonic() - started)
                assert r.status_code == 200
                time.sleep(0.05)
    finally:
        stop.set()
        for w in workers:
            w.join(timeout=120)
    assert latencies and max(latencies) < HEALTH_DEADLINE, f"slowest /health {max(latencies):.3f}s over {len(latencies)} polls"
    # The validations themselves were answered: 200, or 429 when every validation slot was taken.
    assert statuses and set(statuses) <= {200, 429}, sorted(set(statuses))
    assert 200 in statuses
    assert liveness_server.proc.poll() is None


def test_public_endpoints_are_rate_limited_per_client(limited_server):
    base = limited_server.base_url
    with httpx.Client(timeout=30) as c:
        codes = [c.get(base + "/v2/accounts/permissions/public/catalog").status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        r = c.post(base + VALIDATE, json={"policy": "permit(principal, action, resource);"})
        assert r.status_code == 429
        assert int(r.headers["retry-after"]) >= 1
        error = r.json()["error"]
        assert error["code"] and error["category"] == "user_error" and "retry" in error["message"].lower()
        # Authenticated routes and /health are not counted against the public budget.
        assert c.get(base + "/health").status_code == 200
        time.sleep(2.2)
        assert c.get(base + "/v2/accounts/permissions/public/schema").status_code == 200


def test_body_cut_short_is_bad_request(liveness_server):
    """Content-Length larger than what arrives, the client then closing its side: 400, not 413."""
    body = b'{"policy": "permit(principal, action, resource);"}'
    request = (f"POST {VALIDATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body) + 100}\r\nConnection: close\r\n\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", liveness_server.port), timeout=10) as s:
        s.sendall(request)
        s.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    status_line = reply.split(b"\r\n", 1)[0].decode(errors="replace")
    assert status_line.startswith("HTTP/1.1 400"), reply[:300]
    assert httpx.get(liveness_server.base_url + "/health", timeout=5).status_code == 200
