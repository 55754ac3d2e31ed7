"""Permissions API — roles: list with filters, get (with content placeholders substituted), create, update,
delete (force), system roles view-only, scope/type/policy fit, all through `CldProvisioning.roles`; raw HTTP
only for what the SDK cannot send (`base_role_id`, `scope_type` on update, requested collection roles)."""

from __future__ import annotations

import json
import re

import pytest
from cloudinary_account_provisioning import models

from support import assert_perm_error, new_env, new_user, perm_exc_error, role_ids, uid, unique_name

ML = "cld::policy::global::ml::access"
VIEW_ALL = "cld::policy::global::folder_and_asset_management::view"
USAGE = "cld::policy::global::reports::usage::view"
USERS_VIEW = "cld::policy::global::users_and_groups::view"
USERS_MANAGE = "cld::policy::global::users_and_groups::manage"
FOLDER_VIEW = "cld::policy::content::folder::view_download"
FOLDER_ADD = "cld::policy::content::folder::add_assets"
COLLECTION_VIEW = "cld::policy::content::collection::view"


def create(sdk, **kw):
    req = {"name": kw.pop("name", unique_name("Role")), "permission_type": kw.pop("permission_type", "global"),
           "scope_type": kw.pop("scope_type", "prodenv")}
    req.update(kw)
    res = sdk.roles.create(request=req)
    assert isinstance(res, models.RoleResponse)
    return res.data


def catalog_roles(catalog, **match):
    return [r for r in catalog["system_roles"] if all(r[k] == v for k, v in match.items())]


@pytest.fixture(scope="module")
def env(new_sdk):
    return new_env(new_sdk)


# ---- list -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("permission,scope,count", [
    ("global", "account", 5), ("global", "prodenv", 6), ("content", "prodenv", 7), ("content", "account", 0),
])
def test_list_system_roles_by_scope_and_type(new_sdk, catalog, permission, scope, count):
    res = new_sdk.roles.list(permission_type=permission, scope_type=scope, management_type="system")
    want = catalog_roles(catalog, permission_type=permission, scope_type=scope)
    assert len(want) == count
    assert sorted(role_ids(res.data)) == sorted(r["id"] for r in want)
    by_id = {r["id"]: r for r in want}
    for r in res.data:
        assert r.name == by_id[r.id]["name"]
        assert r.management_type == "system"
        assert r.permission_type == permission and r.scope_type == scope
        assert list(r.policy_parameters or []) == by_id[r.id]["policy_parameters"]
        assert isinstance(r.created_at, int) and isinstance(r.updated_at, int)


def test_list_requires_only_permission_type(new_sdk, catalog):
    res = new_sdk.roles.list(permission_type="global")
    ids = set(role_ids(res.data))
    assert {r["id"] for r in catalog_roles(catalog, permission_type="global")} <= ids
    assert not any(i.startswith("cld::role::folder::") or i.startswith("cld::role::collection::") for i in ids)


@pytest.mark.parametrize("params,expected_prefix,count", [
    (["folder_id"], "cld::role::folder::", 4), (["collection_id"], "cld::role::collection::", 3),
])
def test_list_by_policy_parameters(new_sdk, params, expected_prefix, count):
    res = new_sdk.roles.list(permission_type="content", management_type="system", policy_parameters=params)
    ids = role_ids(res.data)
    assert len(ids) == count and all(i.startswith(expected_prefix) for i in ids), ids
    assert all(list(r.policy_parameters) == params for r in res.data)


def test_list_management_type_separates_custom(new_sdk):
    role = create(new_sdk, system_policy_ids=[ML])
    custom = role_ids(new_sdk.roles.list(permission_type="global", management_type="custom").data)
    system = role_ids(new_sdk.roles.list(permission_type="global", management_type="system").data)
    assert role.id in custom and role.id not in system
    assert all(not i.startswith("cld::") for i in custom)
    assert all(i.startswith(("cld::role::", "gatehouse::role::")) for i in system)
    # scope filter applies to custom roles too
    assert role.id in role_ids(new_sdk.roles.list(permission_type="global", scope_type="prodenv").data)
    assert role.id not in role_ids(new_sdk.roles.list(permission_type="global", scope_type="account").data)
    assert role.id not in role_ids(new_sdk.roles.list(permission_type="content").data)


