"""Permissions API — role assignments: `principal_roles` GET/PUT and `roles/{id}/principals` GET/PUT through
`CldProvisioning.principals` / `roles`; assignment rules (scope ids, Master Admin = all, principal kinds,
content instances), cleanup when principals go, legacy `role` consistency, 404/400 errors, and one transaction
per request. Content-role `policy_parameters` go through raw HTTP (the SDK sends them as `{}`)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from cloudinary_account_provisioning import models

from support import (API_KEY, assert_perm_error, new_api_key, new_env, new_group, new_user, perm_exc_error, role_ids,
                     uid, unique_name)

TECH = "cld::role::prodenv::technical_admin"
ML_USER = "cld::role::prodenv::ml_user"
ML_ADMIN = "cld::role::prodenv::ml_admin"
PE_MASTER = "cld::role::prodenv::master_admin"
PE_REPORTS = "cld::role::prodenv::reports"
ACC_ADMIN = "cld::role::account::admin"
ACC_BILLING = "cld::role::account::billing"
ACC_REPORTS = "cld::role::account::reports"
ACC_MASTER = "cld::role::account::master_admin"
F_VIEWER = "cld::role::folder::viewer"
F_MANAGER = "cld::role::folder::manager"
C_VIEWER = "cld::role::collection::viewer"


def change(sdk, ptype, pid, roles, operation="add"):
    return sdk.principals.update_roles(request={"operation": operation, "principal": {"type": ptype, "id": pid},
                                                "roles": roles})


def held(sdk, ptype, pid, permission="global", **kw):
    return sdk.principals.list_roles(request={"principal_type": ptype, "principal_id": pid,
                                              "permission_type": permission, **kw}).data


def holdings(items) -> set[tuple]:
    return {(r.id, r.scope_id if isinstance(r.scope_id, str) else None) for r in items}


@pytest.fixture(scope="module")
def env(new_sdk):
    return new_env(new_sdk)


@pytest.fixture(scope="module")
def env2(new_sdk):
    return new_env(new_sdk)


# ---- principal_roles: add / list / remove ---------------------------------------------------------

def test_add_list_remove_prodenv_role_on_user(new_sdk, env):
    u = new_user(new_sdk)
    assert change(new_sdk, "user", u.id, [{"id": TECH, "scope_id": env.id}]) is None
    roles = held(new_sdk, "user", u.id)
    assert (TECH, env.id) in holdings(roles)
    r = next(x for x in roles if x.id == TECH)
    assert r.name == "Technical Admin" and r.management_type == "system" and r.scope_type == "prodenv"
    assert r.permission_type == "global" and isinstance(r.created_at, int) and isinstance(r.updated_at, int)
    holders = new_sdk.roles.list_principals(request={"role_id": TECH}).data
    mine = [h for h in holders if h.id == u.id]
    assert len(mine) == 1 and mine[0].type == "user" and mine[0].scope_id == env.id and mine[0].role_id == TECH
    assert mine[0].scope_type == "prodenv"
    change(new_sdk, "user", u.id, [{"id": TECH, "scope_id": env.id}], "remove")
    assert (TECH, env.id) not in holdings(held(new_sdk, "user", u.id))
    assert u.id not in [h.id for h in new_sdk.roles.list_principals(request={"role_id": TECH}).data]


def test_add_is_idempotent_and_same_role_in_two_environments(new_sdk, env, env2):
    u = new_user(new_sdk)
    change(new_sdk, "user", u.id, [{"id": ML_ADMIN, "scope_id": env.id}])
    change(new_sdk, "user", u.id, [{"id": ML_ADMIN, "scope_id": env.id}, {"id": ML_ADMIN, "scope_id": env2.id}])
    mine = [r for r in held(new_sdk, "user", u.id) if r.id == ML_ADMIN]
    assert sorted(r.scope_id for r in mine) == sorted([env.id, env2.id])
    holders = [h for h in new_sdk.roles.list_principals(request={"role_id": ML_ADMIN}).data if h.id == u.id]
    assert sorted(h.scope_id for h in holders) == sorted([env.id, env2.id])
    # filter by environment
    only = new_sdk.roles.list_principals(request={"role_id": ML_ADMIN, "scope_type": "prodenv", "scope_id": env2.id}).data
    assert [(h.id, h.scope_id) for h in only if h.id == u.id] == [(u.id, env2.id)]
    scoped = held(new_sdk, "user", u.id, scope_type="prodenv", scope_id=env.id)
    assert (ML_ADMIN, env.id) in holdings(scoped) and (ML_ADMIN, env2.id) not in holdings(scoped)
    change(new_sdk, "user", u.id, [{"id": ML_ADMIN, "scope_id": env.id}], "remove")
    assert [r.scope_id for r in held(new_sdk, "user", u.id) if r.id == ML_ADMIN] == [env2.id]


def test_prodenv_role_needs_scope_id(new_sdk):
    u = new_user(new_sdk)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        change(new_sdk, "user", u.id, [{"id": TECH}])
    perm_exc_error(ei.value, 400, code="ACCOUNTS_00005", field="scope_id")
    assert TECH not in role_ids(held(new_sdk, "user", u.id))


def test_scope_all_for_prodenv_role(new_sdk, env):
    u = new_user(new_sdk)
    change(new_sdk, "user", u.id, [{"id": ML_USER, "scope_id": "all"}])
    assert (ML_USER, "all") in holdings(held(new_sdk, "user", u.id))
    # an `all` holding counts in every environment
    assert (ML_USER, "all") in holdings(held(new_sdk, "user", u.id, scope_type="prodenv", scope_id=env.id))


def test_master_admin_prodenv_is_always_stored_as_all(new_sdk, env):
    u = new_user(new_sdk)
    change(new_sdk, "user", u.id, [{"id": PE_MASTER, "scope_id": env.id}])
    pm = [r for r in held(new_sdk, "user", u.id) if r.id == PE_MASTER]
    assert [r.scope_id for r in pm] == ["all"]
    # even without scope id
    g = new_group(new_sdk)
    change(new_sdk, "group", g.id, [{"id": PE_MASTER}])
    assert [r.scope_id for r in held(new_sdk, "group", g.id) if r.id == PE_MASTER] == ["all"]


def test_account_role_ignores_scope_and_has_no_scope_id(new_sdk, env):
    u = new_user(new_sdk)
    change(new_sdk, "user", u.id, [{"id": ACC_REPORTS, "scope_id": env.id}])
    r = next(x for x in held(new_sdk, "user", u.id) if x.id == ACC_REPORTS)
    assert r.scope_type == "account" and not isinstance(r.scope_id, str)
    assert ACC_REPORTS in role_ids(held(new_sdk, "user", u.id, scope_type="account"))
    assert ACC_REPORTS not in role_ids(held(new_sdk, "user", u.id, scope_type="prodenv"))


def test_unknown_scope_id_is_404(new_sdk):
    u = new_user(new_sdk)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        change(new_sdk, "user", u.id, [{"id": TECH, "scope_id": "no-such-env-" + uid()}])
    perm_exc_error(ei.value, 404)


# ---- principal kinds ------------------------------------------------------------------------------

def test_account_role_on_environment_api_key_is_400(new_sdk, env):
    key = new_api_key(new_sdk, env.id)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        change(new_sdk, "apiKey", key, [{"id": ACC_ADMIN}])
    perm_exc_error(ei.value, 400, field="principal_type")
    assert held(new_sdk, "apiKey", key) == []


def test_prodenv_role_on_api_key_lives_in_its_environment(new_sdk, env, env2):
    key = new_api_key(new_sdk, env.id)
    change(new_sdk, "apiKey", key, [{"id": ML_ADMIN, "scope_id": env.id}])
    assert holdings(held(new_sdk, "apiKey", key)) == {(ML_ADMIN, env.id)}
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        change(new_sdk, "apiKey", key, [{"id": TECH, "scope_id": env2.id}])
    perm_exc_error(ei.value, 400, field="scope_id")
    # `all` means its own environment for a key
    change(new_sdk, "apiKey", key, [{"id": TECH, "scope_id": "all"}])
    assert holdings(held(new_sdk, "apiKey", key)) == {(ML_ADMIN, env.id), (TECH, env.id)}
    holders = new_sdk.roles.list_principals(request={"role_id": ML_ADMIN}).data
    assert [(h.type, h.scope_id) for h in holders if h.id == key] == [("apiKey", env.id)]


def test_collection_role_not_for_api_keys(perm, new_sdk, env):
    key = new_api_key(new_sdk, env.id)
    r = perm.assign("apiKey", key, [{"id": C_VIEWER, "scope_id": env.id, "policy_parameters": {"collection_id": "c1"}}])
    assert_perm_error(r, 400, field="principal_type")
    assert held(new_sdk, "apiKey", key, "content") == []


def test_folder_role_on_api_key_with_folder_id(perm, new_sdk, env):
    key = new_api_key(new_sdk, env.id)
    perm.ok_assign("apiKey", key, [{"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": "fk1"}}])
    roles = held(new_sdk, "apiKey", key, "content")
    assert holdings(roles) == {(F_VIEWER, env.id)}
    assert roles[0].permission_type == "content"
    raw = perm.held("apiKey", key, "content")
    assert raw[0]["policy_parameters"] == {"folder_id": "fk1"}
    # global listing does not show it
    assert held(new_sdk, "apiKey", key, "global") == []


def test_content_roles_on_users_and_groups(perm, new_sdk, env):
    u = new_user(new_sdk)
    g = new_group(new_sdk)
    perm.ok_assign("user", u.id, [{"id": F_MANAGER, "scope_id": env.id, "policy_parameters": {"folder_id": "fa"}},
                                  {"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": "fb"}},
                                  {"id": C_VIEWER, "scope_id": env.id, "policy_parameters": {"collection_id": "cc"}}])
    perm.ok_assign("group", g.id, [{"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": "fa"}}])
    assert holdings(held(new_sdk, "user", u.id, "content")) == {(F_MANAGER, env.id), (F_VIEWER, env.id), (C_VIEWER, env.id)}
    raw = {(r["id"], tuple(sorted(r["policy_parameters"].items()))) for r in perm.held("user", u.id, "content")}
    assert raw == {(F_MANAGER, (("folder_id", "fa"),)), (F_VIEWER, (("folder_id", "fb"),)),
                   (C_VIEWER, (("collection_id", "cc"),))}
    # instance filters
    assert role_ids(held(new_sdk, "user", u.id, "content", folder_id="fa")) == [F_MANAGER]
    assert role_ids(held(new_sdk, "user", u.id, "content", collection_id="cc")) == [C_VIEWER]
    assert role_ids(held(new_sdk, "user", u.id, "content", param_key=["folder_id"], param_value=["fb"])) == [F_VIEWER]
    holders = new_sdk.roles.list_principals(request={"role_id": F_VIEWER, "folder_id": "fa"}).data
    assert (("group", g.id) in [(h.type, h.id) for h in holders]) and u.id not in [h.id for h in holders]
    holders = new_sdk.roles.list_principals(request={"role_id": F_VIEWER, "folder_id": "fb"}).data
    assert [(h.type, h.id) for h in holders] == [("user", u.id)]
    # the same folder role on two folders is two holdings; removing one keeps the other
    perm.ok_assign("user", u.id, [{"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": "fc"}}])
    assert sorted(r["policy_parameters"]["folder_id"] for r in perm.held("user", u.id, "content") if r["id"] == F_VIEWER) \
        == ["fb", "fc"]
    perm.ok_assign("user", u.id, [{"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": "fb"}}], "remove")
    assert [r["policy_parameters"]["folder_id"] for r in perm.held("user", u.id, "content") if r["id"] == F_VIEWER] == ["fc"]


def test_content_role_through_sdk_lacks_folder_id(new_sdk, env):
    """The SDK drops policy_parameters to `{}`: the server must say what is missing, not store a folderless role."""
    u = new_user(new_sdk)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        change(new_sdk, "user", u.id, [{"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": "f1"}}])
    perm_exc_error(ei.value, 400, field="policy_parameters")
    assert held(new_sdk, "user", u.id, "content") == []


def test_content_role_needs_one_environment(perm, new_sdk):
    u = new_user(new_sdk)
    r = perm.assign("user", u.id, [{"id": F_VIEWER, "scope_id": "all", "policy_parameters": {"folder_id": "f1"}}])
    assert_perm_error(r, 400, field="scope_id")
    r = perm.assign("user", u.id, [{"id": F_VIEWER, "policy_parameters": {"folder_id": "f1"}}])
    assert_perm_error(r, 400, field="scope_id")
    # collection id for a folder role
    r = perm.assign("user", u.id, [{"id": F_VIEWER, "scope_id": "all", "policy_parameters": {"collection_id": "c"}}])
    assert_perm_error(r, 400)


def test_provisioning_key_holds_account_roles_only(new_sdk, env):
    change(new_sdk, "provisioningKey", API_KEY, [{"id": ACC_REPORTS}])
    try:
        assert ACC_REPORTS in role_ids(held(new_sdk, "provisioningKey", API_KEY))
        assert ACC_MASTER in role_ids(held(new_sdk, "provisioningKey", API_KEY))  # bootstrap
        with pytest.raises(models.PermissionsErrorResponse) as ei:
            change(new_sdk, "provisioningKey", API_KEY, [{"id": TECH, "scope_id": env.id}])
        perm_exc_error(ei.value, 400, field="principal_type")
    finally:
        change(new_sdk, "provisioningKey", API_KEY, [{"id": ACC_REPORTS}], "remove")
    assert ACC_REPORTS not in role_ids(held(new_sdk, "provisioningKey", API_KEY))
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        change(new_sdk, "provisioningKey", "999999999999999", [{"id": ACC_REPORTS}])
    perm_exc_error(ei.value, 404)


# ---- roles/{id}/principals ------------------------------------------------------------------------

def test_role_principals_add_list_remove(new_sdk, env):
    role = new_sdk.roles.create(request={"name": unique_name("RP"), "permission_type": "global", "scope_type": "prodenv",
                                         "system_policy_ids": ["cld::policy::global::ml::access"]}).data
    u = new_user(new_sdk)
    g = new_group(new_sdk)
    key = new_api_key(new_sdk, env.id)
    assert new_sdk.roles.update_principals(role_id=role.id, update_role_principals_request={
        "operation": "add", "principals": [
            {"principal_type": "user", "principal_id": u.id, "scope_id": env.id},
            {"principal_type": "group", "principal_id": g.id, "scope_id": "all"},
            {"principal_type": "apiKey", "principal_id": key, "scope_id": env.id}]}) is None
    got = new_sdk.roles.list_principals(request={"role_id": role.id}).data
    assert sorted((h.type, h.id, h.scope_id) for h in got) == sorted(
        [("user", u.id, env.id), ("group", g.id, "all"), ("apiKey", key, env.id)])
    assert all(h.role_id == role.id and h.scope_type == "prodenv" and isinstance(h.created_at, int) for h in got)
    assert (role.id, env.id) in holdings(held(new_sdk, "user", u.id))
    new_sdk.roles.update_principals(role_id=role.id, update_role_principals_request={
        "operation": "remove", "principals": [{"principal_type": "user", "principal_id": u.id, "scope_id": env.id}]})
    got = new_sdk.roles.list_principals(request={"role_id": role.id}).data
    assert sorted((h.type, h.id) for h in got) == sorted([("group", g.id), ("apiKey", key)])
    assert role.id not in role_ids(held(new_sdk, "user", u.id))


def test_role_principals_of_unknown_role_is_404(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.list_principals(request={"role_id": "ghost_" + uid()})
    perm_exc_error(ei.value, 404)
    u = new_user(new_sdk)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.update_principals(role_id="ghost_" + uid(), update_role_principals_request={
            "operation": "add", "principals": [{"principal_type": "user", "principal_id": u.id}]})
    perm_exc_error(ei.value, 404)


def test_role_principals_is_one_transaction(new_sdk, env):
    u = new_user(new_sdk)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.update_principals(role_id=TECH, update_role_principals_request={
            "operation": "add", "principals": [
                {"principal_type": "user", "principal_id": u.id, "scope_id": env.id},
                {"principal_type": "group", "principal_id": "no-such-group-" + uid(), "scope_id": env.id}]})
    perm_exc_error(ei.value, 404)
    assert TECH not in role_ids(held(new_sdk, "user", u.id))


# ---- unknown ids, wrong enums, transactions -------------------------------------------------------

@pytest.mark.parametrize("ptype,pid", [("user", "no-such-user"), ("group", "no-such-group"), ("apiKey", "000000000000001")])
def test_unknown_principals_are_404(new_sdk, ptype, pid):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        change(new_sdk, ptype, pid + uid(4), [{"id": ML_USER, "scope_id": "all"}])
    perm_exc_error(ei.value, 404, code="ACCOUNTS_00003")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        held(new_sdk, ptype, pid + uid(4))
    perm_exc_error(ei.value, 404)


def test_unknown_role_is_404(new_sdk):
    u = new_user(new_sdk)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        change(new_sdk, "user", u.id, [{"id": "cld::role::prodenv::overlord", "scope_id": "all"}])
    err = perm_exc_error(ei.value, 404)
    assert "overlord" in err["message"]


def test_wrong_enums_are_400_naming_the_field(perm, new_sdk):
    u = new_user(new_sdk)
    assert_perm_error(perm.put("principal_roles", json={"operation": "replace", "principal": {"type": "user", "id": u.id},
                                                        "roles": [{"id": ACC_BILLING}]}), 400, field="operation")
    assert_perm_error(perm.put("principal_roles", json={"operation": "add", "principal": {"type": "robot", "id": u.id},
                                                        "roles": [{"id": ACC_BILLING}]}), 400, field="principal_type")
    assert_perm_error(perm.put("principal_roles", json={"operation": "add", "roles": [{"id": ACC_BILLING}]}), 400,
                      field="principal")
    assert_perm_error(perm.put("principal_roles", json={"operation": "add", "principal": {"type": "user", "id": u.id}}),
                      400, field="roles")
    assert_perm_error(perm.put("roles/" + ACC_BILLING + "/principals", json={
        "operation": "set", "principals": [{"principal_type": "user", "principal_id": u.id}]}), 400, field="operation")
    assert_perm_error(perm.put("roles/" + ACC_BILLING + "/principals", json={
        "operation": "add", "principals": [{"principal_type": "alien", "principal_id": u.id}]}), 400,
        field="principal_type")
    # list_roles: the SDK's open enums let bad values through to the server
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.principals.list_roles(request={"principal_type": "user", "principal_id": u.id, "permission_type": "half"})
    perm_exc_error(ei.value, 400, field="permission_type")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.principals.list_roles(request={"principal_type": "cyborg", "principal_id": u.id, "permission_type": "global"})
    perm_exc_error(ei.value, 400, field="principal_type")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        held(new_sdk, "user", u.id, scope_type="cosmos")
    perm_exc_error(ei.value, 400, field="scope_type")
    assert_perm_error(perm.get("principal_roles", params={"principal_type": "user", "principal_id": u.id}), 400,
                      field="permission_type")
    assert ACC_BILLING not in role_ids(held(new_sdk, "user", u.id))


def test_batch_with_one_bad_role_writes_nothing(new_sdk, env, perm):
    u = new_user(new_sdk)
    change(new_sdk, "user", u.id, [{"id": ML_USER, "scope_id": env.id}])
    before = holdings(held(new_sdk, "user", u.id))
    bad_batches = [
        [{"id": TECH, "scope_id": env.id}, {"id": "nope_" + uid()}],                      # unknown role
        [{"id": ACC_REPORTS}, {"id": TECH}],                                               # missing scope id
        [{"id": TECH, "scope_id": env.id}, {"id": PE_REPORTS, "scope_id": "no-env-" + uid()}],  # unknown env
        [{"id": ACC_BILLING}, {"id": F_VIEWER, "scope_id": env.id}],                      # folder role without folder
    ]
    for batch in bad_batches:
        with pytest.raises(models.PermissionsErrorResponse):
            change(new_sdk, "user", u.id, batch)
        assert holdings(held(new_sdk, "user", u.id)) == before, batch
        assert held(new_sdk, "user", u.id, "content") == []
    # a remove batch that names one role the user does not hold removes nothing either
    r = perm.assign("user", u.id, [{"id": ML_USER, "scope_id": env.id}, {"id": TECH, "scope_id": env.id}], "remove")
    assert 400 <= r.status_code < 500, r.text
    assert holdings(held(new_sdk, "user", u.id)) == before
    assert new_sdk.users.get(user_id=u.id).role == u.role


# ---- principals going away ------------------------------------------------------------------------

def test_deleting_user_removes_its_assignments(new_sdk, perm, env):
    u = new_user(new_sdk)
    change(new_sdk, "user", u.id, [{"id": TECH, "scope_id": env.id}, {"id": ACC_REPORTS}])
    perm.ok_assign("user", u.id, [{"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": "gone"}}])
    new_sdk.users.delete(user_id=u.id)
    for rid in (TECH, ACC_REPORTS, F_VIEWER):
        assert u.id not in [h.id for h in new_sdk.roles.list_principals(request={"role_id": rid}).data], rid
    assert perm.held("user", u.id) == [] and perm.held("user", u.id, "content") == []
    # a deleted user can hold nothing new
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        change(new_sdk, "user", u.id, [{"id": ACC_BILLING}])
    assert 400 <= ei.value.status_code < 500


def test_deleting_group_removes_its_assignments(new_sdk, env):
    g = new_group(new_sdk)
    change(new_sdk, "group", g.id, [{"id": ML_ADMIN, "scope_id": env.id}])
    assert g.id in [h.id for h in new_sdk.roles.list_principals(request={"role_id": ML_ADMIN}).data]
    new_sdk.user_groups.delete(group_id=g.id)
    assert g.id not in [h.id for h in new_sdk.roles.list_principals(request={"role_id": ML_ADMIN}).data]
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        held(new_sdk, "group", g.id)
    perm_exc_error(ei.value, 404)


def test_deleting_api_key_removes_its_assignments(new_sdk, perm, env):
    key = new_api_key(new_sdk, env.id)
    change(new_sdk, "apiKey", key, [{"id": TECH, "scope_id": env.id}])
    perm.ok_assign("apiKey", key, [{"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": "kf"}}])
    new_sdk.access_keys.delete(sub_account_id=env.id, key=key)
    for rid in (TECH, F_VIEWER):
        assert key not in [h.id for h in new_sdk.roles.list_principals(request={"role_id": rid}).data], rid


def test_deleting_environment_removes_assignments_scoped_to_it(new_sdk):
    e = new_env(new_sdk)
    u = new_user(new_sdk)
    change(new_sdk, "user", u.id, [{"id": TECH, "scope_id": e.id}, {"id": ML_USER, "scope_id": "all"}])
    new_sdk.product_environments.delete(sub_account_id=e.id)
    assert holdings(held(new_sdk, "user", u.id)) == {(ML_USER, "all")}


# ---- legacy role field stays consistent -----------------------------------------------------------

def test_legacy_role_gives_mapped_system_roles(new_sdk, env, catalog):
    u = new_user(new_sdk, role="reports", sub_account_ids=[env.id])
    assert holdings(held(new_sdk, "user", u.id)) == {(ACC_REPORTS, None), (PE_REPORTS, env.id)}
    m = new_user(new_sdk, role="master_admin")
    assert holdings(held(new_sdk, "user", m.id)) == {(ACC_MASTER, None), (PE_MASTER, "all")}
    t = new_user(new_sdk, role="technical_admin", sub_account_ids=[env.id])
    assert holdings(held(new_sdk, "user", t.id)) == {(TECH, env.id)}
    # legacy admin: account Admin + product-environment Master Admin in each assigned environment (catalog)
    a = new_user(new_sdk, role="admin", sub_account_ids=[env.id])
    assert holdings(held(new_sdk, "user", a.id)) == {(ACC_ADMIN, None), (PE_MASTER, env.id)}
    # no role given: media_library_user in every environment
    d = new_user(new_sdk)
    assert new_sdk.users.get(user_id=d.id).role == "media_library_user"
    assert holdings(held(new_sdk, "user", d.id)) == {(ML_USER, "all")}


def test_legacy_role_change_replaces_mapped_roles(new_sdk, env):
    u = new_user(new_sdk, role="reports", sub_account_ids=[env.id])
    new_sdk.users.update(user_id=u.id, user_request={"role": "technical_admin", "sub_account_ids": [env.id]})
    assert holdings(held(new_sdk, "user", u.id)) == {(TECH, env.id)}
    new_sdk.users.update(user_id=u.id, user_request={"role": "billing"})
    assert holdings(held(new_sdk, "user", u.id)) == {(ACC_BILLING, None)}


def test_assigning_system_roles_updates_legacy_role(new_sdk, env):
    u = new_user(new_sdk, role="billing")
    assert new_sdk.users.get(user_id=u.id).role == "billing"
    change(new_sdk, "user", u.id, [{"id": ACC_ADMIN}, {"id": PE_MASTER, "scope_id": env.id}])
    assert new_sdk.users.get(user_id=u.id).role == "admin"
    # removing the admin pair leaves billing as the best fully held legacy role
    change(new_sdk, "user", u.id, [{"id": ACC_ADMIN}, {"id": PE_MASTER}], "remove")
    assert new_sdk.users.get(user_id=u.id).role == "billing"


def test_removing_legacy_roles_through_permissions(new_sdk, env):
    u = new_user(new_sdk, role="technical_admin", sub_account_ids=[env.id])
    change(new_sdk, "user", u.id, [{"id": ACC_BILLING}])
    assert new_sdk.users.get(user_id=u.id).role == "technical_admin"
    change(new_sdk, "user", u.id, [{"id": TECH, "scope_id": env.id}], "remove")
    assert holdings(held(new_sdk, "user", u.id)) == {(ACC_BILLING, None)}
    assert new_sdk.users.get(user_id=u.id).role == "billing"


def test_legacy_role_visible_through_legacy_sdk(new_sdk, legacy, env):
    u = new_user(new_sdk, role="media_library_user", sub_account_ids=[env.id])
    assert holdings(held(new_sdk, "user", u.id)) == {(ML_USER, env.id)}
    change(new_sdk, "user", u.id, [{"id": ML_ADMIN, "scope_id": env.id}])
    assert legacy.user(u.id)["role"] == "media_library_admin"


# ---- concurrency ----------------------------------------------------------------------------------

def test_concurrent_assignment_changes_all_land(base_url, new_sdk, env):
    """Many parallel PUTs on one user and one role: every change is applied, none lost, no 5xx."""
    from support import make_new_sdk
    u = new_user(new_sdk)
    envs = [new_env(new_sdk) for _ in range(8)]
    users = [new_user(new_sdk) for _ in range(8)]

    def add_env(e):
        make_new_sdk(base_url).principals.update_roles(request={
            "operation": "add", "principal": {"type": "user", "id": u.id}, "roles": [{"id": TECH, "scope_id": e.id}]})

    def add_user(x):
        make_new_sdk(base_url).roles.update_principals(role_id=PE_REPORTS, update_role_principals_request={
            "operation": "add", "principals": [{"principal_type": "user", "principal_id": x.id, "scope_id": env.id}]})

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(add_env, envs))
        list(pool.map(add_user, users))
    assert {r.scope_id for r in held(new_sdk, "user", u.id) if r.id == TECH} == {e.id for e in envs}
    holders = {h.id for h in new_sdk.roles.list_principals(request={"role_id": PE_REPORTS, "scope_id": env.id}).data}
    assert {x.id for x in users} <= holders
