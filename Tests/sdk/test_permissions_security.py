"""Permissions API — credentials and hostile input: wrong credentials → 401 typed `PermissionsErrorResponse`
on every operation (and nothing written), another account's id → 403/404, and a hostile loop over every
Permissions route through raw HTTP (malformed/wrong-typed/oversized bodies, odd query values and path ids)
that must never produce a 5xx or a non-JSON reply."""

from __future__ import annotations

import json

import httpx
import pytest
from cloudinary_account_provisioning import models

from support import ACCOUNT_ID, API_KEY, API_SECRET, PermRaw, assert_perm_error, make_new_sdk, new_env, uid, unique_name

OTHER_ACCOUNT = "ffffffffffffffffffffffff"


def sdk_operations(env_id: str, role_id: str, policy_id: str, user_id: str):
    """Every account-scoped Permissions operation of the new SDK, as (name, call(sdk))."""
    name = unique_name("Sec")
    stmt = f'permit(principal == Cloudinary::User::"{uid()}", action, resource is Cloudinary::Asset);'
    return [
        ("roles.list", lambda s: s.roles.list(permission_type="global")),
        ("roles.create", lambda s: s.roles.create(request={"name": name, "permission_type": "global",
                                                            "scope_type": "prodenv"})),
        ("roles.get", lambda s: s.roles.get(request={"role_id": role_id})),
        ("roles.update", lambda s: s.roles.update(role_id=role_id, role={"name": name})),
        ("roles.delete", lambda s: s.roles.delete(role_id=role_id, force=True)),
        ("roles.list_principals", lambda s: s.roles.list_principals(request={"role_id": role_id})),
        ("roles.update_principals", lambda s: s.roles.update_principals(role_id=role_id, update_role_principals_request={
            "operation": "add", "principals": [{"principal_type": "user", "principal_id": user_id, "scope_id": env_id}]})),
        ("principals.list_roles", lambda s: s.principals.list_roles(request={
            "principal_type": "user", "principal_id": user_id, "permission_type": "global"})),
        ("principals.update_roles", lambda s: s.principals.update_roles(request={
            "operation": "add", "principal": {"type": "user", "id": user_id}, "roles": [{"id": role_id, "scope_id": env_id}]})),
        ("principals.inspect", lambda s: s.principals.inspect(request={"scope_type": "prodenv"})),
        ("principals.inspect_multiple", lambda s: s.principals.inspect_multiple(request={
            "scope_type": "prodenv", "principals": [{"type": "user", "id": user_id}]})),
        ("system_policies.list", lambda s: s.system_policies.list()),
        ("custom_policies.list", lambda s: s.custom_policies.list()),
        ("custom_policies.create", lambda s: s.custom_policies.create(request={
            "name": name, "policy_statement": stmt, "scope_type": "account"})),
        ("custom_policies.get", lambda s: s.custom_policies.get(policy_id=policy_id)),
        ("custom_policies.update", lambda s: s.custom_policies.update(policy_id=policy_id, update_custom_policy={
            "name": name, "policy_statement": stmt, "scope_type": "account", "enabled": False})),
        ("custom_policies.delete", lambda s: s.custom_policies.delete(policy_id=policy_id)),
        ("effective_policies.list", lambda s: s.effective_policies.list(scope_type="prodenv")),
    ]


@pytest.fixture(scope="module")
def targets(new_sdk):
    env = new_env(new_sdk)
    role = new_sdk.roles.create(request={"name": unique_name("Target"), "permission_type": "global",
                                         "scope_type": "prodenv", "system_policy_ids": ["cld::policy::global::ml::access"]}).data
    policy = new_sdk.custom_policies.create(request={
        "name": unique_name("TP"), "scope_type": "account",
        "policy_statement": f'permit(principal == Cloudinary::User::"{uid()}", action, resource is Cloudinary::User);'}).data
    user = new_sdk.users.create(request={"name": unique_name("U"), "email": f"sec-{uid(12)}@example.com"})
    return env, role, policy, user


