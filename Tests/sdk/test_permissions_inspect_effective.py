"""Permissions API — `principal_roles/inspect` (GET one/all, POST several, cursor paging past 50 principals)
and `policies/effective` (roles incl. those inherited through groups, marked with where they come from;
content placeholders filled; enabled custom policies of the scope), through `CldProvisioning.principals` /
`effective_policies`, with raw HTTP for the fields the SDK models drop (`inherited`, `inherited_from`,
`policy_parameters` contents)."""

from __future__ import annotations

import pytest
from cloudinary_account_provisioning import models

from support import (API_KEY, assert_perm_error, new_api_key, new_env, new_group, new_user, perm_exc_error, role_ids,
                     uid, unique_name)

ML_USER = "cld::role::prodenv::ml_user"
TECH = "cld::role::prodenv::technical_admin"
PE_REPORTS = "cld::role::prodenv::reports"
ACC_BILLING = "cld::role::account::billing"
ACC_REPORTS = "cld::role::account::reports"
F_VIEWER = "cld::role::folder::viewer"
F_EDITOR = "cld::role::folder::editor"


@pytest.fixture(scope="module")
def env(new_sdk):
    return new_env(new_sdk)


@pytest.fixture(scope="module")
def env2(new_sdk):
    return new_env(new_sdk)


@pytest.fixture
def team(new_sdk, perm, env):
    """A user who holds ML user directly and, through a group, a folder viewer role and Technical Admin."""
    u = new_user(new_sdk, role="billing")
    g = new_group(new_sdk)
    new_sdk.user_groups.add_user(group_id=g.id, user_id=u.id)
    new_sdk.principals.update_roles(request={"operation": "add", "principal": {"type": "user", "id": u.id},
                                             "roles": [{"id": ML_USER, "scope_id": env.id}]})
    perm.ok_assign("group", g.id, [{"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": "fteam"}},
                                   {"id": TECH, "scope_id": env.id}])
    return u, g


def inspect_one(sdk, ptype, pid, **kw):
    res = sdk.principals.inspect(request={"scope_type": kw.pop("scope_type", "prodenv"), "principal_type": ptype,
                                          "principal_id": pid, **kw})
    assert isinstance(res, models.PrincipalRolesInspectResponse)
    ps = res.data.principals
    assert len(ps) == 1 and ps[0].id == pid and ps[0].type == ptype
    return ps[0].roles


# ---- inspect one principal ------------------------------------------------------------------------

def test_inspect_user_shows_direct_and_group_roles(new_sdk, perm, env, team):
    u, g = team
    roles = inspect_one(new_sdk, "user", u.id, scope_id=env.id)
    assert sorted(role_ids(roles)) == sorted([ML_USER, F_VIEWER, TECH])
    assert all(r.scope_id == env.id for r in roles)
    raw = perm.inspect(scope_type="prodenv", scope_id=env.id, principal_type="user", principal_id=u.id)
    entries = {r["id"]: r for r in raw["data"]["principals"][0]["roles"]}
    assert entries[ML_USER]["inherited"] is False and "inherited_from" not in entries[ML_USER] or \
        entries[ML_USER].get("inherited_from") is None
    for rid in (F_VIEWER, TECH):
        assert entries[rid]["inherited"] is True
        assert entries[rid]["inherited_from"] == {"type": "group", "id": g.id, "name": g.name}
    assert entries[F_VIEWER]["policy_parameters"] == {"folder_id": "fteam"}
    # the group itself holds them directly
    groles = perm.inspect(scope_type="prodenv", principal_type="group", principal_id=g.id)["data"]["principals"][0]["roles"]
    assert sorted(r["id"] for r in groles) == sorted([F_VIEWER, TECH]) and not any(r["inherited"] for r in groles)


def test_inspect_scope_filters(new_sdk, env, env2, team):
    u, _ = team
    assert role_ids(inspect_one(new_sdk, "user", u.id, scope_type="account")) == [ACC_BILLING]
    # other environment: nothing of env
    assert inspect_one(new_sdk, "user", u.id, scope_id=env2.id) == []
    # folder filter keeps only the content role on that folder
    assert role_ids(inspect_one(new_sdk, "user", u.id, scope_id=env.id, folder_id="fteam")) == [F_VIEWER]
    assert inspect_one(new_sdk, "user", u.id, scope_id=env.id, folder_id="elsewhere") == []
    assert role_ids(inspect_one(new_sdk, "user", u.id, scope_id=env.id, param_key=["folder_id"],
                                param_value=["fteam"])) == [F_VIEWER]


