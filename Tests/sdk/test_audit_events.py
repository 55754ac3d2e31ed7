"""`GET /v2/accounts/{account_id}/audit/events` (Gatehouse's own extension) after writes made through the
official SDKs: for each kind of change the event names the SDK's provisioning key as actor, the changed
record as target, and what changed before and after; a refused write leaves no event; the request id, client
address and user agent are those of the SDK's request. Also the paging, filters and exports over HTTP and
`gatehouse audit list|export` on the same data directory.

Runs on a server of its own, so the log holds only this module's writes and the bootstrap's."""

import csv
import io
import json

import cloudinary
import cloudinary.exceptions as cex
import cloudinary.provisioning
import httpx
import pytest
from cloudinary_account_provisioning import models

from support import ACCOUNT_ID, API_KEY, API_SECRET, HTTP_TIMEOUT, make_new_sdk, uid, unique_email, unique_name

CSV_COLUMNS = ["id", "time", "actor_type", "actor_id", "action", "target_type", "target_id", "outcome"]
ML = "cld::policy::global::ml::access"


@pytest.fixture(scope="module")
def srv(scratch_server):
    return scratch_server


@pytest.fixture(scope="module")
def sdk(srv):
    return make_new_sdk(srv.base_url)


@pytest.fixture
def legacy(srv):
    """The legacy SDK's provisioning module, configured for this module's server."""
    cloudinary.config(upload_prefix=srv.base_url)
    cloudinary.provisioning.account_config(
        account_id=ACCOUNT_ID, provisioning_api_key=API_KEY, provisioning_api_secret=API_SECRET)
    return cloudinary.provisioning


class AuditAPI:
    """The endpoint, with the credentials the legacy SDK is configured with (`account_config`)."""

    def __init__(self, base: str, auth=None):
        config = cloudinary.provisioning.account_config()
        self.url = f"{base}/v2/accounts/{config.account_id}/audit/events"
        self.client = httpx.Client(
            auth=auth or (config.provisioning_api_key, config.provisioning_api_secret), timeout=HTTP_TIMEOUT)

    def get(self, **params) -> httpx.Response:
        return self.client.get(self.url, params=params)

    def events(self, **params) -> list[dict]:
        r = self.get(max_results=500, **params)
        assert r.status_code == 200, (r.status_code, r.text)
        return r.json()["data"]

    def newest_sequence(self) -> int:
        return self.events()[0]["sequence"]

    def one(self, action: str, target_id: str) -> dict:
        found = self.events(action=action, target_id=target_id)
        assert len(found) == 1, (action, target_id, found)
        return found[0]


@pytest.fixture
def audit(srv, legacy):
    api = AuditAPI(srv.base_url)
    yield api
    api.client.close()


def assert_sdk_actor(event: dict, agent_prefix: str):
    """The SDK's provisioning key made it, over HTTP from this machine, with the SDK's user agent."""
    assert event["actor"]["type"] == "provisioning_key" and event["actor"]["id"] == API_KEY, event["actor"]
    assert event["actor"]["authentication"] == "basic"
    assert event["outcome"] == "success"
    assert event["client_ip"] == "127.0.0.1", event
    assert event["user_agent"] and event["user_agent"].startswith(agent_prefix), event["user_agent"]
    assert event["request_id"], event
    assert isinstance(event["hash"], str) and len(event["hash"]) == 64
    assert event["account_id"] == ACCOUNT_ID


# ---- each kind of change, written through the SDKs ------------------------------------------------