def test_list_without_permission_type_or_with_bad_enum(perm):
    assert_perm_error(perm.get("roles"), 400, field="permission_type")
    assert_perm_error(perm.get("roles", params={"permission_type": "global", "scope_type": "planet"}), 400, field="scope_type")
    assert_perm_error(perm.get("roles", params={"permission_type": "local"}), 400, field="permission_type")
    assert_perm_error(perm.get("roles", params={"permission_type": "global", "management_type": "self"}), 400,
                      field="management_type")
    assert_perm_error(perm.get("roles", params={"permission_type": "content", "policy_parameters": '["asset_id"]'}), 400,
                      field="policy_parameters")


# ---- get ------------------------------------------------------------------------------------------

def test_get_system_role_with_policies(new_sdk, catalog):
    want = {r["id"]: r for r in catalog["system_roles"]}
    pol = {p["id"]: p for p in catalog["system_policies"]}
    for rid in ("cld::role::account::master_admin", "cld::role::prodenv::technical_admin", "cld::role::prodenv::ml_user"):
        r = new_sdk.roles.get(request={"role_id": rid}).data
        assert r.id == rid and r.name == want[rid]["name"] and r.management_type == "system"
        assert [p.id for p in r.policies] == want[rid]["system_policy_ids"]
        for p in r.policies:
            assert p.policy_statement == pol[p.id]["policy_statement"]
            assert p.scope_type == want[rid]["scope_type"]


def test_get_folder_role_substitutes_folder_id(new_sdk, catalog):
    raw = new_sdk.roles.get(request={"role_id": "cld::role::folder::manager"}).data
    assert all("<folder_id>" in p.policy_statement for p in raw.policies)
    filled = new_sdk.roles.get(request={"role_id": "cld::role::folder::manager", "folder_id": "fold_9x"}).data
    assert [p.id for p in filled.policies] == [p.id for p in raw.policies]
    for before, after in zip(raw.policies, filled.policies):
        assert "<folder_id>" not in after.policy_statement
        assert after.policy_statement == before.policy_statement.replace("<folder_id>", "fold_9x")
    via_pairs = new_sdk.roles.get(request={"role_id": "cld::role::folder::viewer", "param_key": ["folder_id"],
                                           "param_value": ["fpair"]}).data
    assert all('"fpair"' in p.policy_statement and "<folder_id>" not in p.policy_statement for p in via_pairs.policies)


def test_get_collection_role_substitutes_collection_id(new_sdk):
    r = new_sdk.roles.get(request={"role_id": "cld::role::collection::manager", "collection_id": "col77"}).data
    assert r.policies and all('"col77"' in p.policy_statement and "<collection_id>" not in p.policy_statement
                              for p in r.policies)
    # a folder id means nothing to a collection role: placeholders stay
    r = new_sdk.roles.get(request={"role_id": "cld::role::collection::viewer", "folder_id": "f1"}).data
    assert all("<collection_id>" in p.policy_statement for p in r.policies)