def test_inherited_roles_stop_when_member_leaves(new_sdk, perm, env, team):
    u, g = team
    new_sdk.user_groups.remove_user(group_id=g.id, user_id=u.id)
    roles = inspect_one(new_sdk, "user", u.id, scope_id=env.id)
    assert role_ids(roles) == [ML_USER]
    eff = perm.effective(scope_type="prodenv", scope_id=env.id, principal_type="user", principal_id=u.id)
    assert [r["id"] for r in eff["principals"][0]["roles"]] == [ML_USER]
    # and come back when the user rejoins
    new_sdk.user_groups.add_user(group_id=g.id, user_id=u.id)
    assert sorted(role_ids(inspect_one(new_sdk, "user", u.id, scope_id=env.id))) == sorted([ML_USER, F_VIEWER, TECH])


def test_inherited_roles_stop_when_group_is_deleted(new_sdk, env, team):
    u, g = team
    new_sdk.user_groups.delete(group_id=g.id)
    assert role_ids(inspect_one(new_sdk, "user", u.id, scope_id=env.id)) == [ML_USER]


def test_inspect_api_key_and_provisioning_key(new_sdk, perm, env):
    key = new_api_key(new_sdk, env.id)
    perm.ok_assign("apiKey", key, [{"id": F_EDITOR, "scope_id": env.id, "policy_parameters": {"folder_id": "kfold"}},
                                   {"id": PE_REPORTS, "scope_id": env.id}])
    roles = inspect_one(new_sdk, "apiKey", key, scope_id=env.id)
    assert sorted(role_ids(roles)) == sorted([F_EDITOR, PE_REPORTS])
    prov = inspect_one(new_sdk, "provisioningKey", API_KEY, scope_type="account")
    assert "cld::role::account::master_admin" in role_ids(prov)


def test_inspect_unknown_principal_is_404(new_sdk):
    for ptype, pid in (("user", "ghost-user-" + uid()), ("group", "ghost-group-" + uid()), ("apiKey", "000000000000002")):
        with pytest.raises(models.PermissionsErrorResponse) as ei:
            new_sdk.principals.inspect(request={"scope_type": "prodenv", "principal_type": ptype, "principal_id": pid})
        perm_exc_error(ei.value, 404)


def test_inspect_needs_scope_type_and_valid_enums(perm, new_sdk):
    assert_perm_error(perm.get("principal_roles/inspect"), 400, field="scope_type")
    assert_perm_error(perm.get("principal_roles/inspect", params={"scope_type": "moon"}), 400, field="scope_type")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.principals.inspect(request={"scope_type": "prodenv", "principal_type": "martian", "principal_id": "x"})
    perm_exc_error(ei.value, 400, field="principal_type")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.principals.inspect(request={"scope_type": "prodenv", "cursor": "garbage!!"})
    perm_exc_error(ei.value, 400, field="cursor")
    assert_perm_error(perm.post("principal_roles/inspect", json={"scope_type": "prodenv"}), 400, field="principals")
    assert_perm_error(perm.post("principal_roles/inspect", json={"principals": []}), 400, field="scope_type")


# ---- inspect several ------------------------------------------------------------------------------

def test_inspect_multiple_principals_in_order(new_sdk, env, team):
    u, g = team
    key = new_api_key(new_sdk, env.id)
    new_sdk.principals.update_roles(request={"operation": "add", "principal": {"type": "apiKey", "id": key},
                                             "roles": [{"id": TECH, "scope_id": env.id}]})
    res = new_sdk.principals.inspect_multiple(request={
        "scope_type": "prodenv", "scope_id": env.id,
        "principals": [{"type": "apiKey", "id": key}, {"type": "user", "id": u.id}, {"type": "group", "id": g.id}]})
    ps = res.data.principals
    assert [(p.type, p.id) for p in ps] == [("apiKey", key), ("user", u.id), ("group", g.id)]
    assert role_ids(ps[0].roles) == [TECH]
    assert sorted(role_ids(ps[1].roles)) == sorted([ML_USER, F_VIEWER, TECH])
    assert sorted(role_ids(ps[2].roles)) == sorted([F_VIEWER, TECH])
    assert not res.next_cursor


def test_inspect_multiple_with_unknown_principal_is_404(new_sdk, team):
    u, _ = team
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.principals.inspect_multiple(request={"scope_type": "account", "principals": [
            {"type": "user", "id": u.id}, {"type": "user", "id": "ghost-" + uid()}]})
    perm_exc_error(ei.value, 404)


