"""Admin API collections of a product environment (`/v1_1/{cloud_name}/collections…` and
`collection_operations/invite/{collection_id}`), authenticated with the environment's API keys and enforced
with each key's roles. The `cloudinary` SDK has no collections API, so these are plain HTTP calls with the key
and secret as Basic auth, as the SDK would send them. Collection roles given here are the Permissions API's own
assignments: `principal_roles/inspect` shows them."""

from __future__ import annotations

import httpx
import pytest

from support import HTTP_TIMEOUT, new_group, new_user, uid

MASTER = "cld::role::prodenv::master_admin"
ML_ADMIN = "cld::role::prodenv::ml_admin"
REPORTS = "cld::role::prodenv::reports"
C_VIEWER = "cld::role::collection::viewer"
C_EDITOR = "cld::role::collection::editor"
C_MANAGER = "cld::role::collection::manager"


class Key:
    """One environment API key making Admin API calls."""

    def __init__(self, base_url: str, cloud_name: str, env_id: str, api_key: str, api_secret: str):
        self.base_url, self.cloud_name, self.env_id = base_url, cloud_name, env_id
        self.api_key, self.api_secret = api_key, api_secret

    def call(self, method: str, path: str, **kw) -> httpx.Response:
        url = f"{self.base_url}/v1_1/{self.cloud_name}/{path}"
        return httpx.request(method, url, auth=(self.api_key, self.api_secret), timeout=HTTP_TIMEOUT, **kw)

    def ok(self, method: str, path: str, **kw) -> dict:
        r = self.call(method, path, **kw)
        assert r.status_code == 200, (method, path, r.status_code, r.text)
        return r.json()

    def create(self, name: str) -> dict:
        return self.ok("POST", "collections", json={"name": name})

    def names(self) -> list[str]:
        return [c["name"] for c in self.ok("GET", "collections")["collections"]]


@pytest.fixture(scope="module")
def env(new_sdk):
    """A fresh environment, so listings hold only this module's collections."""
    return new_sdk.product_environments.create(request={"name": f"Collections {uid(8)}"})


@pytest.fixture(scope="module")
def make_key(new_sdk, perm, env, base_url):
    """`make_key(roles)`: a new API key of `env` holding these global roles there."""

    def make(roles=()) -> Key:
        k = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": f"k {uid(6)}", "enabled": True})
        if roles:
            perm.ok_assign("apiKey", k.api_key, [{"id": r, "scope_id": env.id} for r in roles])
        return Key(base_url, env.cloud_name, env.id, k.api_key, k.api_secret)

    return make


@pytest.fixture(scope="module")
def admin(make_key) -> Key:
    return make_key([MASTER])


def forbidden(r: httpx.Response, env_id: str, action: str) -> None:
    assert r.status_code == 403, (r.status_code, r.text)
    assert r.json()["error"]["message"] == \
        f'[prodenv:{env_id}] Request forbidden due to missing permissions (actions=["{action}"])', r.text


def test_create_list_get_rename_delete(admin):
    name = f"Spring {uid(6)}"
    created = admin.create(f"  {name} ")
    cid = created["external_id"]
    assert created["name"] == name and cid.startswith("c") and created["created_at"].endswith("Z")
    assert created["created_by"] == {"type": "apiKey", "id": admin.api_key}
    listing = admin.ok("GET", "collections")
    assert name in [c["name"] for c in listing["collections"]]
    assert listing["next_cursor"] is None and listing["total_count"] == len(listing["collections"])
    assert {"external_id", "name", "created_at"} <= set(listing["collections"][0])
    assert admin.ok("GET", f"collections/{cid}")["name"] == name

    renamed = admin.ok("PUT", f"collections/{cid}", json={"name": f"{name} renamed"})
    assert renamed["external_id"] == cid and renamed["name"] == f"{name} renamed"
    # A form body works as well (what the legacy SDKs send).
    assert admin.ok("PUT", f"collections/{cid}", data={"name": name})["name"] == name

    other = admin.create(f"Other {uid(6)}")
    r = admin.call("POST", "collections", json={"name": name.upper()})
    assert r.status_code == 409 and "already exists" in r.json()["error"]["message"], r.text
    assert admin.call("PUT", f"collections/{other['external_id']}", json={"name": name}).status_code == 409
    r = admin.call("POST", "collections", json={"name": "   "})
    assert r.status_code == 400 and r.json()["error"]["message"] == "name must not be empty"
    assert admin.call("POST", "collections", json={"name": "x" * 256}).status_code == 400
    r = admin.call("GET", "collections/c" + "0" * 32)
    assert r.status_code == 404 and r.json()["error"]["message"].startswith("Can't find collection")

    assert admin.ok("DELETE", f"collections/{cid}") == {"message": "deleted", "external_id": cid}
    assert admin.call("GET", f"collections/{cid}").status_code == 404
    assert name not in admin.names()
    admin.ok("DELETE", f"collections/{other['external_id']}")