def test_get_unknown_role_is_404(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.get(request={"role_id": "no_such_role_" + uid()})
    perm_exc_error(ei.value, 404, code="ACCOUNTS_00003")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.get(request={"role_id": "cld::role::prodenv::emperor"})
    perm_exc_error(ei.value, 404)


# ---- create ---------------------------------------------------------------------------------------

def test_create_with_caller_id_and_read_back(new_sdk):
    rid = "dev-role_" + uid(8)
    r = create(new_sdk, id=rid, name=unique_name("Dev"), description="for developers",
               system_policy_ids=[USAGE, ML, VIEW_ALL])
    assert r.id == rid and r.management_type == "custom"
    assert r.scope_type == "prodenv" and r.permission_type == "global"
    assert r.description == "for developers"
    assert [p.id for p in r.policies] == [USAGE, ML, VIEW_ALL]
    assert isinstance(r.created_at, int) and r.created_at == r.updated_at
    got = new_sdk.roles.get(request={"role_id": rid}).data
    assert got.name == r.name and [p.id for p in got.policies] == [USAGE, ML, VIEW_ALL]
    assert got.created_at == r.created_at


def test_create_generates_url_safe_id(new_sdk):
    a = create(new_sdk, system_policy_ids=[ML])
    b = create(new_sdk, system_policy_ids=[ML])
    assert a.id != b.id
    for r in (a, b):
        assert re.fullmatch(r"[A-Za-z0-9_\-:.]+", r.id), r.id
        assert not r.id.startswith("cld::")
        assert new_sdk.roles.get(request={"role_id": r.id}).data.id == r.id


def test_create_without_policies_is_an_empty_role(new_sdk):
    r = create(new_sdk, scope_type="account")
    assert r.scope_type == "account" and not r.policies


@pytest.mark.parametrize("bad", ["has space", "slash/inside", "cld::role::mine", "q?x", "", "x" * 129, "ümlaut"])
def test_create_rejects_bad_ids(new_sdk, bad):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, id=bad)
    perm_exc_error(ei.value, 400, field="id")


def test_create_duplicate_id_is_409(new_sdk):
    rid = "dup_" + uid()
    create(new_sdk, id=rid)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, id=rid)
    perm_exc_error(ei.value, 409)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, id="cld::role::prodenv::admin")
    assert ei.value.status_code in (400, 409)


def test_create_duplicate_name_is_409(new_sdk):
    name = unique_name("Unique")
    first = create(new_sdk, name=name)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, name=name, scope_type="account")
    err = perm_exc_error(ei.value, 409, code="ACCOUNTS_00006")
    assert "exists" in err["message"].lower()
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, name=name.upper())
    perm_exc_error(ei.value, 409)
    # system role names are taken too
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, name="Technical Admin")
    perm_exc_error(ei.value, 409)
    assert new_sdk.roles.get(request={"role_id": first.id}).data.name == name


def test_create_copying_a_system_role_with_base_role_id(new_sdk, perm, catalog):
    want = next(r for r in catalog["system_roles"] if r["id"] == "cld::role::prodenv::ml_admin")["system_policy_ids"]
    r = perm.post("roles", json={"name": unique_name("Copy"), "permission_type": "global", "scope_type": "prodenv",
                                 "base_role_id": "cld::role::prodenv::ml_admin"})
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert data["management_type"] == "custom" and [p["id"] for p in data["policies"]] == want
    # the copy is independent: editing it leaves the system role alone
    new_sdk.roles.update(role_id=data["id"], role={"name": data["name"], "system_policy_ids": [ML]})
    assert [p.id for p in new_sdk.roles.get(request={"role_id": data["id"]}).data.policies] == [ML]
    assert [p.id for p in new_sdk.roles.get(request={"role_id": "cld::role::prodenv::ml_admin"}).data.policies] == want


def test_create_copying_a_custom_role(new_sdk, perm):
    base = create(new_sdk, system_policy_ids=[ML, USAGE])
    r = perm.post("roles", json={"name": unique_name("Copy2"), "permission_type": "global", "scope_type": "prodenv",
                                 "base_role_id": base.id})
    assert r.status_code == 201, r.text
    assert [p["id"] for p in r.json()["data"]["policies"]] == [ML, USAGE]


def test_create_base_role_must_exist_be_global_and_fit(perm):
    r = perm.post("roles", json={"name": unique_name("C"), "permission_type": "global", "scope_type": "prodenv",
                                 "base_role_id": "nope_" + uid()})
    assert_perm_error(r, (400, 404))
    r = perm.post("roles", json={"name": unique_name("C"), "permission_type": "content", "scope_type": "prodenv",
                                 "base_role_id": "cld::role::folder::editor"})
    assert_perm_error(r, 400, field="base_role_id")
    # account role's policies do not fit a prodenv role
    r = perm.post("roles", json={"name": unique_name("C"), "permission_type": "global", "scope_type": "prodenv",
                                 "base_role_id": "cld::role::account::admin"})
    assert_perm_error(r, 400, field="system_policy_ids")