def test_user_create_update_delete_through_the_legacy_sdk(legacy, audit):
    name, email = unique_name("Audited"), unique_email("audited")
    user = legacy.account.create_user(name, email, "media_library_user")
    created = audit.one("user.create", user["id"])
    assert_sdk_actor(created, "CloudinaryPython")
    assert created["target"] == {"type": "user", "id": user["id"], "name": name}
    assert created["before"] is None
    assert created["after"]["email"] == email and created["after"]["name"] == name
    assert created["after"]["role"] == "media_library_user" and created["after"]["status"] == "pending"

    renamed = unique_name("Renamed")
    legacy.account.update_user(user["id"], name=renamed)
    updated = audit.one("user.update", user["id"])
    assert_sdk_actor(updated, "CloudinaryPython")
    assert updated["before"] == {"name": name} and updated["after"] == {"name": renamed}
    assert updated["sequence"] > created["sequence"]

    legacy.account.delete_user(user["id"])
    deleted = audit.one("user.delete", user["id"])
    assert_sdk_actor(deleted, "CloudinaryPython")
    assert deleted["before"]["status"] == "pending" and deleted["after"]["status"] == "inactive"
    assert deleted["sequence"] > updated["sequence"]
    # Newest first when read by target, and nothing secret in any of them.
    mine = [e for e in audit.events(target_id=user["id"]) if e["action"].startswith("user.")]
    assert [e["action"] for e in mine] == ["user.delete", "user.update", "user.create"]
    for event in (created, updated, deleted):
        assert "password" not in json.dumps(event).lower()


def test_group_create_and_membership_through_the_legacy_sdk(legacy, audit):
    user = legacy.account.create_user(unique_name("Member"), unique_email("member"), "media_library_user")
    name = unique_name("Auditors")
    group = legacy.account.create_user_group(name)
    created = audit.one("group.create", group["id"])
    assert_sdk_actor(created, "CloudinaryPython")
    assert created["target"] == {"type": "group", "id": group["id"], "name": name}
    assert created["before"] is None and created["after"] == {"name": name}

    legacy.account.add_user_to_group(group["id"], user["id"])
    added = audit.one("group.member.add", group["id"])
    assert_sdk_actor(added, "CloudinaryPython")
    assert added["target"]["type"] == "group" and added["target"]["id"] == group["id"]
    assert added["after"] == {"user_id": user["id"]}


def test_custom_role_and_assignment_through_the_current_sdk(sdk, audit):
    user = sdk.users.create(request={"name": unique_name("Holder"), "email": unique_email("holder"), "role": "media_library_user"})
    role_id = f"audited_{uid(8)}"
    role = sdk.roles.create(request={"id": role_id, "name": unique_name("Audited role"), "scope_type": "prodenv",
                                     "permission_type": "global", "system_policy_ids": [ML]}).data
    created = audit.one("role.create", role.id)
    assert_sdk_actor(created, "Cloudinary/AccountProvisioning Python/")
    assert created["target"]["type"] == "role" and created["target"]["id"] == role_id
    assert created["before"] is None
    assert created["after"]["system_policy_ids"] == [ML] and created["after"]["scope_type"] == "prodenv"

    sdk.principals.update_roles(request={"operation": "add", "principal": {"type": "user", "id": user.id},
                                         "roles": [{"id": role_id, "scope_id": "all"}]})
    assigned = [e for e in audit.events(action="role.assign", target_id=user.id) if e["after"]["role_id"] == role_id]
    assert len(assigned) == 1, assigned
    assert_sdk_actor(assigned[0], "Cloudinary/AccountProvisioning Python/")
    assert assigned[0]["target"]["type"] == "user" and assigned[0]["target"]["id"] == user.id
    assert assigned[0]["after"]["principal"] == {"type": "user", "id": user.id}
    assert assigned[0]["after"]["scope_id"] == "all" and assigned[0]["before"] is None

    sdk.principals.update_roles(request={"operation": "remove", "principal": {"type": "user", "id": user.id},
                                         "roles": [{"id": role_id, "scope_id": "all"}]})
    removed = [e for e in audit.events(action="role.unassign", target_id=user.id) if e["before"]["role_id"] == role_id]
    assert len(removed) == 1 and removed[0]["after"] is None


