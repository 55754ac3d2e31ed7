"""Helpers of the SDK conformance suite (server process, unique names, error checks)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import cloudinary
import cloudinary.provisioning
import httpx
import pytest
from cloudinary_account_provisioning import CldProvisioning, models

REPO = Path(__file__).resolve().parents[2]

# Fixed credentials (GATEHOUSE_ACCOUNT_URL on first start), so every run is deterministic.
ACCOUNT_ID = "a0b1c2d3e4f5a6b7c8d9e0f1"
API_KEY = "123456789012345"
API_SECRET = "conformance-Secret_0123456789"
ACCOUNT_URL = f"account://{API_KEY}:{API_SECRET}@{ACCOUNT_ID}"

ADMIN_EMAIL = "admin@gatehouse.local"
# Seats for the shared server: plan limit + additional subscriptions (max 20).
SESSION_USER_LIMIT = 1000
SESSION_ADDITIONAL_USERS = 20

STARTUP_TIMEOUT = 60.0
CLI_TIMEOUT = 60.0
HTTP_TIMEOUT = 30.0


def gatehouse_bin() -> str:
    path = os.environ.get("GATEHOUSE_BIN") or str(REPO / ".build" / "debug" / "gatehouse")
    if not os.path.exists(path):
        pytest.exit(f"gatehouse binary not found at {path}: run `swift build --product gatehouse` "
                    "or set GATEHOUSE_BIN", returncode=2)
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def uid(n: int = 10) -> str:
    return uuid.uuid4().hex[:n]


def unique_email(tag: str = "user") -> str:
    return f"{tag}-{uid(12)}@example.com"


def unique_name(tag: str = "Test") -> str:
    return f"{tag} {uid(10)}"


def unique_cloud_name(tag: str = "cn") -> str:
    return f"{tag}-{uid(12)}"


@dataclass
class ServerProcess:
    """One running `gatehouse serve`; `log` collects its stdout+stderr."""

    binary: str
    data_dir: Path
    port: int
    log_path: Path
    env: dict = field(default_factory=dict)
    proc: subprocess.Popen | None = None
    account_line: str | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        env = dict(os.environ)
        # Keep the SDKs' own env credentials out of the picture; fixtures pass everything explicitly.
        for k in ("CLOUDINARY_ACCOUNT_URL", "CLOUDINARY_URL"):
            env.pop(k, None)
        env["GATEHOUSE_ACCOUNT_URL"] = ACCOUNT_URL
        env.update(self.env)
        logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--data-dir", str(self.data_dir), "--port", str(self.port)],
            stdout=logf, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        logf.close()
        self.wait_healthy()
        for line in self.log_path.read_text(errors="replace").splitlines():
            if line.startswith("CLOUDINARY_ACCOUNT_URL="):
                self.account_line = line
        return self

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gatehouse exited with {self.proc.returncode} during startup:\n{self.log()}")
            try:
                r = httpx.get(self.base_url + "/health", timeout=2.0)
                if r.status_code == 200:
                    return
                last = r.status_code
            except httpx.HTTPError as e:
                last = e
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"gatehouse not healthy after {STARTUP_TIMEOUT}s (last: {last}):\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL, no chance to flush anything."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Runs a `gatehouse` admin subcommand against this server's data directory."""
        cmd = [self.binary, *args, "--data-dir", str(self.data_dir)]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=CLI_TIMEOUT)
        if check and res.returncode != 0:
            raise AssertionError(f"{cmd} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
        return res

    def set_seats(self, user_limit: int, additional: int) -> None:
        out = self.cli("account", "--user-limit", str(user_limit), "--additional-users", str(additional)).stdout
        assert f"seat_limit={user_limit + additional}" in out, out

    def activate(self, email: str) -> None:
        self.cli("user", "activate", email)


_servers: list[ServerProcess] = []


def start_server(tmp_root: Path, name: str) -> ServerProcess:
    data_dir = tmp_root / name
    data_dir.mkdir(parents=True, exist_ok=True)
    srv = ServerProcess(binary=gatehouse_bin(), data_dir=data_dir, port=free_port(),
                        log_path=tmp_root / f"{name}.log")
    _servers.append(srv)
    return srv.start()


def make_new_sdk(base: str, account_id: str = ACCOUNT_ID, key: str = API_KEY, secret: str = API_SECRET) -> CldProvisioning:
    return CldProvisioning(
        security=models.Security(provisioning_api_key=key, provisioning_api_secret=secret),
        account_id=account_id, server_url=base, timeout_ms=int(HTTP_TIMEOUT * 1000))


class Raw:
    """Plain HTTP to the Provisioning API, for bodies and spellings the SDKs cannot produce."""

    def __init__(self, base: str, account_id: str = ACCOUNT_ID, auth=(API_KEY, API_SECRET)):
        self.base = base
        self.prefix = f"{base}/v1_1/provisioning/accounts/{account_id}"
        self.client = httpx.Client(auth=auth, timeout=HTTP_TIMEOUT)

    def url(self, path: str) -> str:
        return self.prefix + "/" + path.lstrip("/")

    def request(self, method: str, path: str, **kw) -> httpx.Response:
        return self.client.request(method, self.url(path), **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


# ---- helpers used across test files -------------------------------------------------------------

def new_user(sdk: CldProvisioning, **extra):
    """Creates a user through the new SDK with a unique name/email; returns the `User` model."""
    req = {"name": extra.pop("name", unique_name("User")), "email": extra.pop("email", unique_email())}
    req.update(extra)
    return sdk.users.create(request=req)


def new_env(sdk: CldProvisioning, **extra):
    req = {"name": extra.pop("name", unique_name("Env"))}
    req.update(extra)
    return sdk.product_environments.create(request=req)


def user_count(sdk: CldProvisioning) -> int:
    return len(sdk.users.list().users)


def error_message(exc) -> str:
    """The `error.message` text of a new-SDK ErrorResponse or a legacy exception."""
    data = getattr(exc, "data", None)
    if data is not None and getattr(data, "error", None) is not None:
        return data.error.message or ""
    body = getattr(exc, "body", None)
    if body:
        try:
            return json.loads(body)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            return body
    return str(exc)


def assert_error_body(resp: httpx.Response, status, *words: str) -> str:
    """Asserts a Provisioning error reply: the status (int or container), JSON content type, the
    `{"error":{"message":…}}` envelope, and that the message mentions each word (case-insensitive)."""
    if isinstance(status, int):
        assert resp.status_code == status, (resp.status_code, resp.text)
    else:
        assert resp.status_code in status, (resp.status_code, resp.text)
    assert "application/json" in resp.headers.get("content-type", ""), resp.headers
    body = resp.json()
    assert isinstance(body, dict) and isinstance(body.get("error"), dict), body
    msg = body["error"].get("message")
    assert isinstance(msg, str) and msg, body
    for w in words:
        assert w.lower() in msg.lower(), f"{w!r} not in error message {msg!r}"
    return msg


