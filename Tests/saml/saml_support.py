"""Helpers of the SAML suite: the server's SAML URLs, configuring it through `gatehouse saml`, posting to
the ACS as a browser would, and reading back what the server stored (users, roles with their source,
audit events) through the Provisioning, Permissions and audit APIs."""

from __future__ import annotations

import re
import time
import urllib.parse
from dataclasses import dataclass

import httpx

from console_support import admin
from idp import IdP, Person, b64
from support import ACCOUNT_ID, API_KEY, API_SECRET, HTTP_TIMEOUT, PermRaw, Raw, ServerProcess, uid

SESSION_COOKIE = "gatehouse_session"
FAILURE = "auth.sign_in.failure"
SUCCESS = "auth.sign_in.success"
MAPPING_IGNORED = "auth.saml.mapping_ignored"

ROLE_ML_USER = "cld::role::prodenv::ml_user"
ROLE_ML_ADMIN = "cld::role::prodenv::ml_admin"
ROLE_TECH = "cld::role::prodenv::technical_admin"
ROLE_PE_MASTER = "cld::role::prodenv::master_admin"
ROLE_PE_REPORTS = "cld::role::prodenv::reports"
ROLE_PE_BILLING = "cld::role::prodenv::billing"
ROLE_ACC_MASTER = "cld::role::account::master_admin"
ROLE_ACC_ADMIN = "cld::role::account::admin"
ROLE_ACC_BILLING = "cld::role::account::billing"
ROLE_ACC_REPORTS = "cld::role::account::reports"

EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
PERSISTENT_FORMAT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"


def unique_email(tag: str = "saml") -> str:
    return f"{tag}-{uid(10)}@example.com"


@dataclass
class Site:
    """The server under test with its IdP, and the clients that read back what it stored."""

    srv: ServerProcess
    idp: IdP
    sdk: object
    perm: PermRaw
    raw: Raw
    account_id: str = ACCOUNT_ID

    @property
    def base(self) -> str:
        return self.srv.base_url

    @property
    def metadata_url(self) -> str:
        return f"{self.base}/saml/{self.account_id}/metadata"

    @property
    def entity_id(self) -> str:
        return self.metadata_url

    @property
    def acs_url(self) -> str:
        return f"{self.base}/saml/{self.account_id}/acs"

    @property
    def login_url(self) -> str:
        return f"{self.base}/saml/{self.account_id}/login"

    # ---- configuration (the CLI, while the server runs) -----------------------------------------

    def configure(self, *flags: str, extra_keys=()) -> str:
        """`gatehouse saml configure --idp-metadata FILE FLAGS…` with this IdP's metadata (and more signing
        certificates, as during a rotation)."""
        path = self.idp.metadata_file(extra_keys=tuple(extra_keys))
        return admin(self.srv, "saml", "configure", "--idp-metadata", str(path), *flags)

    def show(self) -> str:
        return admin(self.srv, "saml", "show")

    def show_fields(self) -> dict[str, list[str]]:
        """`gatehouse saml show` as `key: value` lines: key → values (a key may repeat)."""
        out: dict[str, list[str]] = {}
        for line in self.show().splitlines():
            key, sep, value = line.partition(": ")
            if sep:
                out.setdefault(key.strip(), []).append(value.strip())
        return out

    def disable(self) -> str:
        return admin(self.srv, "saml", "disable")

    # ---- the SAML exchanges without a browser ---------------------------------------------------

    def client(self) -> httpx.Client:
        """A fresh cookie jar, as a new browser would be."""
        return httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=False)

    def begin_login(self, client: httpx.Client, relay_state: str | None = None):
        """SP-initiated start: GET /login must redirect to the IdP's SSO URL with a SAMLRequest and a
        RelayState; the IdP (pysaml2) parses the request. Returns the `AuthnRequestSeen`."""
        params = {"RelayState": relay_state} if relay_state else None
        r = client.get(self.login_url, params=params)
        assert r.status_code in (302, 303), (r.status_code, r.text[:500])
        loc = r.headers["location"]
        assert loc.startswith(self.idp.sso_url + "?"), loc
        q = urllib.parse.parse_qs(urllib.parse.urlparse(loc).query)
        assert "SAMLRequest" in q and "RelayState" in q, q.keys()
        return self.idp.parse_authn_request(q["SAMLRequest"][0], q["RelayState"][0])

    def response_for(self, seen, person: Person, **how) -> str:
        """A response (XML) answering the AuthnRequest `seen`; `how` goes to `IdP.response`."""
        return self.idp.response(person, acs_url=seen.acs_url, audience=seen.sp_entity_id,
                                 in_response_to=seen.id, **how)

    def post_acs(self, client: httpx.Client, xml: str | None = None, relay_state: str | None = None, *,
                 encoded: str | None = None) -> httpx.Response:
        """POSTs the form a browser posts from the IdP's page (XML base64-encoded unless `encoded`)."""
        data = {"SAMLResponse": encoded if encoded is not None else b64(xml)}
        if relay_state is not None:
            data["RelayState"] = relay_state
        return client.post(self.acs_url, data=data)

    def sp_login(self, client: httpx.Client, person: Person, **how) -> httpx.Response:
        """A whole SP-initiated login over HTTP: the ACS's answer."""
        seen = self.begin_login(client)
        return self.post_acs(client, self.response_for(seen, person, **how), seen.relay_state)

    # ---- what the server stored -----------------------------------------------------------------

    def user(self, email: str) -> dict | None:
        """The user's Provisioning API record (plain JSON), or None."""
        r = self.raw.get("users", params={"emails[]": email})
        assert r.status_code == 200, (r.status_code, r.text)
        users = [u for u in r.json()["users"] if u["email"].lower() == email.lower()]
        assert len(users) <= 1, users
        if not users:
            return None
        one = self.raw.get(f"users/{users[0]['id']}")
        assert one.status_code == 200, (one.status_code, one.text)
        return one.json()

    def user_count(self) -> int:
        r = self.raw.get("users", params={"page_size": 10000})
        assert r.status_code == 200, (r.status_code, r.text)
        return len(r.json()["users"])

    def user_environments(self, user_id: str) -> set[str]:
        """The ids of the product environments the user may access (`users/{id}/sub_accounts`)."""
        r = self.raw.get(f"users/{user_id}/sub_accounts")
        assert r.status_code == 200, (r.status_code, r.text)
        return {e["id"] for e in r.json()["sub_accounts"]}

    def roles(self, user_id: str, *, scope_type: str = "prodenv", scope_id: str | None = None) -> dict[str, dict]:
        """`principal_roles/inspect` of the user: role id → entry (with `source`)."""
        params = {"scope_type": scope_type, "principal_type": "user", "principal_id": user_id}
        if scope_id:
            params["scope_id"] = scope_id
        data = self.perm.inspect(**params)["data"]["principals"]
        assert len(data) == 1, data
        out = {}
        for entry in data[0]["roles"]:
            if entry.get("inherited"):
                continue
            out.setdefault(entry["id"], entry)
        return out

    def role_sources(self, user_id: str, **kw) -> dict[str, str]:
        return {rid: e.get("source") for rid, e in self.roles(user_id, **kw).items()}

    def events(self, action: str, **params) -> list[dict]:
        r = httpx.get(f"{self.base}/v2/accounts/{self.account_id}/audit/events",
                      params={"action": action, "max_results": 100, **params}, auth=(API_KEY, API_SECRET),
                      timeout=HTTP_TIMEOUT)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()["data"]

    def newest_sequence(self) -> int:
        r = httpx.get(f"{self.base}/v2/accounts/{self.account_id}/audit/events", params={"max_results": 1},
                      auth=(API_KEY, API_SECRET), timeout=HTTP_TIMEOUT)
        assert r.status_code == 200, (r.status_code, r.text)
        data = r.json()["data"]
        return data[0]["sequence"] if data else 0