def _snapshot(sdk, role, policy, user):
    return (sdk.roles.get(request={"role_id": role.id}).data.model_dump(),
            sdk.custom_policies.get(policy_id=policy.id).data.model_dump(),
            sorted(r.id for r in sdk.principals.list_roles(request={
                "principal_type": "user", "principal_id": user.id, "permission_type": "global"}).data),
            sorted(r.name for r in sdk.roles.list(permission_type="global", management_type="custom").data),
            sorted(p.name for p in sdk.custom_policies.list().data))


@pytest.mark.parametrize("key,secret", [(API_KEY, "wrong-secret"), ("000000000000000", API_SECRET), ("", ""),
                                        (API_KEY, API_SECRET + "x")])
def test_wrong_credentials_401_everywhere_and_nothing_written(base_url, new_sdk, targets, key, secret):
    env, role, policy, user = targets
    before = _snapshot(new_sdk, role, policy, user)
    bad = make_new_sdk(base_url, key=key or "0", secret=secret or "0")
    for name, call in sdk_operations(env.id, role.id, policy.id, user.id):
        with pytest.raises(models.PermissionsErrorResponse) as ei:
            call(bad)
        assert ei.value.status_code == 401, (name, ei.value.body)
        err = json.loads(ei.value.body)["error"]
        assert err["code"] == "ACCOUNTS_00006" and err["category"] == "user_error", (name, err)
        assert ei.value.data.error.message == err["message"]
    assert _snapshot(new_sdk, role, policy, user) == before


def test_no_authorization_header_is_401(perm):
    for method, path in (("GET", "roles?permission_type=global"), ("POST", "roles"), ("GET", "policies/custom"),
                         ("PUT", "principal_roles"), ("GET", "principal_roles/inspect?scope_type=account")):
        r = httpx.request(method, perm.url(path), json={} if method != "GET" else None, timeout=30)
        assert_perm_error(r, 401, code="ACCOUNTS_00006")
    r = httpx.get(perm.url("roles?permission_type=global"), headers={"Authorization": "Bearer abc"}, timeout=30)
    assert_perm_error(r, 401)
    r = httpx.get(perm.url("roles?permission_type=global"), headers={"Authorization": "Basic !!!notbase64"}, timeout=30)
    assert_perm_error(r, 401)


def test_other_account_id_is_403_or_404(base_url, new_sdk, targets):
    env, role, policy, user = targets
    before = _snapshot(new_sdk, role, policy, user)
    other = make_new_sdk(base_url, account_id=OTHER_ACCOUNT)
    for name, call in sdk_operations(env.id, role.id, policy.id, user.id):
        with pytest.raises(models.CloudinaryError) as ei:
            call(other)
        assert ei.value.status_code in (403, 404), (name, ei.value.status_code, ei.value.body)
        err = json.loads(ei.value.body)["error"]
        assert err["code"] in ("ACCOUNTS_00006", "ACCOUNTS_00003"), (name, err)
    assert _snapshot(new_sdk, role, policy, user) == before


def test_other_account_cannot_see_this_accounts_custom_roles(base_url):
    """Raw: even a well-formed other-account path with our credentials reveals nothing."""
    p = PermRaw(base_url, account_id=OTHER_ACCOUNT)
    try:
        for path in ("roles?permission_type=global", "policies/custom", "policies/system",
                     "principal_roles/inspect?scope_type=account", "policies/effective"):
            assert_perm_error(p.get(path), (403, 404))
    finally:
        p.client.close()


def test_unknown_permissions_route_is_json_404(perm):
    for method, path in (("GET", "nope"), ("POST", "roles/x/y/z"), ("PATCH", "roles"), ("GET", "policies"),
                         ("DELETE", "principal_roles")):
        r = perm.request(method, path)
        assert r.status_code in (404, 405), (method, path, r.status_code, r.text)
        assert "application/json" in r.headers.get("content-type", ""), r.headers
        assert isinstance(r.json().get("error"), dict)


