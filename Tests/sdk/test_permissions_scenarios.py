"""Permissions API — the seed's three scenarios end to end through the new SDK (raw HTTP only for content-role
`policy_parameters`), checking the stored assignments, `inspect`, `policies/effective`, and finally what the
effective policies *decide*, by evaluating them with the server binary's own Cedar engine
(`gatehouse cedar authorize`)."""

from __future__ import annotations

import json
import subprocess

import pytest
from cloudinary_account_provisioning import models

from support import new_api_key, new_env, new_group, new_user, role_ids, uid, unique_name

ML_USER = "cld::role::prodenv::ml_user"
F_MANAGER = "cld::role::folder::manager"
F_VIEWER = "cld::role::folder::viewer"

VIEW_ALL = "cld::policy::global::folder_and_asset_management::view"
METADATA = "cld::policy::global::structured_metadata::manage"
USAGE = "cld::policy::global::reports::usage::view"
USERS_MANAGE = "cld::policy::global::users_and_groups::manage"
USERS_VIEW = "cld::policy::global::users_and_groups::view"
ENVS_MANAGE = "cld::policy::global::product_environments::manage"
SECURITY = "cld::policy::global::account_security::manage"


# ---- a tiny Cedar harness over `gatehouse cedar authorize` -----------------------------------------

def E(etype: str, eid: str, **attrs) -> dict:
    return {"uid": {"type": f"Cloudinary::{etype}", "id": eid}, "attrs": attrs, "parents": []}


def req(principal: tuple[str, str], action: str, resource: tuple[str, str], **context) -> dict:
    return {"principal": {"type": f"Cloudinary::{principal[0]}", "id": principal[1]},
            "action": {"type": "Cloudinary::Action", "id": action},
            "resource": {"type": f"Cloudinary::{resource[0]}", "id": resource[1]}, "context": context}


@pytest.fixture
def decide(server, tmp_path):
    """`decide(statements, entities, requests)` → list of "allow"/"deny", one per request."""
    def run(statements: list[str], entities: list[dict], requests: list[dict]) -> list[str]:
        pol = tmp_path / f"p-{uid(6)}.cedar"
        ent = tmp_path / f"e-{uid(6)}.json"
        pol.write_text("\n".join(statements) + "\n")
        ent.write_text(json.dumps(entities))
        res = subprocess.run([server.binary, "cedar", "authorize", "--policies", str(pol), "--entities", str(ent)],
                             input="".join(json.dumps(r) + "\n" for r in requests), capture_output=True, text=True,
                             timeout=60)
        assert res.returncode == 0, res.stderr
        lines = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
        assert len(lines) == len(requests), res.stdout
        return [line["decision"] for line in lines]
    return run


def effective_statements(sdk, scope_type, principal_type, principal_id, scope_id=None) -> tuple[dict, list[str]]:
    """{role id: [statement…]} for the principal, and every statement incl. the scope's custom policies."""
    kw = {"scope_type": scope_type, "principal_type": principal_type, "principal_id": principal_id}
    if scope_id:
        kw["scope_id"] = scope_id
    data = sdk.effective_policies.list(**kw).data
    assert len(data.principals) == 1 and data.principals[0].principal_id == principal_id
    roles: dict[str, list[str]] = {}
    for r in data.principals[0].roles:
        roles.setdefault(r.id, []).extend(p.policy_statement for p in r.system_policies)
    custom = [p.policy_statement for p in data.custom_policies or []]
    return roles, [s for ss in roles.values() for s in ss] + custom


# ---- (1) Creative full access to /Creative; Marketing read-only on /Creative, full on /Marketing ----

CREATIVE = "fld_creative_" + uid(6)
MARKETING = "fld_marketing_" + uid(6)