def test_create_custom_folder_role(new_sdk, catalog):
    r = create(new_sdk, permission_type="content", scope_type="prodenv", system_policy_ids=[FOLDER_VIEW, FOLDER_ADD])
    assert r.permission_type == "content" and list(r.policy_parameters) == ["folder_id"]
    assert [p.id for p in r.policies] == [FOLDER_VIEW, FOLDER_ADD]
    listed = role_ids(new_sdk.roles.list(permission_type="content", management_type="custom",
                                         policy_parameters=["folder_id"]).data)
    assert r.id in listed
    assert r.id not in role_ids(new_sdk.roles.list(permission_type="content", policy_parameters=["collection_id"]).data)
    got = new_sdk.roles.get(request={"role_id": r.id, "folder_id": "F42"}).data
    assert all('"F42"' in p.policy_statement for p in got.policies)


def test_custom_collection_roles_are_refused(new_sdk, perm):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, permission_type="content", system_policy_ids=[COLLECTION_VIEW])
    perm_exc_error(ei.value, 400, field="system_policy_ids")
    # asking for a collection role explicitly must not silently produce a folder role
    name = unique_name("Coll")
    r = perm.post("roles", json={"name": name, "permission_type": "content", "scope_type": "prodenv",
                                 "policy_parameters": ["collection_id"]})
    assert_perm_error(r, 400)
    assert name not in [x.name for x in new_sdk.roles.list(permission_type="content", management_type="custom").data]


def test_content_role_must_be_prodenv(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, permission_type="content", scope_type="account", system_policy_ids=[FOLDER_VIEW])
    perm_exc_error(ei.value, 400, field="scope_type")


@pytest.mark.parametrize("scope,permission,policy", [
    ("account", "global", ML),               # prodenv policy in account role
    ("prodenv", "global", USERS_MANAGE),     # account policy in prodenv role
    ("prodenv", "global", FOLDER_VIEW),      # content policy in global role
    ("prodenv", "content", ML),              # global policy in folder role
])
def test_create_policies_must_fit_scope_and_type(new_sdk, scope, permission, policy):
    name = unique_name("Misfit")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, name=name, scope_type=scope, permission_type=permission, system_policy_ids=[policy])
    err = perm_exc_error(ei.value, 400, code="ACCOUNTS_00005", field="system_policy_ids")
    assert policy in err["message"]
    assert name not in [r.name for r in new_sdk.roles.list(permission_type=permission).data]


def test_create_unknown_policy_is_400_naming_it(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, system_policy_ids=[ML, "cld::policy::global::teleport"])
    err = perm_exc_error(ei.value, 400, field="system_policy_ids")
    assert "cld::policy::global::teleport" in err["message"]


def test_create_missing_or_bad_fields(perm):
    assert_perm_error(perm.post("roles", json={"permission_type": "global", "scope_type": "account"}), 400, field="name")
    assert_perm_error(perm.post("roles", json={"name": unique_name(), "permission_type": "global"}), 400,
                      field="scope_type")
    assert_perm_error(perm.post("roles", json={"name": unique_name(), "scope_type": "account"}), 400,
                      field="permission_type")
    assert_perm_error(perm.post("roles", json={"name": unique_name(), "scope_type": "galaxy",
                                               "permission_type": "global"}), 400, field="scope_type")
    assert_perm_error(perm.post("roles", json={"name": unique_name(), "scope_type": "account",
                                               "permission_type": "global", "system_policy_ids": "x"}), 400,
                      field="system_policy_ids")


# ---- update ---------------------------------------------------------------------------------------

