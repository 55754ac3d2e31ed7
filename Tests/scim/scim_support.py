"""Helpers of the SCIM suite: tokens through `gatehouse scim token`, a small SCIM client over httpx, checks of
SCIM's response shapes, and the readers of what the server stored (Provisioning, Permissions and audit APIs)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import httpx

from support import (ACCOUNT_ID, API_KEY, API_SECRET, HTTP_TIMEOUT, SESSION_ADDITIONAL_USERS, SESSION_USER_LIMIT, PermRaw, Raw,
                     ServerProcess, uid)

SCIM_JSON = "application/scim+json"
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CLOUDINARY_SCHEMA = "urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User"
PROVISIONING_ROLE = "gatehouse::role::account::user_provisioning"
ROLE_ML_USER = "cld::role::prodenv::ml_user"
ROLE_TECH = "cld::role::prodenv::technical_admin"
MAX_COUNT = 200


# ---- servers ----------------------------------------------------------------------------------------

def start_scim_server(tmp: Path, name: str, inbox, user_limit: int = SESSION_USER_LIMIT,
                      additional: int = SESSION_ADDITIONAL_USERS, env: dict | None = None) -> ServerProcess:
    """A server started like the Console suite's (public URL, mail to `inbox`), with its seats set."""
    from console_support import start_console_server
    srv = start_console_server(tmp, name, inbox, env=env)
    srv.set_seats(user_limit, additional)
    return srv


# ---- tokens ---------------------------------------------------------------------------------------