def test_scenario_creative_and_marketing_folders(new_sdk, perm, decide):
    env = new_env(new_sdk, name=unique_name("Brand"))
    creative = new_group(new_sdk, unique_name("Creative"))
    marketing = new_group(new_sdk, unique_name("Marketing"))
    alice = new_user(new_sdk, name=unique_name("Alice"))
    bob = new_user(new_sdk, name=unique_name("Bob"))
    new_sdk.user_groups.add_user(group_id=creative.id, user_id=alice.id)
    new_sdk.user_groups.add_user(group_id=marketing.id, user_id=bob.id)

    # Media Library access for both teams (SDK), folder roles on folder ids (raw: policy_parameters)
    for g in (creative, marketing):
        new_sdk.principals.update_roles(request={"operation": "add", "principal": {"type": "group", "id": g.id},
                                                 "roles": [{"id": ML_USER, "scope_id": env.id}]})
    perm.ok_assign("group", creative.id, [
        {"id": F_MANAGER, "scope_id": env.id, "policy_parameters": {"folder_id": CREATIVE}}])
    perm.ok_assign("group", marketing.id, [
        {"id": F_VIEWER, "scope_id": env.id, "policy_parameters": {"folder_id": CREATIVE}},
        {"id": F_MANAGER, "scope_id": env.id, "policy_parameters": {"folder_id": MARKETING}}])

    # read back through the SDK
    creative_content = new_sdk.principals.list_roles(request={
        "principal_type": "group", "principal_id": creative.id, "permission_type": "content"}).data
    assert [(r.id, r.scope_id) for r in creative_content] == [(F_MANAGER, env.id)]
    marketing_content = new_sdk.principals.list_roles(request={
        "principal_type": "group", "principal_id": marketing.id, "permission_type": "content"}).data
    assert sorted(role_ids(marketing_content)) == sorted([F_VIEWER, F_MANAGER])
    on_creative = new_sdk.roles.list_principals(request={"role_id": F_MANAGER, "folder_id": CREATIVE}).data
    assert [(h.type, h.id) for h in on_creative] == [("group", creative.id)]
    on_marketing = new_sdk.roles.list_principals(request={"role_id": F_MANAGER, "folder_id": MARKETING}).data
    assert [(h.type, h.id) for h in on_marketing] == [("group", marketing.id)]
    viewers = new_sdk.roles.list_principals(request={"role_id": F_VIEWER, "folder_id": CREATIVE}).data
    assert [(h.type, h.id) for h in viewers] == [("group", marketing.id)]

    # inspect a member of each group
    res = new_sdk.principals.inspect_multiple(request={"scope_type": "prodenv", "scope_id": env.id, "principals": [
        {"type": "user", "id": alice.id}, {"type": "user", "id": bob.id}]})
    # (users also hold ML user in `all` from their default legacy role, besides the group's)
    got = {p.id: set(role_ids(p.roles)) for p in res.data.principals}
    assert got[alice.id] == {ML_USER, F_MANAGER}
    assert got[bob.id] == {ML_USER, F_VIEWER, F_MANAGER}
    for user, group, expect in ((alice, creative, {(F_MANAGER, CREATIVE)}),
                                (bob, marketing, {(F_VIEWER, CREATIVE), (F_MANAGER, MARKETING)})):
        raw = perm.inspect(scope_type="prodenv", scope_id=env.id, principal_type="user", principal_id=user.id)
        roles = raw["data"]["principals"][0]["roles"]
        content = [r for r in roles if r["permission_type"] == "content"]
        assert all(r["inherited"] is True and r["inherited_from"]["id"] == group.id for r in content)
        assert any(r["id"] == ML_USER and r["inherited"] and r["scope_id"] == env.id for r in roles)
        assert {(r["id"], r["policy_parameters"]["folder_id"]) for r in roles if r["permission_type"] == "content"} == expect
    # per folder
    creative_view = new_sdk.principals.inspect(request={"scope_type": "prodenv", "scope_id": env.id,
                                                        "principal_type": "user", "principal_id": bob.id,
                                                        "folder_id": CREATIVE}).data.principals[0].roles
    assert role_ids(creative_view) == [F_VIEWER]

    # effective policies: placeholders filled with the right folder; nothing leaks across folders
    a_roles, a_all = effective_statements(new_sdk, "prodenv", "user", alice.id, env.id)
    assert all(CREATIVE in s and MARKETING not in s for s in a_roles[F_MANAGER])
    assert not any(MARKETING in s or "<folder_id>" in s for s in a_all)
    b_roles, b_all = effective_statements(new_sdk, "prodenv", "user", bob.id, env.id)
    assert all(CREATIVE in s for s in b_roles[F_VIEWER])
    assert not any("<folder_id>" in s for s in b_all)

    # what they decide
    entities = [
        E("User", alice.id), E("User", bob.id),
        E("Asset", "creative-img", ancestor_ids=[CREATIVE], resource_type="image", access_mode="public"),
        E("Asset", "marketing-img", ancestor_ids=[MARKETING], resource_type="image", access_mode="public"),
        E("Asset", "creative-sub-img", ancestor_ids=[CREATIVE, "sub1"], resource_type="image", access_mode="public"),
        E("Folder", "creative-sub", ancestor_ids=[CREATIVE], name="sub1"),
        E("Feature", "cld::global::ml::access"),
    ]
    A, B = ("User", alice.id), ("User", bob.id)
    cases = [
        (A, "read", ("Asset", "creative-img"), "allow"), (A, "update", ("Asset", "creative-img"), "allow"),
        (A, "delete", ("Asset", "creative-sub-img"), "allow"), (A, "create", ("Folder", "creative-sub"), "allow"),
        (A, "read", ("Asset", "marketing-img"), "deny"), (A, "update", ("Asset", "marketing-img"), "deny"),
        (A, "read", ("Feature", "cld::global::ml::access"), "allow"),
    ]
    assert decide(a_all, entities, [req(p, a, r) for p, a, r, _ in cases]) == [d for *_, d in cases]
    cases = [
        (B, "read", ("Asset", "creative-img"), "allow"), (B, "download", ("Asset", "creative-img"), "allow"),
        (B, "update", ("Asset", "creative-img"), "deny"), (B, "delete", ("Asset", "creative-img"), "deny"),
        (B, "create", ("Folder", "creative-sub"), "deny"),
        (B, "read", ("Asset", "marketing-img"), "allow"), (B, "update", ("Asset", "marketing-img"), "allow"),
        (B, "delete", ("Asset", "marketing-img"), "allow"),
        (B, "read", ("Feature", "cld::global::ml::access"), "allow"),
    ]
    assert decide(b_all, entities, [req(p, a, r) for p, a, r, _ in cases]) == [d for *_, d in cases]

    # Bob moves from Marketing to Creative: his effective access follows the group
    new_sdk.user_groups.remove_user(group_id=marketing.id, user_id=bob.id)
    new_sdk.user_groups.add_user(group_id=creative.id, user_id=bob.id)
    b_roles, _ = effective_statements(new_sdk, "prodenv", "user", bob.id, env.id)
    assert set(b_roles) == {ML_USER, F_MANAGER}
    assert all(CREATIVE in s for s in b_roles[F_MANAGER])