def test_update_replaces_name_description_policies(new_sdk):
    r = create(new_sdk, description="old", system_policy_ids=[ML, USAGE])
    new_name = unique_name("Renamed")
    up = new_sdk.roles.update(role_id=r.id, role={"name": new_name, "description": "new", "system_policy_ids": [VIEW_ALL]}).data
    assert up.id == r.id and up.name == new_name and up.description == "new"
    assert [p.id for p in up.policies] == [VIEW_ALL]
    assert up.scope_type == "prodenv" and up.permission_type == "global" and up.management_type == "custom"
    assert up.created_at == r.created_at and up.updated_at >= r.updated_at
    got = new_sdk.roles.get(request={"role_id": r.id}).data
    assert got.name == new_name and got.description == "new" and [p.id for p in got.policies] == [VIEW_ALL]
    # only the name: policies and description stay
    up2 = new_sdk.roles.update(role_id=r.id, role={"name": new_name + " 2"}).data
    assert [p.id for p in up2.policies] == [VIEW_ALL] and up2.description == "new"
    # explicit null description clears it; an empty policy list empties the role
    up3 = new_sdk.roles.update(role_id=r.id, role={"name": new_name, "description": None, "system_policy_ids": []}).data
    assert not isinstance(up3.description, str) and not up3.policies  # null or absent
    assert not isinstance(new_sdk.roles.get(request={"role_id": r.id}).data.description, str)


def test_update_to_taken_name_is_409_and_changes_nothing(new_sdk):
    a = create(new_sdk, system_policy_ids=[ML])
    b = create(new_sdk, system_policy_ids=[USAGE])
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.update(role_id=b.id, role={"name": a.name, "system_policy_ids": [VIEW_ALL]})
    perm_exc_error(ei.value, 409)
    got = new_sdk.roles.get(request={"role_id": b.id}).data
    assert got.name == b.name and [p.id for p in got.policies] == [USAGE]
    # keeping its own name is fine
    assert new_sdk.roles.update(role_id=b.id, role={"name": b.name}).data.name == b.name


def test_update_scope_or_type_cannot_change(new_sdk, perm):
    r = create(new_sdk, scope_type="prodenv", system_policy_ids=[ML])
    resp = perm.put(f"roles/{r.id}", json={"name": r.name, "scope_type": "account"})
    assert_perm_error(resp, 400, field="scope_type")
    resp = perm.put(f"roles/{r.id}", json={"name": r.name, "permission_type": "content"})
    assert_perm_error(resp, 400, field="permission_type")
    got = new_sdk.roles.get(request={"role_id": r.id}).data
    assert got.scope_type == "prodenv" and got.permission_type == "global" and [p.id for p in got.policies] == [ML]
    # restating the same scope is harmless
    resp = perm.put(f"roles/{r.id}", json={"name": r.name, "scope_type": "prodenv", "permission_type": "global"})
    assert resp.status_code == 200, resp.text


def test_update_policies_must_fit(new_sdk):
    r = create(new_sdk, scope_type="account", system_policy_ids=[USERS_VIEW])
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.update(role_id=r.id, role={"name": r.name, "system_policy_ids": [USERS_VIEW, ML]})
    perm_exc_error(ei.value, 400, field="system_policy_ids")
    assert [p.id for p in new_sdk.roles.get(request={"role_id": r.id}).data.policies] == [USERS_VIEW]