def gatehouse(srv: ServerProcess, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """A `gatehouse` admin command on the server's data directory, with the server's settings (mail, public URL)."""
    env = dict(os.environ)
    env.update(srv.env)
    cmd = [srv.binary, *args, "--data-dir", str(srv.data_dir)]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    if check:
        assert res.returncode == 0, f"{cmd} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}"
    return res


@dataclass
class Token:
    name: str
    secret: str
    id: str


def create_token(srv: ServerProcess, name: str | None = None) -> Token:
    """`gatehouse scim token create --name NAME`: the token is the last line it prints. Its id (the principal id
    in the Permissions API, the audit log's actor id) is what `token list` shows on the token's line: the
    token's part before the dot when the token has one."""
    name = name or f"scim-{uid(8)}"
    out = gatehouse(srv, "scim", "token", "create", "--name", name).stdout
    lines = [line.strip() for line in out.splitlines() if line.strip()]
    assert lines, f"`scim token create` printed nothing:\n{out}"
    secret = lines[-1]
    assert " " not in secret and len(secret) >= 20, f"the last line is not a token: {secret!r}\n{out}"
    line = token_line(srv, name)
    assert line, f"`scim token list` does not show {name}:\n{token_list(srv)}"
    assert secret not in line, f"`scim token list` shows the secret: {line}"
    prefix = secret.split(".", 1)[0]
    key = prefix if "." in secret and prefix in line else token_id(srv, name)
    return Token(name=name, secret=secret, id=key)


def token_list(srv: ServerProcess) -> str:
    return gatehouse(srv, "scim", "token", "list").stdout


def token_line(srv: ServerProcess, name: str) -> str | None:
    for line in token_list(srv).splitlines():
        if re.search(rf"(^|[\s,;:=\"']){re.escape(name)}($|[\s,;\"'])", line):
            return line
    return None


def token_id(srv: ServerProcess, name: str) -> str:
    """The token's id from its `token list` line: a `key=value` or JSON `id`, else the first field that is not
    the name, a date or a status word."""
    line = token_line(srv, name)
    assert line, f"`scim token list` does not show {name}:\n{token_list(srv)}"
    try:
        row = json.loads(line)
        if isinstance(row, dict) and row.get("id"):
            return str(row["id"])
    except ValueError:
        pass
    if m := re.search(r"\bid[=:]\s*\"?([A-Za-z0-9_.:-]+)", line):
        return m.group(1)
    for field in re.split(r"[\s\t|,]+", line.strip()):
        field = field.strip("\"'")
        if not field or field == name or re.match(r"^\d{4}-\d{2}-\d{2}", field):
            continue
        if field.lower() in ("active", "revoked", "name", "id", "created", "last_used", "never"):
            continue
        if "=" in field:
            continue
        return field
    raise AssertionError(f"no id on the token line {line!r}")


def revoke_token(srv: ServerProcess, name: str) -> str:
    return gatehouse(srv, "scim", "token", "revoke", "--name", name).stdout


# ---- the SCIM client ------------------------------------------------------------------------------

class Scim:
    """Plain HTTP to `/scim/v2` with a bearer token; bodies sent as `application/scim+json`."""

    def __init__(self, base_url: str, token: str | None):
        self.root = base_url
        self.base = f"{base_url}/scim/v2"
        headers = {"Accept": SCIM_JSON}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        self.client = httpx.Client(headers=headers, timeout=HTTP_TIMEOUT)

    def close(self):
        self.client.close()

    def url(self, path: str) -> str:
        return self.base + "/" + path.lstrip("/")

    def request(self, method: str, path: str, body=None, *, raw: bytes | str | None = None,
                content_type: str = SCIM_JSON, headers: dict | None = None, params=None) -> httpx.Response:
        h = dict(headers or {})
        content = None
        if body is not None:
            content = json.dumps(body).encode()
        elif raw is not None:
            content = raw.encode() if isinstance(raw, str) else raw
        if content is not None:
            h.setdefault("Content-Type", content_type)
        url = self.url(path)
        if params:
            # Spaces as %20, as Okta writes them; Entra's `+` is tested on its own (test_scim_idp_sequences).
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        return self.client.request(method, url, content=content, headers=h)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def patch(self, path, operations, **kw):
        """PATCH with a PatchOp body around `operations` (a list), or a whole body when given a dict."""
        body = operations if isinstance(operations, dict) else {"schemas": [PATCH_SCHEMA], "Operations": operations}
        return self.request("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    # -- conveniences that assert success --
    def create_user(self, **fields) -> dict:
        r = self.post("Users", user_body(**fields))
        return ok(r, 201)

    def create_group(self, display_name: str | None = None, members=(), **extra) -> dict:
        body = {"schemas": [GROUP_SCHEMA], "displayName": display_name or f"Group {uid(10)}",
                "members": [{"value": m} for m in members], **extra}
        return ok(self.post("Groups", body), 201)

    def user(self, user_id: str, **params) -> dict:
        return ok(self.get(f"Users/{user_id}", params=params or None), 200)

    def group(self, group_id: str, **params) -> dict:
        return ok(self.get(f"Groups/{group_id}", params=params or None), 200)

    def list(self, resource: str, **params) -> dict:
        r = self.get(resource, params=params)
        return assert_list(ok(r, 200))

    def search(self, resource: str, **fields) -> dict:
        path = f"{resource}/.search" if resource else ".search"
        r = self.post(path, {"schemas": [SEARCH_SCHEMA], **fields})
        return assert_list(ok(r, 200))

    def filter_users(self, filter_text: str, **params) -> list[dict]:
        return self.list("Users", filter=filter_text, count=MAX_COUNT, **params)["Resources"]


def user_body(user_name: str | None = None, email: str | None = None, given: str = "Given", family: str = "Family",
              display: str | None = None, active: bool | None = True, external_id: str | None = None,
              extension: dict | None = None, enterprise: dict | None = None, emails: list | None = None, **extra) -> dict:
    """A User as IdPs send it; `extension` is Gatehouse's Cloudinary extension (environments, roles)."""
    tag = uid(10)
    email = email or f"scim-{tag}@example.com"
    body = {"schemas": [USER_SCHEMA], "userName": user_name or email,
            "name": {"givenName": given, "familyName": family, "formatted": f"{given} {family}"},
            "emails": emails if emails is not None else [{"value": email, "type": "work", "primary": True}]}
    if display is not None:
        body["displayName"] = display
    if active is not None:
        body["active"] = active
    if external_id is not None:
        body["externalId"] = external_id
    if enterprise is not None:
        body["schemas"].append(ENTERPRISE_SCHEMA)
        body[ENTERPRISE_SCHEMA] = enterprise
    if extension is not None:
        body["schemas"].append(CLOUDINARY_SCHEMA)
        body[CLOUDINARY_SCHEMA] = extension
    body.update(extra)
    return body


def unique_email(tag: str = "scim") -> str:
    return f"{tag}-{uid(12)}@example.com"


# ---- response checks ------------------------------------------------------------------------------

def is_scim_json(resp: httpx.Response) -> bool:
    ctype = resp.headers.get("content-type", "")
    return ctype.startswith(SCIM_JSON) or ctype.startswith("application/json")


def describe(resp: httpx.Response) -> str:
    req = resp.request
    body = req.content.decode(errors="replace")[:1500] if req.content else ""
    return f"{req.method} {req.url}\n  request body: {body}\n  -> {resp.status_code} {resp.text[:2500]}"


def ok(resp: httpx.Response, status: int = 200) -> dict:
    """A success with a SCIM JSON body (none for 204)."""
    assert resp.status_code == status, describe(resp)
    if status == 204:
        assert not resp.content, describe(resp)
        return {}
    assert resp.headers.get("content-type", "").startswith(SCIM_JSON), (resp.headers.get("content-type"), describe(resp))
    return resp.json()


def scim_error(resp: httpx.Response, status: int | tuple, scim_type: str | None = None, *words: str) -> dict:
    """A SCIM error (RFC 7644 §3.12): the status, the Error schema, `status` as a string equal to the HTTP one,
    a `detail`, and `scimType` when given (and words the detail must mention)."""
    statuses = (status,) if isinstance(status, int) else status
    assert resp.status_code in statuses, describe(resp)
    assert resp.status_code < 500, describe(resp)
    assert is_scim_json(resp), (resp.headers.get("content-type"), describe(resp))
    body = resp.json()
    assert body.get("schemas") == [ERROR_SCHEMA], describe(resp)
    assert body.get("status") == str(resp.status_code), describe(resp)
    assert isinstance(body.get("detail"), str) and body["detail"], describe(resp)
    if scim_type is not None:
        assert body.get("scimType") == scim_type, describe(resp)
    for w in words:
        assert w.lower() in body["detail"].lower(), f"{w!r} not in the detail: {describe(resp)}"
    return body


def assert_list(body: dict) -> dict:
    """A ListResponse: its schema, integers, itemsPerPage == len(Resources)."""
    assert body.get("schemas") == [LIST_SCHEMA], body
    assert isinstance(body.get("totalResults"), int), body
    resources = body.get("Resources", [])
    assert isinstance(resources, list), body
    body.setdefault("Resources", resources)
    if "itemsPerPage" in body:
        assert body["itemsPerPage"] == len(resources), body
    if "startIndex" in body:
        assert isinstance(body["startIndex"], int), body
    return body


def primary_email(user: dict) -> str | None:
    emails = user.get("emails") or []
    for e in emails:
        if e.get("primary"):
            return e.get("value")
    return emails[0]["value"] if emails else None


def ids(resources) -> list[str]:
    return [r["id"] for r in resources]


# ---- what the server stored -----------------------------------------------------------------------

class Stored:
    """The Provisioning, Permissions and audit APIs of one server, with the account's provisioning key."""

    def __init__(self, base_url: str):
        self.base = base_url
        self.raw = Raw(base_url)
        self.perm = PermRaw(base_url)
        self.audit_url = f"{base_url}/v2/accounts/{ACCOUNT_ID}/audit/events"

    def close(self):
        self.raw.client.close()
        self.perm.client.close()

    def user(self, user_id: str) -> dict:
        r = self.raw.get(f"users/{user_id}")
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()

    def users_by_email(self, email: str) -> list[dict]:
        r = self.raw.get("users", params={"emails[]": email})
        assert r.status_code == 200, (r.status_code, r.text)
        return [u for u in r.json()["users"] if u["email"].lower() == email.lower()]

    def user_groups(self, user_id: str) -> set[str]:
        r = self.raw.get(f"users/{user_id}/groups")
        assert r.status_code == 200, (r.status_code, r.text)
        return {g["id"] for g in r.json()["groups"]}

    def environments(self, user_id: str) -> set[str]:
        r = self.raw.get(f"users/{user_id}/sub_accounts")
        assert r.status_code == 200, (r.status_code, r.text)
        return {e["id"] for e in r.json()["sub_accounts"]}

    def group(self, group_id: str) -> dict | None:
        r = self.raw.get(f"user_groups/{group_id}")
        if r.status_code == 404:
            return None
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()

    def members(self, group_id: str) -> set[str]:
        r = self.raw.get(f"user_groups/{group_id}/users")
        assert r.status_code == 200, (r.status_code, r.text)
        return {u["id"] for u in r.json()["users"]}

    def groups_named(self, name: str) -> list[dict]:
        r = self.raw.get("user_groups")
        assert r.status_code == 200, (r.status_code, r.text)
        return [g for g in r.json()["user_groups"] if g["name"] == name]

    def roles(self, user_id: str, scope_id: str | None = None) -> set[str]:
        """The role ids held directly by the user (not through a group) in product environments."""
        params = {"scope_type": "prodenv", "principal_type": "user", "principal_id": user_id}
        if scope_id:
            params["scope_id"] = scope_id
        data = self.perm.inspect(**params)["data"]["principals"]
        assert len(data) == 1, data
        return {entry["id"] for entry in data[0]["roles"] if not entry.get("inherited")}

    def held(self, principal_type: str, principal_id: str) -> list[str]:
        return sorted(r["id"] for r in self.perm.held(principal_type, principal_id))

    def seats(self) -> tuple[int, int]:
        """(used, limit) of the `seats` metric."""
        r = self.raw.get("billing_usage")
        assert r.status_code == 200, (r.status_code, r.text)
        return parse_seats(r.json())

    def events(self, **params) -> list[dict]:
        r = httpx.get(self.audit_url, params={"max_results": 500, **params}, auth=(API_KEY, API_SECRET),
                      timeout=HTTP_TIMEOUT)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()["data"]

    def newest_sequence(self) -> int:
        data = self.events(max_results=1)
        return data[0]["sequence"] if data else 0


def parse_seats(body) -> tuple[int, int]:
    items = body if isinstance(body, list) else [body]
    for item in items:
        for m in item.get("metric_usage", []):
            if m.get("metric") == "seats":
                return m["cycles"][0]["usage"], m["limit"]
    raise AssertionError(f"no seats metric in {body}")


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert value, f"timed out after {timeout:.0f}s waiting for {what}"
    return value


def quote_filter(text: str) -> str:
    """A string as a SCIM filter literal (JSON string syntax)."""
    return json.dumps(text)


def encoded(params: dict) -> str:
    return urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