# ---- (2) developer API key: view all assets, manage tags and metadata, usage reports ---------------

def test_scenario_developer_api_key(new_sdk, perm, decide, catalog):
    env = new_env(new_sdk, name=unique_name("Dev env"))
    other = new_env(new_sdk)
    key = new_api_key(new_sdk, env.id, name="developer")
    role = new_sdk.roles.create(request={
        "name": unique_name("Developer"), "permission_type": "global", "scope_type": "prodenv",
        "description": "view all assets, manage tags and metadata, usage reports",
        "system_policy_ids": [VIEW_ALL, METADATA, USAGE]}).data
    assert [p.id for p in role.policies] == [VIEW_ALL, METADATA, USAGE]
    # tags are asset updates: a custom policy for this key only, in this environment
    tag_stmt = (f'permit(principal == Cloudinary::APIKey::"{key}", action == Cloudinary::Action::"update", '
                f"resource is Cloudinary::Asset);")
    tags = new_sdk.custom_policies.create(request={"name": unique_name("Developer key tags"), "scope_type": "prodenv",
                                                   "scope_id": env.id, "policy_statement": tag_stmt}).data

    new_sdk.principals.update_roles(request={"operation": "add", "principal": {"type": "apiKey", "id": key},
                                             "roles": [{"id": role.id, "scope_id": env.id}]})
    held = new_sdk.principals.list_roles(request={"principal_type": "apiKey", "principal_id": key,
                                                  "permission_type": "global"}).data
    assert [(r.id, r.scope_id, r.management_type) for r in held] == [(role.id, env.id, "custom")]
    holders = new_sdk.roles.list_principals(request={"role_id": role.id}).data
    assert [(h.type, h.id, h.scope_id) for h in holders] == [("apiKey", key, env.id)]
    # the key lives in its environment only; account roles do not fit it
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.principals.update_roles(request={"operation": "add", "principal": {"type": "apiKey", "id": key},
                                                 "roles": [{"id": role.id, "scope_id": other.id}]})
    assert ei.value.status_code == 400
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.principals.update_roles(request={"operation": "add", "principal": {"type": "apiKey", "id": key},
                                                 "roles": [{"id": "cld::role::account::reports"}]})
    assert ei.value.status_code == 400

    inspected = new_sdk.principals.inspect(request={"scope_type": "prodenv", "scope_id": env.id,
                                                    "principal_type": "apiKey", "principal_id": key}).data.principals
    assert [(p.type, p.id, role_ids(p.roles)) for p in inspected] == [("apiKey", key, [role.id])]
    assert new_sdk.principals.inspect(request={"scope_type": "prodenv", "scope_id": other.id, "principal_type": "apiKey",
                                               "principal_id": key}).data.principals[0].roles == []

    roles, statements = effective_statements(new_sdk, "prodenv", "apiKey", key, env.id)
    pol = {p["id"]: p["policy_statement"] for p in catalog["system_policies"]}
    assert roles == {role.id: [pol[VIEW_ALL], pol[METADATA], pol[USAGE]]}
    assert tag_stmt in statements
    assert not any("ml::access" in s for s in statements)

    K = ("APIKey", key)
    entities = [E("APIKey", key), E("Asset", "a1", ancestor_ids=["f1"], resource_type="image", access_mode="public"),
                E("Folder", "f1", ancestor_ids=[], name="f1"), E("MetadataField", "mf1"),
                E("Report", "usage", type="env_usage"), E("Report", "delivery", type="delivery"),
                E("Feature", "cld::global::reports::usage::view"), E("Feature", "cld::global::ml::access"),
                E("ProductEnvironment", env.id), E("UploadPreset", "p1")]
    cases = [
        (K, "read", ("Asset", "a1"), "allow"), (K, "read", ("Folder", "f1"), "allow"),
        (K, "update", ("Asset", "a1"), "allow"),                       # tags, via the custom policy
        (K, "create", ("MetadataField", "mf1"), "allow"), (K, "delete", ("MetadataField", "mf1"), "allow"),
        (K, "read", ("Report", "usage"), "allow"), (K, "read", ("Feature", "cld::global::reports::usage::view"), "allow"),
        (K, "delete", ("Asset", "a1"), "deny"), (K, "create", ("Asset", "a1"), "deny"),
        (K, "read", ("Report", "delivery"), "deny"), (K, "read", ("Feature", "cld::global::ml::access"), "deny"),
        (K, "update_settings", ("ProductEnvironment", env.id), "deny"), (K, "update", ("UploadPreset", "p1"), "deny"),
    ]
    assert decide(statements, entities, [req(p, a, r) for p, a, r, _ in cases]) == [d for *_, d in cases]

    # switching the custom policy off takes tag editing away
    new_sdk.custom_policies.update(policy_id=tags.id, update_custom_policy={
        "name": tags.name, "scope_type": "prodenv", "scope_id": env.id, "policy_statement": tag_stmt, "enabled": False})
    _, statements = effective_statements(new_sdk, "prodenv", "apiKey", key, env.id)
    assert tag_stmt not in statements
    assert decide(statements, entities, [req(K, "update", ("Asset", "a1"))]) == ["deny"]