@pytest.fixture(scope="module")
def many_users(new_sdk):
    """55 users holding account Reports (legacy role `reports`): more than one inspect page."""
    return [new_user(new_sdk, role="reports").id for _ in range(55)]


def test_inspect_all_principals_pages_with_cursor(new_sdk, many_users):
    seen, cursor, pages = [], None, 0
    while True:
        req = {"scope_type": "account"}
        if cursor:
            req["cursor"] = cursor
        res = new_sdk.principals.inspect(request=req)
        pages += 1
        assert len(res.data.principals) <= 50
        seen += [(p.type, p.id) for p in res.data.principals]
        cursor = res.next_cursor
        if not cursor:
            break
        assert len(res.data.principals) == 50  # only full pages have a next page
        assert pages < 100
    assert pages >= 2
    assert len(seen) == len(set(seen)), "a principal appeared on two pages"
    by_id = {pid: t for t, pid in seen}
    for uid_ in many_users:
        assert by_id.get(uid_) == "user"
    assert ("provisioningKey", API_KEY) in seen


def test_inspect_multiple_pages_past_50(new_sdk, many_users):
    principals = [{"type": "user", "id": i} for i in many_users]
    first = new_sdk.principals.inspect_multiple(request={"scope_type": "account", "principals": principals})
    assert len(first.data.principals) == 50 and first.next_cursor
    assert [p.id for p in first.data.principals] == many_users[:50]
    assert all(role_ids(p.roles) == [ACC_REPORTS] for p in first.data.principals)
    second = new_sdk.principals.inspect_multiple(request={"scope_type": "account", "principals": principals,
                                                          "cursor": first.next_cursor})
    assert [p.id for p in second.data.principals] == many_users[50:]
    assert not second.next_cursor


# ---- effective policies ---------------------------------------------------------------------------

def test_effective_policies_of_user_with_group_roles(new_sdk, perm, env, catalog, team):
    u, g = team
    res = new_sdk.effective_policies.list(scope_type="prodenv", scope_id=env.id, principal_type="user", principal_id=u.id)
    ps = res.data.principals
    assert len(ps) == 1 and ps[0].principal_id == u.id and ps[0].principal_type == "user"
    roles = {r.id: r for r in ps[0].roles}
    assert set(roles) == {ML_USER, F_VIEWER, TECH}
    want = {r["id"]: r["system_policy_ids"] for r in catalog["system_roles"]}
    stmts = {p["id"]: p["policy_statement"] for p in catalog["system_policies"]}
    for rid, r in roles.items():
        assert [p.id for p in r.system_policies] == want[rid]
    for p in roles[F_VIEWER].system_policies:
        assert p.policy_statement == stmts[p.id].replace("<folder_id>", "fteam")
        assert '"fteam"' in p.policy_statement and "<folder_id>" not in p.policy_statement
    for p in roles[TECH].system_policies:
        assert p.policy_statement == stmts[p.id]
    raw = {r["id"]: r for r in perm.effective(scope_type="prodenv", scope_id=env.id, principal_type="user",
                                                principal_id=u.id)["principals"][0]["roles"]}
    assert raw[F_VIEWER]["inherited_from"] == {"type": "group", "id": g.id, "name": g.name}
    assert raw[TECH]["inherited_from"]["id"] == g.id
    assert raw[ML_USER].get("inherited_from") is None
    assert raw[F_VIEWER]["policy_parameters"] == {"folder_id": "fteam"}
    assert raw[F_VIEWER]["scope_id"] == env.id


def test_effective_policies_account_scope(new_sdk, team, catalog):
    u, _ = team
    res = new_sdk.effective_policies.list(scope_type="account", principal_type="user", principal_id=u.id)
    roles = res.data.principals[0].roles
    assert role_ids(roles) == [ACC_BILLING]
    assert [p.id for p in roles[0].system_policies] == \
        next(r for r in catalog["system_roles"] if r["id"] == ACC_BILLING)["system_policy_ids"]