# ---- hostile loop ---------------------------------------------------------------------------------

ROUTES = [
    ("GET", "roles"), ("POST", "roles"), ("GET", "roles/{id}"), ("PUT", "roles/{id}"), ("DELETE", "roles/{id}"),
    ("GET", "roles/{id}/principals"), ("PUT", "roles/{id}/principals"),
    ("GET", "principal_roles"), ("PUT", "principal_roles"),
    ("GET", "principal_roles/inspect"), ("POST", "principal_roles/inspect"),
    ("GET", "policies/system"), ("GET", "policies/custom"), ("POST", "policies/custom"),
    ("GET", "policies/custom/{id}"), ("PUT", "policies/custom/{id}"), ("DELETE", "policies/custom/{id}"),
    ("GET", "policies/effective"),
]
PUBLIC = [("GET", "catalog"), ("GET", "schema"), ("POST", "validate")]

HOSTILE_BODIES: list[tuple[str, bytes | None, dict]] = [
    ("none", None, {}),
    ("empty", b"", {"content-type": "application/json"}),
    ("null", b"null", {"content-type": "application/json"}),
    ("array", b"[]", {"content-type": "application/json"}),
    ("string", b'"x"', {"content-type": "application/json"}),
    ("number", b"12", {"content-type": "application/json"}),
    ("object", b"{}", {"content-type": "application/json"}),
    ("truncated", b'{"name": "a', {"content-type": "application/json"}),
    ("bad-utf8", b'{"name": "\xff\xfe"}', {"content-type": "application/json"}),
    ("text-plain", b'{"name": "x"}', {"content-type": "text/plain"}),
    ("form", b"name=x&scope_type=account", {"content-type": "application/x-www-form-urlencoded"}),
    ("wrong-types", json.dumps({
        "name": 5, "id": ["x"], "description": {"a": 1}, "scope_type": ["account"], "permission_type": {},
        "system_policy_ids": [1, None, {}], "base_role_id": 7, "operation": 7, "principal": "x", "roles": {"a": 1},
        "principals": [1, None, "x", {"type": 5, "id": []}], "policy_statement": 1, "enabled": "yes", "policy": 5,
        "cursor": 99, "scope_id": 3, "policy_parameters": [1, 2]}).encode(), {"content-type": "application/json"}),
    ("nulls", json.dumps({k: None for k in (
        "name", "id", "scope_type", "permission_type", "system_policy_ids", "operation", "principal", "roles",
        "principals", "policy_statement", "enabled", "policy", "cursor", "scope_id", "policy_parameters")}).encode(),
     {"content-type": "application/json"}),
    ("roles-items", json.dumps({
        "operation": "add", "principal": {"type": "user", "id": None}, "roles": [None, 1, {"id": None},
                                                                                   {"id": "x", "policy_parameters": "f"},
                                                                                   {"id": "x", "policy_parameters": {"folder_id": 1}}],
        "principals": [{"principal_type": "user", "principal_id": {"x": 1}}]}).encode(), {"content-type": "application/json"}),
    ("deep", b"[" * 20000 + b"]" * 20000, {"content-type": "application/json"}),
    ("deep-object", b'{"a":' * 20000 + b"1" + b"}" * 20000, {"content-type": "application/json"}),
    ("huge", json.dumps({"name": "n" * 300_000, "policy_statement": "permit(" * 50_000, "policy": "x" * 300_000,
                         "scope_type": "account", "permission_type": "global"}).encode(), {"content-type": "application/json"}),
    ("nul-bytes", json.dumps({"name": "a\u0000b", "scope_type": "account\u0000", "permission_type": "global",
                              "policy_statement": "permit(principal, action, resource);\u0000"}).encode(),
     {"content-type": "application/json"}),
    ("unicode", json.dumps({"name": "名前 🚀 \u202e", "id": "ид", "scope_type": "prodenv", "permission_type": "global",
                            "policy_statement": 'permit(principal == Cloudinary::User::"🚀", action, resource);',
                            "scope_id": "all"}).encode(), {"content-type": "application/json"}),
]