def test_refused_writes_leave_no_event(srv, sdk, legacy, audit):
    newest = audit.newest_sequence()
    with pytest.raises(cex.BadRequest):
        legacy.account.create_user(unique_name("Bad"), "not-an-email", "media_library_user")
    with pytest.raises(models.PermissionsErrorResponse):
        sdk.roles.create(request={"id": "cld::role::account::forged", "name": unique_name("Forged"), "scope_type": "account",
                                  "permission_type": "global", "system_policy_ids": []})
    # A key holding no roles is refused (403) by the Cedar engine before anything is written.
    line = srv.cli("key", "create", "--name", f"no-roles-{uid(4)}").stdout
    url = next(l for l in line.splitlines() if l.startswith("CLOUDINARY_ACCOUNT_URL="))
    key, secret = url.split("account://", 1)[1].split("@", 1)[0].split(":", 1)
    weak = make_new_sdk(srv.base_url, key=key, secret=secret)
    with pytest.raises(models.ErrorResponse) as refused:
        weak.users.create(request={"name": unique_name("Nope"), "email": unique_email("nope")})
    assert refused.value.status_code == 403
    # The key's creation by the operator (`cli`) is the only new event.
    after = audit.events()
    new = [e for e in after if e["sequence"] > newest]
    assert [(e["action"], e["actor"]["type"]) for e in new] == [("provisioning_key.create", "cli")], new
    assert audit.events(actor_id=key) == []
    # Nor may that key read the log.
    weak_audit = AuditAPI(srv.base_url, auth=(key, secret))
    r = weak_audit.get()
    assert r.status_code == 403 and "missing permissions" in r.json()["error"]["message"]
    weak_audit.client.close()


def test_request_id_is_the_x_request_id_of_the_write(srv, audit):
    raw = httpx.Client(auth=(API_KEY, API_SECRET), timeout=HTTP_TIMEOUT, headers={"User-Agent": "audit-test/1.0"})
    users = f"{srv.base_url}/v1_1/provisioning/accounts/{ACCOUNT_ID}/users"
    # Our own id, echoed and recorded.
    mine = f"audit-{uid(12)}"
    r = raw.post(users, json={"name": unique_name("Traced"), "email": unique_email("traced")}, headers={"X-Request-Id": mine})
    assert r.status_code == 200 and r.headers["x-request-id"] == mine
    event = audit.one("user.create", r.json()["id"])
    assert event["request_id"] == mine and event["user_agent"] == "audit-test/1.0" and event["client_ip"] == "127.0.0.1"
    # The server's id when the client sends none.
    r = raw.post(users, json={"name": unique_name("Traced"), "email": unique_email("traced")})
    assert r.status_code == 200 and r.headers["x-request-id"]
    assert audit.one("user.create", r.json()["id"])["request_id"] == r.headers["x-request-id"]
    raw.close()


# ---- the endpoint itself --------------------------------------------------------------------------

def test_paging_by_cursor_covers_the_log_newest_first(audit):
    everything = audit.events()
    seqs = [e["sequence"] for e in everything]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) >= 10
    walked, cursor, pages = [], None, 0
    while True:
        params = {"max_results": 4, **({"cursor": cursor} if cursor else {})}
        r = audit.get(**params)
        assert r.status_code == 200, r.text
        body = r.json()
        walked += [e["sequence"] for e in body["data"]]
        pages += 1
        cursor = body.get("next_cursor")
        if not cursor:
            break
    assert walked[:len(seqs)] == seqs and len(walked) >= len(seqs)
    assert pages == -(-len(walked) // 4)


@pytest.mark.parametrize("params,field", [
    ({"max_results": 0}, "max_results"), ({"max_results": 501}, "max_results"), ({"max_results": "abc"}, "max_results"),
    ({"cursor": "not-a-cursor"}, "cursor"), ({"outcome": "maybe"}, "outcome"), ({"from": "last week"}, "from"),
    ({"to": "2026-02-31T25:00:00Z"}, "to"), ({"format": "xml"}, "format"),
])
def test_bad_input_is_400_in_cloudinarys_shape(audit, params, field):
    r = audit.get(**params)
    assert r.status_code == 400, (params, r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    message = r.json()["error"]["message"]
    assert message.startswith(field), message


def test_filters_and_exports_agree(audit):
    creates = audit.events(action="user.create")
    assert creates and all(e["action"] == "user.create" for e in creates)
    assert audit.events(outcome="failure") == []
    assert audit.events(to="2001-01-01") == []
    assert len(audit.events(**{"from": "2001-01-01", "outcome": "success"})) == len(audit.events())

    r = audit.get(format="csv", action="user.create")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text, newline="")))
    assert rows[0] == CSV_COLUMNS
    assert [row[0] for row in rows[1:]] == [e["id"] for e in creates]
    first = dict(zip(CSV_COLUMNS, rows[1]))
    assert first == {"id": creates[0]["id"], "time": creates[0]["time"], "actor_type": creates[0]["actor"]["type"],
                     "actor_id": creates[0]["actor"]["id"], "action": "user.create", "target_type": "user",
                     "target_id": creates[0]["target"]["id"], "outcome": "success"}

    r = audit.get(format="jsonl", action="user.create")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    assert [json.loads(line) for line in r.text.splitlines()] == creates


