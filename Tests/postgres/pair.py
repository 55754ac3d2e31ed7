"""Two `gatehouse serve` processes on one PostgreSQL database, and plain HTTP helpers for them."""

from __future__ import annotations

import re

import httpx

from support import (ACCOUNT_ID, API_KEY, API_SECRET, ServerProcess, _servers, fresh_database, free_port, gatehouse_bin,
                     uid)

ADMIN_PASSWORD = "correct horse battery staple"


def start_pair(tmp_root, name: str, env: dict | None = None, database_url: str | None = None) -> tuple[ServerProcess, ServerProcess]:
    """Servers A and B, each with its own data directory (outbox, signing key), on one new database."""
    database_url = database_url or fresh_database()
    servers = []
    for side in ("a", "b"):
        data_dir = tmp_root / f"{name}-{side}"
        data_dir.mkdir(parents=True, exist_ok=True)
        srv = ServerProcess(binary=gatehouse_bin(), data_dir=data_dir, port=free_port(), log_path=tmp_root / f"{name}-{side}.log",
                            env={"GATEHOUSE_ADMIN_PASSWORD": ADMIN_PASSWORD, **(env or {})}, database_url=database_url)
        _servers.append(srv)
        servers.append(srv.start())
    return servers[0], servers[1]


class Api:
    """The Provisioning and Permissions APIs of one server, as the account's provisioning key."""

    def __init__(self, srv: ServerProcess):
        self.srv = srv
        self.client = httpx.Client(base_url=srv.base_url, auth=(API_KEY, API_SECRET), timeout=30)

    def provisioning(self, method: str, path: str, **kw) -> httpx.Response:
        return self.client.request(method, f"/v1_1/provisioning/accounts/{ACCOUNT_ID}/{path}", **kw)

    def permissions(self, method: str, path: str, **kw) -> httpx.Response:
        return self.client.request(method, f"/v2/accounts/{ACCOUNT_ID}/permissions/{path}", **kw)

    def ok(self, response: httpx.Response) -> dict:
        assert response.status_code == 200, (response.status_code, response.text)
        return response.json()

    def new_environment(self) -> str:
        return self.ok(self.provisioning("POST", "sub_accounts", json={"cloud_name": f"pg-{uid(8)}", "name": f"PG {uid(6)}"}))["id"]

    def new_user(self, email: str, **fields) -> dict:
        return self.ok(self.provisioning("POST", "users", json={"name": "Pair Person", "email": email, **fields}))


class Browser:
    """A person's Console session over plain HTTP: the forms as a browser posts them (with their token)."""

    def __init__(self, srv: ServerProcess):
        self.client = httpx.Client(base_url=srv.base_url, timeout=30, follow_redirects=False)

    def token(self, path: str) -> str:
        page = self.client.get(path)
        assert page.status_code == 200, (path, page.status_code, page.text[:300])
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found, f"no form token on {path}"
        return found.group(1)

    def post(self, path: str, fields: dict, token_from: str | None = None) -> httpx.Response:
        return self.client.post(path, data={**fields, "csrf": self.token(token_from or path)})

    def sign_in(self, email: str, password: str) -> None:
        answer = self.post("/console/login", {"email": email, "password": password})
        assert answer.status_code in (302, 303) and answer.headers["location"] == "/console", (answer.status_code, answer.text[:300])

    def accept_invitation(self, link: str, password: str) -> None:
        path = re.sub(r"^https?://[^/]+", "", link)
        answer = self.post(path, {"name": "Pair Person", "password": password, "confirm_password": password})
        assert answer.status_code in (200, 302, 303), (answer.status_code, answer.text[:300])

    def signed_in(self) -> bool:
        """Whether the session still opens a signed-in page (a signed-out visitor is sent to the login)."""
        answer = self.client.get("/console/profile")
        return answer.status_code == 200


def invitation_link(servers: list[ServerProcess], address: str, timeout: float = 30) -> str:
    """The invitation link mailed to `address`: whichever server's mail worker sent it wrote it to its outbox."""
    import email
    import email.policy
    import time
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for srv in servers:
            outbox = srv.data_dir / "outbox"
            for path in sorted(outbox.glob("*.eml")) if outbox.is_dir() else []:
                raw = path.read_bytes()
                if address.encode() not in raw:
                    continue
                msg = email.message_from_bytes(raw, policy=email.policy.default)
                text = list(msg.iter_parts())[0].get_content()
                found = re.search(r"https?://[^\s<>\"')\]]+/console/invitation/[A-Za-z0-9_-]+", text)
                if found:
                    return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no invitation to {address} in {[str(s.data_dir / 'outbox') for s in servers]}")