def test_update_unknown_role_is_404(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.update(role_id="ghost_" + uid(), role={"name": unique_name()})
    perm_exc_error(ei.value, 404)


def test_update_requires_name(perm, new_sdk):
    r = create(new_sdk)
    assert_perm_error(perm.put(f"roles/{r.id}", json={"description": "x"}), 400, field="name")


# ---- system roles are view-only -------------------------------------------------------------------

@pytest.mark.parametrize("rid", ["cld::role::account::master_admin", "cld::role::prodenv::ml_user",
                                 "cld::role::folder::viewer", "cld::role::collection::manager"])
def test_system_roles_cannot_be_updated_or_deleted(new_sdk, catalog, rid):
    before = new_sdk.roles.get(request={"role_id": rid}).data
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.update(role_id=rid, role={"name": unique_name("Hijack"), "system_policy_ids": []})
    perm_exc_error(ei.value, 403, code="ACCOUNTS_00006")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.delete(role_id=rid)
    perm_exc_error(ei.value, 403)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.delete(role_id=rid, force=True)
    perm_exc_error(ei.value, 403)
    after = new_sdk.roles.get(request={"role_id": rid}).data
    assert after.name == before.name and [p.id for p in after.policies] == [p.id for p in before.policies]
    assert [p.id for p in after.policies] == next(r for r in catalog["system_roles"] if r["id"] == rid)["system_policy_ids"]


# ---- delete ---------------------------------------------------------------------------------------

def test_delete_unassigned_role(new_sdk):
    r = create(new_sdk)
    assert new_sdk.roles.delete(role_id=r.id) is None
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.get(request={"role_id": r.id})
    perm_exc_error(ei.value, 404)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.delete(role_id=r.id)
    perm_exc_error(ei.value, 404)
    assert r.id not in role_ids(new_sdk.roles.list(permission_type="global").data)
    # its name is free again
    assert create(new_sdk, name=r.name).name == r.name


def test_delete_204_has_empty_body(perm, new_sdk):
    r = create(new_sdk)
    resp = perm.delete(f"roles/{r.id}")
    assert resp.status_code == 204 and resp.content == b""


def test_delete_assigned_role_needs_force(new_sdk, env):
    r = create(new_sdk, system_policy_ids=[ML, VIEW_ALL])
    user = new_user(new_sdk)
    group = new_sdk.user_groups.create(request={"name": unique_name("G")})
    new_sdk.principals.update_roles(request={"operation": "add", "principal": {"type": "user", "id": user.id},
                                             "roles": [{"id": r.id, "scope_id": env.id}]})
    new_sdk.roles.update_principals(role_id=r.id, update_role_principals_request={
        "operation": "add", "principals": [{"principal_type": "group", "principal_id": group.id, "scope_id": env.id}]})
    for force in (None, False):
        # 409 is not a typed status of roles.delete (401/403/404): the SDK raises APIError
        with pytest.raises(models.APIError) as ei:
            new_sdk.roles.delete(role_id=r.id, force=force)
        assert ei.value.status_code == 409
        err = json.loads(ei.value.body)["error"]
        assert err["code"] == "ACCOUNTS_00006" and "force" in err["message"].lower()
    # nothing changed
    assert new_sdk.roles.get(request={"role_id": r.id}).data.id == r.id
    holders = new_sdk.roles.list_principals(request={"role_id": r.id}).data
    assert sorted((h.type, h.id) for h in holders) == sorted([("user", user.id), ("group", group.id)])
    assert new_sdk.roles.delete(role_id=r.id, force=True) is None
    with pytest.raises(models.PermissionsErrorResponse):
        new_sdk.roles.get(request={"role_id": r.id})
    held = new_sdk.principals.list_roles(request={"principal_type": "user", "principal_id": user.id,
                                                  "permission_type": "global"}).data
    assert r.id not in role_ids(held)
    held = new_sdk.principals.list_roles(request={"principal_type": "group", "principal_id": group.id,
                                                  "permission_type": "global"}).data
    assert r.id not in role_ids(held)
    # a new role with the same id starts without holders
    again = create(new_sdk, id=r.id, name=unique_name("Again"))
    assert again.id == r.id
    assert new_sdk.roles.list_principals(request={"role_id": r.id}).data == []


# ---- async client ---------------------------------------------------------------------------------

def test_async_client_drives_roles_the_same_way(base_url):
    import asyncio

    from cloudinary_account_provisioning import AsyncCldProvisioning

    from support import ACCOUNT_ID, API_KEY, API_SECRET

    async def run():
        sdk = AsyncCldProvisioning(security=models.Security(provisioning_api_key=API_KEY, provisioning_api_secret=API_SECRET),
                                   account_id=ACCOUNT_ID, server_url=base_url)
        made = (await sdk.roles.create(request={"name": unique_name("Async"), "permission_type": "global",
                                                "scope_type": "prodenv", "system_policy_ids": [ML]})).data
        got = (await sdk.roles.get(request={"role_id": made.id})).data
        listed = (await sdk.roles.list(permission_type="global", management_type="custom")).data
        await sdk.roles.delete(role_id=made.id)
        with pytest.raises(models.PermissionsErrorResponse) as ei:
            await sdk.roles.get(request={"role_id": made.id})
        return made, got, listed, ei.value.status_code

    made, got, listed, status = asyncio.run(run())
    assert got.id == made.id and [p.id for p in got.policies] == [ML]
    assert made.id in role_ids(listed)
    assert status == 404