HOSTILE_QUERIES = [
    "", "permission_type=", "permission_type=global&policy_parameters=", "permission_type=content&policy_parameters=%5B",
    "permission_type=content&policy_parameters=%5B1%2C2%5D", "permission_type=content&policy_parameters=null",
    "scope_type=%00&permission_type=%FF", "principal_type=user&principal_id=&permission_type=global",
    "principal_type=user&principal_id=" + "x" * 5000 + "&permission_type=global",
    "scope_type=prodenv&cursor=" + "A" * 5000, "scope_type=prodenv&cursor=b2Zmc2V0Oi0x",  # offset:-1
    "scope_type=prodenv&cursor=b2Zmc2V0Ojk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ==",  # offset:9999999999999999999999
    "scope_type=account&param_key=folder_id&param_key=collection_id&param_value=x",
    "scope_type=account&param_key=asset_id&param_value=x", "enabled=1&scope_type=prodenv",
    "force=maybe", "force=true&force=false", "verbose=%F0%9F%9A%80", "scope_type=account&scope_type=prodenv",
    "%ZZ=1", "a=%", "folder_id=%2F..%2F..&collection_id=",
]

HOSTILE_IDS = ["..", "%2E%2E%2F%2E%2E", "%00", "x" * 5000, "%C3%BC", "cld::role::", "cld::role::folder::viewer::x",
               "%20", "a%2Fb", "'%20OR%201=1--", "%F0%9F%9A%80"]


def _check(resp: httpx.Response, what):
    assert resp.status_code < 500, (what, resp.status_code, resp.text[:500])
    if resp.status_code == 204:
        assert resp.content == b"", what
        return
    assert "application/json" in resp.headers.get("content-type", ""), (what, resp.headers, resp.text[:200])
    body = resp.json()
    if resp.status_code >= 400:
        assert isinstance(body, dict) and isinstance(body.get("error"), dict), (what, body)
        assert isinstance(body["error"].get("message"), str), (what, body)
        assert isinstance(body["error"].get("details", {}), dict), (what, body)


def test_hostile_loop_never_5xx(scratch_server):
    base = scratch_server.base_url
    p = PermRaw(base)
    sdk = make_new_sdk(base)
    try:
        env = new_env(sdk)
        real_role = sdk.roles.create(request={"name": "Hostile target", "permission_type": "global",
                                              "scope_type": "prodenv"}).data.id
        real_policy = sdk.custom_policies.create(request={
            "name": "Hostile policy", "scope_type": "prodenv", "scope_id": env.id,
            "policy_statement": 'permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Asset);'}).data.id
        ids = [real_role, real_policy, "cld::role::folder::viewer", *HOSTILE_IDS]
        count = 0
        for method, template in ROUTES:
            paths = [template.replace("{id}", i) for i in ids] if "{id}" in template else [template]
            for path in paths:
                for q in HOSTILE_QUERIES if method == "GET" else ["", "force=true"]:
                    url = path + ("?" + q if q else "")
                    if method in ("GET", "DELETE"):
                        _check(p.request(method, url), (method, url))
                        count += 1
                    else:
                        for label, body, headers in HOSTILE_BODIES:
                            _check(p.request(method, url, content=body, headers=headers), (method, url, label))
                            count += 1
        for method, name in PUBLIC:
            for label, body, headers in HOSTILE_BODIES if method == "POST" else [("none", None, {})]:
                for q in ("", "policy=x&%ZZ"):
                    _check(p.public(method, name + ("?" + q if q else ""), content=body, headers=headers),
                           (method, name, label))
                    count += 1
        assert count > 1000
        # the server is still healthy and its data intact
        assert httpx.get(base + "/health", timeout=10).status_code == 200
        assert len(sdk.public.get_catalog().catalog["system_roles"]) == 18
        assert sdk.system_policies.list().data
    finally:
        p.client.close()
