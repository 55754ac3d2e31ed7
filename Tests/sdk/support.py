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


def fresh_database() -> str | None:
    """A new, empty PostgreSQL database on the server GATEHOUSE_TEST_DATABASE_URL names (the test command
    runs the suite a second time that way), its URL; None when the suite runs on SQLite."""
    server = os.environ.get("GATEHOUSE_TEST_DATABASE_URL")
    if not server:
        return None
    name = f"gh_sdk_{uuid.uuid4().hex}"
    psql(server, f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def psql(url: str, *statements: str) -> str:
    """Runs SQL with psql (stops at the first error); what it printed, unaligned, without headers."""
    args = ["psql", url, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-A", "-t"]
    for statement in statements:
        args += ["-c", statement]
    res = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if res.returncode != 0:
        raise RuntimeError(f"psql failed ({res.returncode}): {res.stderr}")
    return res.stdout


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
    # The PostgreSQL database the server keeps its store in, when the suite runs on PostgreSQL; made on
    # first start, kept across restarts of this server (give it to another ServerProcess to share it).
    database_url: str | None = None

    @property
    def store_args(self) -> list[str]:
        return ["--data-dir", str(self.data_dir)] + (["--database-url", self.database_url] if self.database_url else [])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ServerProcess":
        env = dict(os.environ)
        # Keep the SDKs' own env credentials out of the picture; fixtures pass everything explicitly.
        for k in ("CLOUDINARY_ACCOUNT_URL", "CLOUDINARY_URL"):
            env.pop(k, None)
        env["GATEHOUSE_ACCOUNT_URL"] = ACCOUNT_URL
        # The suites call the public endpoints in bursts from one address; tests of the limit itself set it low.
        env.setdefault("GATEHOUSE_PUBLIC_RATE_BURST", "100000")
        env.setdefault("GATEHOUSE_PUBLIC_RATE_PER_SECOND", "100000")
        env.update(self.env)
        if self.database_url is None:
            self.database_url = fresh_database()
        logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", *self.store_args, "--port", str(self.port)],
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
        # A crash (at any time, the graceful shutdown included) fails the test that owned the server.
        if "Fatal error:" in self.log():
            raise AssertionError(f"gatehouse crashed:\n{self.log()[-4000:]}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Runs a `gatehouse` admin subcommand against this server's data directory (and database)."""
        cmd = [self.binary, *args, *self.store_args]
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


def write_server_logs(terminalreporter, servers: list[ServerProcess], label: str = "gatehouse") -> None:
    """After a failed run, the last 80 log lines of each server, so a failure shows what the server saw."""
    if not (terminalreporter.stats.get("failed") or terminalreporter.stats.get("error")):
        return
    for srv in servers:
        tail = "\n".join(srv.log().splitlines()[-80:])
        terminalreporter.write_sep("-", f"{label} log ({srv.data_dir.name}, port {srv.port}), last 80 lines")
        terminalreporter.write_line(tail)


def start_server(tmp_root: Path, name: str, env: dict | None = None) -> ServerProcess:
    """Starts `gatehouse serve` in `tmp_root/name`; `env` adds settings (e.g. GATEHOUSE_SMTP_URL)."""
    data_dir = tmp_root / name
    data_dir.mkdir(parents=True, exist_ok=True)
    srv = ServerProcess(binary=gatehouse_bin(), data_dir=data_dir, port=free_port(),
                        log_path=tmp_root / f"{name}.log", env=dict(env or {}))
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




# ---- Permissions API (v2) helpers ---------------------------------------------------------------

CATALOG_PATH = REPO / "Sources" / "GatehouseCore" / "Resources" / "catalog.json"


def load_catalog() -> dict:
    """The catalog the server ships (identical to the spec's `catalog.json`): system policies, roles, legacy map."""
    return json.loads(CATALOG_PATH.read_text())


class PermRaw(Raw):
    """Plain HTTP to the Permissions API (`/v2/accounts/{id}/permissions`) and its public endpoints, for what
    the new SDK cannot send (content-role `policy_parameters`, `base_role_id`, hostile bodies) or does not keep
    (extra response fields such as `inherited_from`)."""

    def __init__(self, base: str, account_id: str = ACCOUNT_ID, auth=(API_KEY, API_SECRET)):
        super().__init__(base, account_id, auth)
        self.prefix = f"{base}/v2/accounts/{account_id}/permissions"
        self.public_prefix = f"{base}/v2/accounts/permissions/public"

    def public(self, method: str, name: str, **kw) -> httpx.Response:
        return self.client.request(method, f"{self.public_prefix}/{name}", **kw)

    # -- conveniences --
    def assign(self, principal_type: str, principal_id: str, roles: list[dict], operation: str = "add") -> httpx.Response:
        """`PUT principal_roles`; each role `{"id", "scope_id"?, "policy_parameters"?}` (kept intact, unlike the SDK)."""
        return self.put("principal_roles", json={
            "operation": operation, "principal": {"type": principal_type, "id": principal_id}, "roles": roles})

    def ok_assign(self, principal_type: str, principal_id: str, roles: list[dict], operation: str = "add") -> None:
        r = self.assign(principal_type, principal_id, roles, operation)
        assert r.status_code == 200, (r.status_code, r.text)

    def held(self, principal_type: str, principal_id: str, permission_type: str = "global", **params) -> list[dict]:
        """`GET principal_roles` as plain JSON (keeps `policy_parameters` contents)."""
        r = self.get("principal_roles", params={
            "principal_type": principal_type, "principal_id": principal_id, "permission_type": permission_type, **params})
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()["data"]

    def inspect(self, **params) -> dict:
        r = self.get("principal_roles/inspect", params=params)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()

    def effective(self, **params) -> dict:
        r = self.get("policies/effective", params=params)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()["data"]


PERMISSIONS_CODES = {400: ("ACCOUNTS_00005", "ACCOUNTS_00002"), 401: ("ACCOUNTS_00006",), 403: ("ACCOUNTS_00006",),
                     404: ("ACCOUNTS_00003",), 409: ("ACCOUNTS_00006",)}


def assert_perm_error(resp: httpx.Response, status, *, code: str | None = None, field: str | None = None,
                      words: tuple[str, ...] = ()) -> dict:
    """Asserts a Permissions error reply: status (int or container), JSON content type, the
    `{"error":{"category","code","message","details":{…}}}` envelope with the code that fits the status, and
    optionally that `details.fields` (or the message) names `field`. Returns `error`."""
    if isinstance(status, int):
        assert resp.status_code == status, (resp.status_code, resp.text)
    else:
        assert resp.status_code in status, (resp.status_code, resp.text)
    assert "application/json" in resp.headers.get("content-type", ""), (resp.headers, resp.text)
    body = resp.json()
    assert isinstance(body, dict) and isinstance(body.get("error"), dict), body
    err = body["error"]
    assert isinstance(err.get("message"), str) and err["message"], body
    assert err.get("category") in ("user_error", "server_error"), body
    assert isinstance(err.get("details", {}), dict), body
    if code is not None:
        assert err.get("code") == code, body
    elif resp.status_code in PERMISSIONS_CODES:
        assert err.get("code") in PERMISSIONS_CODES[resp.status_code], body
    if field is not None:
        assert field_named(err, field), f"{field!r} not named by {body}"
    for w in words:
        assert w.lower() in err["message"].lower(), f"{w!r} not in {err['message']!r}"
    return err


def field_named(err: dict, field: str) -> bool:
    """Whether a Permissions error names `field` in `details.fields` (as a string or an object key) or its message."""
    fields = (err.get("details") or {}).get("fields") or []
    for f in fields:
        if f == field or (isinstance(f, dict) and field in f):
            return True
    return field in (err.get("message") or "")


def perm_exc_error(exc, status: int, *, code: str | None = None, field: str | None = None) -> dict:
    """Checks a new-SDK `PermissionsErrorResponse` (typed, status, code) and returns its `error` as a dict."""
    assert isinstance(exc, models.PermissionsErrorResponse), (type(exc), exc)
    assert exc.status_code == status, (exc.status_code, exc.body)
    err = json.loads(exc.body)["error"]
    assert exc.data.error is not None and exc.data.error.message == err["message"]
    if code is not None:
        assert err["code"] == code, err
    elif status in PERMISSIONS_CODES:
        assert err["code"] in PERMISSIONS_CODES[status], err
    if field is not None:
        assert field_named(err, field), f"{field!r} not named by {err}"
    return err


def new_group(sdk: CldProvisioning, name: str | None = None):
    return sdk.user_groups.create(request={"name": name or unique_name("Group")})


def new_api_key(sdk: CldProvisioning, env_id: str, name: str | None = None) -> str:
    """Generates an access key in the environment through the Provisioning API; returns the `api_key` value."""
    k = sdk.access_keys.generate(sub_account_id=env_id, access_key_request={"name": name or unique_name("key"), "enabled": True})
    assert k.api_key
    return k.api_key


def role_ids(items) -> list[str]:
    """Ids of SDK role models or JSON role dicts."""
    return [i["id"] if isinstance(i, dict) else i.id for i in items]