def test_effective_policies_include_enabled_custom_policies_in_scope(new_sdk, env, env2, team):
    u, _ = team

    def pol(scope_type, scope_id=None, enabled=True):
        s = f'permit(principal == Cloudinary::User::"{u.id}-{uid(6)}", action == Cloudinary::Action::"read", resource is Cloudinary::Asset);'
        req = {"name": unique_name("Eff"), "policy_statement": s, "scope_type": scope_type, "enabled": enabled}
        if scope_id:
            req["scope_id"] = scope_id
        return new_sdk.custom_policies.create(request=req).data

    here = pol("prodenv", env.id)
    everywhere = pol("prodenv", "all")
    off = pol("prodenv", env.id, enabled=False)
    there = pol("prodenv", env2.id)
    account = pol("account")
    res = new_sdk.effective_policies.list(scope_type="prodenv", scope_id=env.id, principal_type="user", principal_id=u.id)
    got = {p.id: p.policy_statement for p in res.data.custom_policies}
    assert here.id in got and everywhere.id in got
    assert got[here.id] == here.policy_statement
    assert off.id not in got and there.id not in got and account.id not in got
    acc = new_sdk.effective_policies.list(scope_type="account", principal_type="user", principal_id=u.id)
    acc_ids = {p.id for p in acc.data.custom_policies}
    assert account.id in acc_ids and here.id not in acc_ids and everywhere.id not in acc_ids
    # disabling drops it, enabling brings it back
    new_sdk.custom_policies.update(policy_id=here.id, update_custom_policy={
        "name": here.name, "policy_statement": here.policy_statement, "scope_type": "prodenv", "scope_id": env.id,
        "enabled": False})
    res = new_sdk.effective_policies.list(scope_type="prodenv", scope_id=env.id, principal_type="user", principal_id=u.id)
    assert here.id not in {p.id for p in res.data.custom_policies}


def test_effective_policies_without_principal_lists_holders(new_sdk, env, team):
    u, g = team
    res = new_sdk.effective_policies.list(scope_type="prodenv", scope_id=env.id)
    entries = {(p.principal_type, p.principal_id): p for p in res.data.principals}
    assert ("user", u.id) in entries and ("group", g.id) in entries
    assert sorted(r.id for r in entries[("group", g.id)].roles) == sorted([F_VIEWER, TECH])


def test_effective_policies_unknown_principal_is_404(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.effective_policies.list(scope_type="prodenv", principal_type="user", principal_id="ghost-" + uid())
    perm_exc_error(ei.value, 404)


def test_effective_policies_bad_enums(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.effective_policies.list(scope_type="prodenv", principal_type="wizard", principal_id="x")
    perm_exc_error(ei.value, 400, field="principal_type")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.effective_policies.list(scope_type="stratosphere")
    perm_exc_error(ei.value, 400, field="scope_type")


def test_root_user_holds_master_admin_mapping(new_sdk, admin_user):
    assert admin_user.role == "master_admin"
    roles = new_sdk.principals.list_roles(request={"principal_type": "user", "principal_id": admin_user.id,
                                                   "permission_type": "global"}).data
    assert {(r.id, r.scope_id if isinstance(r.scope_id, str) else None) for r in roles} >= {
        ("cld::role::account::master_admin", None), ("cld::role::prodenv::master_admin", "all")}
    eff = new_sdk.effective_policies.list(scope_type="account", principal_type="user", principal_id=admin_user.id)
    assert "cld::role::account::master_admin" in role_ids(eff.data.principals[0].roles)


def test_inspect_accepts_asset_id_filter(new_sdk, env, team):
    """`asset_id` is accepted (documented as not currently supported): no error."""
    u, _ = team
    res = new_sdk.principals.inspect(request={"scope_type": "prodenv", "scope_id": env.id, "principal_type": "user",
                                              "principal_id": u.id, "asset_id": "a1"})
    assert res.data.principals[0].id == u.id


def test_effective_policies_follow_role_changes(new_sdk, env):
    role = new_sdk.roles.create(request={"name": unique_name("Evolving"), "permission_type": "global",
                                         "scope_type": "prodenv",
                                         "system_policy_ids": ["cld::policy::global::ml::access"]}).data
    g = new_group(new_sdk)
    new_sdk.principals.update_roles(request={"operation": "add", "principal": {"type": "group", "id": g.id},
                                             "roles": [{"id": role.id, "scope_id": env.id}]})

    def policies():
        res = new_sdk.effective_policies.list(scope_type="prodenv", scope_id=env.id, principal_type="group",
                                              principal_id=g.id)
        return {r.id: [p.id for p in r.system_policies] for r in res.data.principals[0].roles}

    assert policies() == {role.id: ["cld::policy::global::ml::access"]}
    new_sdk.roles.update(role_id=role.id, role={"name": role.name, "system_policy_ids": [
        "cld::policy::global::reports::usage::view", "cld::policy::global::reports::errors::view"]})
    assert policies() == {role.id: ["cld::policy::global::reports::usage::view",
                                    "cld::policy::global::reports::errors::view"]}
    new_sdk.roles.delete(role_id=role.id, force=True)
    assert policies() == {}