def test_listing_pages_with_max_results_and_next_cursor(make_key):
    own = make_key([ML_ADMIN])
    prefix = f"Paged {uid(6)}"
    for n in ("a", "b", "c"):
        own.create(f"{prefix} {n}")
    everything = own.ok("GET", "collections")
    first = own.ok("GET", "collections", params={"max_results": 2})
    assert len(first["collections"]) == 2 and first["total_count"] == everything["total_count"] and first["next_cursor"] == "2"
    paged, cursor = first["collections"], first["next_cursor"]
    while cursor:
        page = own.ok("GET", "collections", params={"max_results": 2, "next_cursor": cursor})
        paged, cursor = paged + page["collections"], page["next_cursor"]
    assert paged == everything["collections"]
    names = [c["name"] for c in paged]
    assert names == sorted(names, key=str.lower) and [n for n in names if n.startswith(prefix)] == [f"{prefix} {n}" for n in "abc"]
    assert own.call("GET", "collections", params={"next_cursor": "x"}).status_code == 400


def test_roles_decide_who_may_do_what(admin, make_key, env):
    cid = admin.create(f"Brand {uid(6)}")["external_id"]
    nobody = make_key()
    assert nobody.ok("GET", "collections")["collections"] == []
    forbidden(nobody.call("POST", "collections", json={"name": f"Mine {uid(4)}"}), env.id, "create")
    forbidden(nobody.call("GET", f"collections/{cid}"), env.id, "read")
    forbidden(nobody.call("PUT", f"collections/{cid}", json={"name": "x"}), env.id, "update")
    forbidden(nobody.call("DELETE", f"collections/{cid}"), env.id, "delete")
    forbidden(nobody.call("GET", f"collection_operations/invite/{cid}"), env.id, "read")

    reports = make_key([REPORTS])  # a view-only global role with nothing on collections
    assert reports.ok("GET", "collections")["collections"] == []
    forbidden(reports.call("DELETE", f"collections/{cid}"), env.id, "delete")

    ml_admin = make_key([ML_ADMIN])  # Manage all collections
    assert cid in [c["external_id"] for c in ml_admin.ok("GET", "collections")["collections"]]
    assert ml_admin.ok("PUT", f"collections/{cid}", json={"name": f"Brand {uid(6)}"})["external_id"] == cid
    assert ml_admin.ok("DELETE", f"collections/{cid}")["external_id"] == cid


def test_collection_roles_through_invite_show_in_the_permissions_api(admin, make_key, new_sdk, perm, env):
    cid = admin.create(f"Shared {uid(6)}")["external_id"]
    user = new_user(new_sdk)
    group = new_group(new_sdk)
    body = {"principal": {"type": "user", "id": user.id}, "operation": "add", "roles": [C_EDITOR]}
    r = admin.call("POST", f"collection_operations/invite/{cid}", json=body)
    assert r.status_code == 200 and r.json() == {"success": True}, r.text
    admin.ok("POST", f"collection_operations/invite/{cid}",
             json={"principal": {"type": "group", "id": group.id}, "operation": "add", "roles": [C_VIEWER]})

    shown = admin.ok("GET", f"collection_operations/invite/{cid}", params={"permitted_roles": "true"})
    assert {(s["type"], s["id"], s["collection_id"], tuple(r["id"] for r in s["roles"])) for s in shown["shared_with"]} == \
        {("user", user.id, cid, (C_EDITOR,)), ("group", group.id, cid, (C_VIEWER,))}
    assert [p["id"] for p in shown["permitted_roles"]] == [C_VIEWER, C_EDITOR, C_MANAGER]
    assert "permitted_roles" not in admin.ok("GET", f"collection_operations/invite/{cid}")

    seen = perm.inspect(scope_type="prodenv", scope_id=env.id, principal_type="user", principal_id=user.id)
    content = [r for r in seen["data"]["principals"][0]["roles"] if r["permission_type"] == "content"]
    assert [(r["id"], r["policy_parameters"], r["scope_id"]) for r in content] == [(C_EDITOR, {"collection_id": cid}, env.id)]
    by_collection = perm.inspect(scope_type="prodenv", scope_id=env.id, collection_id=cid)["data"]["principals"]
    assert {(p["type"], p["id"]) for p in by_collection} >= {("user", user.id), ("group", group.id)}

    # Bad requests: an API key (collection roles are for users and groups), a folder role, too many roles.
    r = admin.call("POST", f"collection_operations/invite/{cid}",
                   json={**body, "principal": {"type": "apiKey", "id": admin.api_key}, "roles": [C_VIEWER]})
    assert r.status_code == 400 and "principal.type" in r.json()["error"]["message"], r.text
    r = admin.call("POST", f"collection_operations/invite/{cid}", json={**body, "roles": ["cld::role::folder::viewer"]})
    assert r.status_code == 400 and "not a collection role" in r.json()["error"]["message"], r.text
    assert admin.call("POST", f"collection_operations/invite/{cid}", json={**body, "roles": [C_VIEWER] * 11}).status_code == 400
    assert admin.call("GET", "collection_operations/invite/c" + "0" * 32).status_code == 404
    # A key without `share` is refused.
    forbidden(make_key().call("POST", f"collection_operations/invite/{cid}", json=body), env.id, "share")

    # Removing the role and deleting the collection take the holdings away again.
    admin.ok("POST", f"collection_operations/invite/{cid}", json={**body, "operation": "remove"})
    assert perm.held("user", user.id, "content") == []
    admin.ok("DELETE", f"collections/{cid}")
    assert perm.held("group", group.id, "content") == []
