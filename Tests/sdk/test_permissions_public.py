"""Permissions API — public endpoints (`/v2/accounts/permissions/public/{catalog,schema,validate}`) and the
system-policy listing (`GET …/permissions/policies/system`), through `CldProvisioning.public` /
`system_policies`, with raw HTTP for the unauthenticated calls the SDK cannot make."""

from __future__ import annotations

import re

import httpx
import pytest
from cloudinary_account_provisioning import models

from support import API_KEY, assert_perm_error, make_new_sdk

VALID = 'permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Asset);'


# ---- catalog --------------------------------------------------------------------------------------

def test_catalog_through_sdk_matches_shipped_catalog(new_sdk, catalog):
    res = new_sdk.public.get_catalog()
    assert isinstance(res, models.SystemRolesAndPoliciesCatalogResponse)
    cat = res.catalog
    assert isinstance(cat, dict)
    got_policies = {p["id"]: p for p in cat["system_policies"]}
    want_policies = {p["id"]: p for p in catalog["system_policies"]}
    assert set(got_policies) == set(want_policies)
    # Cloudinary's 40 and Gatehouse's own audit-log policy (the `gatehouse::` namespace).
    assert len(cat["system_policies"]) == len(catalog["system_policies"]) == 41
    assert [p for p in got_policies if not p.startswith("cld::")] == ["gatehouse::policy::global::audit_log::view"]
    for pid, want in want_policies.items():
        got = got_policies[pid]
        for key in ("name", "scope_type", "permission_type", "policy_statement", "policy_parameters"):
            assert got[key] == want[key], (pid, key)
    got_roles = {r["id"]: r for r in cat["system_roles"]}
    want_roles = {r["id"]: r for r in catalog["system_roles"]}
    # Cloudinary's 17, and Gatehouse's own User Provisioning (what a new SCIM token holds).
    assert set(got_roles) == set(want_roles) and len(got_roles) == 18
    assert [r for r in got_roles if not r.startswith("cld::")] == ["gatehouse::role::account::user_provisioning"]
    for rid, want in want_roles.items():
        assert got_roles[rid]["system_policy_ids"] == want["system_policy_ids"], rid
        assert got_roles[rid]["scope_type"] == want["scope_type"]
        assert got_roles[rid]["permission_type"] == want["permission_type"]
    # every policy a role names is in the catalog
    for r in cat["system_roles"]:
        assert set(r["system_policy_ids"]) <= set(got_policies), r["id"]


def test_catalog_without_any_credentials(perm, catalog):
    r = httpx.get(perm.public_prefix + "/catalog", timeout=30)
    assert r.status_code == 200, r.text
    assert "application/json" in r.headers["content-type"]
    assert {p["id"] for p in r.json()["catalog"]["system_policies"]} == {p["id"] for p in catalog["system_policies"]}


def test_public_endpoints_ignore_wrong_basic_credentials(base_url):
    """The SDK always attaches Basic auth; a wrong key/secret (or another account) must not matter here."""
    bad = make_new_sdk(base_url, account_id="ffffffffffffffffffffffff", key="000000000000000", secret="wrong")
    assert len(bad.public.get_catalog().catalog["system_roles"]) == 18
    assert "Cloudinary" in bad.public.get_schema().schema_
    v = bad.public.validate_policy(request={"policy": VALID})
    assert v.valid is True


# ---- schema ---------------------------------------------------------------------------------------

def test_schema_is_cedar_json_object(new_sdk):
    res = new_sdk.public.get_schema()
    schema = res.schema_
    assert isinstance(schema, dict)
    cld = schema["Cloudinary"]
    assert isinstance(cld["entityTypes"], dict) and isinstance(cld["actions"], dict)
    for et in ("User", "Group", "APIKey", "Asset", "Folder", "Collection", "Feature"):
        assert et in cld["entityTypes"], et
    for action in ("read", "create", "update", "delete", "move", "share", "download", "moderate"):
        assert action in cld["actions"], action
    # documented fragment: Asset.ancestor_ids is a required Set<String>; move has a `direction` context
    anc = cld["entityTypes"]["Asset"]["shape"]["attributes"]["ancestor_ids"]
    assert anc["type"] == "Set" and anc["element"]["type"] == "String"
    move_ctx = cld["actions"]["move"]["appliesTo"]["context"]["attributes"]
    assert "direction" in move_ctx
    assert "User" in cld["actions"]["read"]["appliesTo"]["principalTypes"]
    assert "MediaFlows" in schema


def test_schema_without_credentials(perm):
    r = httpx.get(perm.public_prefix + "/schema", timeout=30)
    assert r.status_code == 200 and isinstance(r.json()["schema"], dict), r.text


# ---- validate -------------------------------------------------------------------------------------

def test_validate_accepts_valid_statement(new_sdk):
    res = new_sdk.public.validate_policy(request={"policy": VALID})
    assert res.valid is True
    assert not res.errors


def test_validate_accepts_every_system_policy_statement(new_sdk, catalog):
    for p in catalog["system_policies"]:
        stmt = p["policy_statement"].replace("<folder_id>", "f0123").replace("<collection_id>", "c0123")
        res = new_sdk.public.validate_policy(request={"policy": stmt})
        assert res.valid is True, (p["id"], res.errors)


def test_validate_parse_error_has_line_and_column(new_sdk, perm):
    stmt = "permit(principal, action, resource"
    res = new_sdk.public.validate_policy(request={"policy": stmt})
    assert res.valid is False
    assert res.errors and all(e.cedar_message and e.cedar_code for e in res.errors)
    r = perm.public("POST", "validate", json={"policy": stmt})
    assert r.status_code == 200
    err = r.json()["errors"][0]
    assert err["line"] == 1 and err["column"] == len(stmt) + 1, err
    assert err["cedar_message"].startswith(f"1:{len(stmt) + 1}"), err