def cert_fingerprint(cert_b64: str) -> str:
    """SHA-256 of a certificate's DER, lowercase hex without separators."""
    import base64
    import hashlib
    return hashlib.sha256(base64.b64decode(cert_b64)).hexdigest()


def plain_hex(text: str) -> str:
    return text.replace(":", "").lower()


def details(event: dict) -> dict:
    """The event's details: `details` if the server names them so, else `after` (security events)."""
    d = event.get("details")
    if isinstance(d, dict):
        return d
    a = event.get("after")
    return a if isinstance(a, dict) else {}


def has_session_cookie(resp: httpx.Response) -> bool:
    for header in resp.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0]
        if name.strip() == SESSION_COOKIE and value:
            return True
    return False


def assert_signed_in(site: Site, client: httpx.Client, resp: httpx.Response, email: str) -> None:
    """The ACS answered 303 to /console with a session cookie, and that session opens the Console as `email`."""
    assert resp.status_code == 303, (resp.status_code, resp.text[:800])
    assert urllib.parse.urlparse(resp.headers["location"]).path == "/console", resp.headers["location"]
    assert has_session_cookie(resp), resp.headers.get_list("set-cookie")
    home = client.get(site.base + "/console")
    assert home.status_code == 200, (home.status_code, home.text[:500])
    signed_as = re.search(r"Signed in as ([^<]+?)\.\s*<", home.text)
    assert signed_as and signed_as.group(1).strip().lower() == email.lower(), (email, home.text[:1500])


def assert_refused(site: Site, resp: httpx.Response, reason: str | tuple[str, ...], *, since: int,
                   statuses=(403, 400), emails: tuple[str, ...] = (), users_before: int | None = None) -> dict:
    """A refusal: an HTML page with status 403 (400 for malformed input), no session cookie, no user for
    any of `emails` (and the user count unchanged when given), and a new `auth.sign_in.failure` event with
    method saml and one of the reason codes. Returns the event."""
    reasons = (reason,) if isinstance(reason, str) else reason
    assert resp.status_code in statuses, (resp.status_code, resp.text[:800])
    assert "text/html" in resp.headers.get("content-type", ""), resp.headers
    assert not has_session_cookie(resp), resp.headers.get_list("set-cookie")
    for e in emails:
        assert site.user(e) is None, f"a user {e} was created by a refused login"
    if users_before is not None:
        assert site.user_count() == users_before
    event = failure_since(site, since)
    assert details(event).get("method") == "saml", event
    assert details(event).get("reason") in reasons, (reasons, event)
    return event


def failure_since(site: Site, since: int, timeout: float = 5.0) -> dict:
    """The newest `auth.sign_in.failure` event after sequence `since` (exactly one must be new)."""
    deadline = time.monotonic() + timeout
    while True:
        new = [e for e in site.events(FAILURE) if e["sequence"] > since]
        if new or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert len(new) == 1, f"expected one new {FAILURE} event, got {new}"
    return new[0]