# ---- (3) platform admin: users, groups, environments, security; no media access -------------------

def test_scenario_platform_admin(new_sdk, perm, decide, catalog):
    env = new_env(new_sdk)
    role = new_sdk.roles.create(request={
        "name": unique_name("Platform admin"), "permission_type": "global", "scope_type": "account",
        "system_policy_ids": [USERS_MANAGE, USERS_VIEW, ENVS_MANAGE, SECURITY]}).data
    assert role.scope_type == "account" and [p.id for p in role.policies] == [USERS_MANAGE, USERS_VIEW, ENVS_MANAGE, SECURITY]
    # media policies do not fit an account role at all
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.roles.update(role_id=role.id, role={"name": role.name, "system_policy_ids": [USERS_MANAGE, VIEW_ALL]})
    assert ei.value.status_code == 400

    user = new_user(new_sdk, name=unique_name("Platform"))
    # drop whatever the Provisioning default gave, then hand out the platform role only
    for r in new_sdk.principals.list_roles(request={"principal_type": "user", "principal_id": user.id,
                                                    "permission_type": "global"}).data:
        new_sdk.principals.update_roles(request={"operation": "remove", "principal": {"type": "user", "id": user.id},
                                                 "roles": [{"id": r.id, "scope_id": r.scope_id if isinstance(r.scope_id, str) else None}]})
    new_sdk.roles.update_principals(role_id=role.id, update_role_principals_request={
        "operation": "add", "principals": [{"principal_type": "user", "principal_id": user.id}]})
    held = new_sdk.principals.list_roles(request={"principal_type": "user", "principal_id": user.id,
                                                  "permission_type": "global"}).data
    assert [(r.id, r.scope_type) for r in held] == [(role.id, "account")]
    assert new_sdk.principals.list_roles(request={"principal_type": "user", "principal_id": user.id,
                                                  "permission_type": "content"}).data == []

    roles, statements = effective_statements(new_sdk, "account", "user", user.id)
    pol = {p["id"]: p for p in catalog["system_policies"]}
    assert list(roles) == [role.id]
    assert roles[role.id] == [pol[i]["policy_statement"] for i in (USERS_MANAGE, USERS_VIEW, ENVS_MANAGE, SECURITY)]
    assert all(pol[i]["scope_type"] == "account" for i in (USERS_MANAGE, USERS_VIEW, ENVS_MANAGE, SECURITY))
    media_words = ("Cloudinary::Asset", "Cloudinary::Folder", "Cloudinary::Collection", "ml::access")
    # (account-scoped custom policies of other tests may mention assets, but only for their own principals)
    assert not any(w in s for s in roles[role.id] for w in media_words)
    # nothing at all in the product environment
    pe_roles, _ = effective_statements(new_sdk, "prodenv", "user", user.id, env.id)
    assert pe_roles == {}
    assert new_sdk.principals.inspect(request={"scope_type": "prodenv", "scope_id": env.id, "principal_type": "user",
                                               "principal_id": user.id}).data.principals[0].roles == []

    U = ("User", user.id)
    entities = [E("User", user.id), E("User", "someone"), E("Group", "g1"), E("ProductEnvironment", env.id),
                E("Account", "acc"), E("Asset", "a1", ancestor_ids=["f1"], resource_type="image", access_mode="public"),
                E("Folder", "f1", ancestor_ids=[], name="f1"), E("Feature", "cld::global::ml::access"),
                E("Feature", "cld::global::billing::manage"), E("Role", "r1")]
    cases = [
        (U, "create", ("User", "someone"), "allow"), (U, "delete", ("User", "someone"), "allow"),
        (U, "update", ("Group", "g1"), "allow"), (U, "create", ("ProductEnvironment", env.id), "allow"),
        (U, "update", ("Account", "acc"), "allow"),
        (U, "read", ("Asset", "a1"), "deny"), (U, "read", ("Folder", "f1"), "deny"),
        (U, "read", ("Feature", "cld::global::ml::access"), "deny"),
        (U, "read", ("Feature", "cld::global::billing::manage"), "deny"), (U, "update", ("Role", "r1"), "deny"),
    ]
    all_statements = statements + [s for ss in pe_roles.values() for s in ss]
    assert decide(all_statements, entities, [req(p, a, r) for p, a, r, _ in cases]) == [d for *_, d in cases]