# ---- the command line, on the same data directory while the server runs ---------------------------

def test_cli_list_and_export_take_the_same_filters(srv, audit):
    creates = audit.events(action="user.create")
    target = creates[0]["target"]["id"]

    listed = srv.cli("audit", "list", "--action", "user.create", "--actor-id", API_KEY).stdout.splitlines()
    assert [json.loads(l)["id"] for l in listed] == [e["id"] for e in creates if e["actor"]["id"] == API_KEY]
    one = srv.cli("audit", "list", "--target-id", target, "--action", "user.create", "--outcome", "success").stdout.splitlines()
    assert [json.loads(l) for l in one] == [creates[0]]
    assert srv.cli("audit", "list", "--to", "2001-01-01").stdout == ""

    # (`cli` reads stdout as text, so the CRLF record ends arrive as LF: compare the records.)
    exported = srv.cli("audit", "export", "--format", "csv", "--action", "user.create", "--from", "2001-01-01").stdout
    over_http = audit.get(format="csv", action="user.create").text
    assert list(csv.reader(io.StringIO(exported))) == list(csv.reader(io.StringIO(over_http, newline="")))
    assert list(csv.reader(io.StringIO(exported)))[0] == CSV_COLUMNS
    jsonl = srv.cli("audit", "export", "--target-id", target).stdout
    assert [json.loads(l) for l in jsonl.splitlines()] == audit.events(target_id=target)
    assert srv.cli("audit", "export").stdout == audit.get(format="jsonl").text

    for args, word in [(["--outcome", "maybe"], "--outcome"), (["--from", "yesterday"], "--from"), (["--format", "xml"], "--format")]:
        res = srv.cli("audit", "export", *args, check=False)
        assert res.returncode != 0 and word in res.stderr, (args, res.stdout, res.stderr)
        assert res.stdout == ""


def test_failed_sign_ins_are_security_events_and_unknown_emails_belong_to_no_account(srv, audit):
    """A wrong password at the Console's sign-in page is `auth.sign_in.failure` in the account's log, from the
    client's address and user agent; an email no one has is recorded outside any account, where
    `gatehouse audit list --outside-accounts` shows it (the typed text, disarmed in CSV)."""
    import re

    def sign_in(email):
        with httpx.Client(base_url=srv.base_url, timeout=HTTP_TIMEOUT, headers={"User-Agent": "audit-test/1"}) as browser:
            csrf = re.search(r'name="csrf" value="([^"]+)"', browser.get("/console/login").text).group(1)
            r = browser.post("/console/login", data={"csrf": csrf, "email": email, "password": "not the password"})
            assert r.status_code == 401 and "X-Request-Id" in r.headers, (r.status_code, r.text[:300])
            return r.headers["X-Request-Id"]

    request_id = sign_in("admin@gatehouse.local")
    failed = audit.events(action="auth.sign_in.failure")
    assert failed and failed[0]["request_id"] == request_id
    assert failed[0]["outcome"] == "failure" and failed[0]["actor"]["type"] == "system"
    assert failed[0]["target"]["type"] == "user" and failed[0]["after"] == {"reason": "wrong_credentials"}
    assert failed[0]["client_ip"] == "127.0.0.1" and failed[0]["user_agent"] == "audit-test/1"

    typed = f"=cmd-{uid(6)}@example.com"
    sign_in(typed)
    assert not [e for e in audit.events(action="auth.sign_in.failure") if e["target"]["id"] == typed]
    outside = [json.loads(line) for line in srv.cli("audit", "list", "--outside-accounts").stdout.splitlines()]
    assert outside[0]["target"] == {"type": "email", "id": typed, "name": None} and outside[0]["account_id"] == ""
    exported = srv.cli("audit", "export", "--outside-accounts", "--format", "csv").stdout
    assert f"'{typed}" in exported