def test_validate_error_on_third_line_is_located_there(perm):
    stmt = VALID + "\n\npermit(principal, action, resource) when { 1 + };"
    r = perm.public("POST", "validate", json={"policy": stmt})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["valid"] is False
    err = body["errors"][0]
    assert err["line"] == 3, err
    # the column points at the offending `}` on that line
    assert err["column"] == "permit(principal, action, resource) when { 1 + }".index("}") + 1, err
    assert re.match(r"3:\d+", err["cedar_message"]), err


@pytest.mark.parametrize("stmt,word", [
    ('permit(principal, action == Cloudinary::Action::"fly", resource);', "fly"),
    ("permit(principal, action, resource is Cloudinary::Spaceship);", "Spaceship"),
    ("permit(principal is Cloudinary::Robot, action, resource);", "Robot"),
    ('permit(principal, action, resource) when { 1 + "a" == 2 };', None),
])
def test_validate_schema_errors(new_sdk, stmt, word):
    res = new_sdk.public.validate_policy(request={"policy": stmt})
    assert res.valid is False, stmt
    assert res.errors, stmt
    if word:
        assert any(word in e.cedar_message for e in res.errors), [e.cedar_message for e in res.errors]


def test_validate_unknown_attribute_on_typed_resource(new_sdk):
    stmt = ('permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Asset) '
            'when { resource.no_such_attribute == "x" };')
    res = new_sdk.public.validate_policy(request={"policy": stmt})
    assert res.valid is False
    assert any("no_such_attribute" in e.cedar_message for e in res.errors), res.errors


def test_validate_schema_error_is_located(perm):
    """A schema (not parse) error in the second policy still tells where it is."""
    stmt = VALID + "\nforbid(principal, action, resource is Cloudinary::Nope);"
    body = perm.public("POST", "validate", json={"policy": stmt}).json()
    assert body["valid"] is False
    err = body["errors"][0]
    assert "Nope" in err["cedar_message"]
    assert err.get("line") == 2, err


def test_validate_several_policies_one_bad(new_sdk):
    res = new_sdk.public.validate_policy(request={"policy": VALID + "\nforbid(principal, action, resource is Cloudinary::Nope);"})
    assert res.valid is False and len(res.errors) >= 1


def test_validate_without_credentials_and_missing_policy(perm):
    r = httpx.post(perm.public_prefix + "/validate", json={"policy": VALID}, timeout=30)
    assert r.status_code == 200 and r.json()["valid"] is True, r.text
    r = httpx.post(perm.public_prefix + "/validate", json={}, timeout=30)
    assert 400 <= r.status_code < 500, r.text
    assert "application/json" in r.headers["content-type"]
    assert "policy" in r.text


# ---- system policies ------------------------------------------------------------------------------

def _catalog_policies(catalog, scope=None, permission=None):
    return [p for p in catalog["system_policies"]
            if (scope is None or p["scope_type"] == scope) and (permission is None or p["permission_type"] == permission)]


def test_system_policies_default_scope_is_account(new_sdk, catalog):
    res = new_sdk.system_policies.list()
    got = [p.id for p in res.data]
    want = [p["id"] for p in _catalog_policies(catalog, "account")]
    assert sorted(got) == sorted(want) and len(got) == 10  # 9 of Cloudinary's and Gatehouse's audit-log policy
    assert all(p.scope_type == "account" for p in res.data)
    assert res.next_cursor is None


@pytest.mark.parametrize("scope,permission,count", [
    ("prodenv", None, 31), ("prodenv", "global", 19), ("prodenv", "content", 12), ("account", "global", 10),
    ("account", "content", 0), (None, "global", 10),
])
def test_system_policies_filters(new_sdk, catalog, scope, permission, count):
    kw = {}
    if scope:
        kw["scope_type"] = scope
    if permission:
        kw["permission_type"] = permission
    res = new_sdk.system_policies.list(**kw)
    want = _catalog_policies(catalog, scope or "account", permission)
    assert len(want) == count
    assert sorted(p.id for p in res.data) == sorted(p["id"] for p in want)
    by_id = {p["id"]: p for p in want}
    for p in res.data:
        w = by_id[p.id]
        assert p.name == w["name"]
        assert p.policy_statement == w["policy_statement"]
        assert p.permission_type == w["permission_type"]
        assert list(p.policy_parameters or []) == w["policy_parameters"]
        assert p.category == w["category"]
        assert isinstance(p.created_at, int) and isinstance(p.updated_at, int)


def test_system_policies_bad_enum_is_400_naming_field(new_sdk, perm):
    # 400 is not among the typed statuses of system_policies.list (401/403/500): the SDK raises APIError
    with pytest.raises(models.APIError) as ei:
        new_sdk.system_policies.list(scope_type="galaxy")
    assert ei.value.status_code == 400
    assert_perm_error(perm.get("policies/system", params={"scope_type": "galaxy"}), 400, field="scope_type")
    assert_perm_error(perm.get("policies/system", params={"permission_type": "sideways"}), 400, field="permission_type")


def test_provisioning_key_sees_catalog_data_through_permissions_path(perm):
    """`policies/system` is account-scoped: needs the account's credentials (401 without)."""
    r = httpx.get(perm.prefix + "/policies/system", timeout=30)
    assert r.status_code == 401, r.text
    r = httpx.get(perm.prefix + "/policies/system", auth=(API_KEY, "wrong"), timeout=30)
    assert r.status_code == 401, r.text
