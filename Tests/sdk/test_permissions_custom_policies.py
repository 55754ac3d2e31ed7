"""Permissions API — custom policies: CRUD through `CldProvisioning.custom_policies`, list filters
(scope_type, scope_id, enabled, cursor), Cedar validation errors with their location, one statement per
scope (409), the `enabled` toggle, `scope_id: all`, and an environment's deletion taking its policies."""

from __future__ import annotations

import json
import re

import pytest
from cloudinary_account_provisioning import models

from support import assert_perm_error, new_env, perm_exc_error, uid, unique_name


def stmt(tag: str | None = None, resource: str = "Asset") -> str:
    return (f'permit(principal == Cloudinary::User::"{tag or uid()}", action == Cloudinary::Action::"read", '
            f"resource is Cloudinary::{resource});")


def create(sdk, **kw):
    req = {"name": kw.pop("name", unique_name("Policy")), "policy_statement": kw.pop("policy_statement", None) or stmt(),
           "scope_type": kw.pop("scope_type", "account")}
    req.update(kw)
    res = sdk.custom_policies.create(request=req)
    assert isinstance(res, models.CustomPolicyResponse)
    return res.data


def list_all(sdk, **kw):
    out, cursor = [], None
    for _ in range(100):
        res = sdk.custom_policies.list(**kw, cursor=cursor)
        out += res.data
        cursor = res.next_cursor
        if not cursor:
            return out
    raise AssertionError("cursor never ended")


@pytest.fixture(scope="module")
def env(new_sdk):
    return new_env(new_sdk)


@pytest.fixture(scope="module")
def env2(new_sdk):
    return new_env(new_sdk)


# ---- create / get ---------------------------------------------------------------------------------

def test_create_account_policy_and_get(new_sdk):
    s = stmt(resource="User")
    p = create(new_sdk, name="Read users", description="who may read users", policy_statement=s)
    assert p.name == "Read users" and p.description == "who may read users"
    assert p.policy_statement == s and p.scope_type == "account" and not isinstance(p.scope_id, str)
    assert p.enabled is True
    assert isinstance(p.created_at, int) and p.created_at == p.updated_at and p.id
    got = new_sdk.custom_policies.get(policy_id=p.id).data
    assert (got.id, got.name, got.description, got.policy_statement, got.enabled, got.created_at) == \
        (p.id, p.name, p.description, s, True, p.created_at)


def test_create_prodenv_policy_in_environment_and_all(new_sdk, env):
    s = stmt()
    a = create(new_sdk, scope_type="prodenv", scope_id=env.id, policy_statement=s)
    assert a.scope_type == "prodenv" and a.scope_id == env.id
    b = create(new_sdk, scope_type="prodenv", scope_id="all", policy_statement=s)  # same text, other scope: fine
    assert b.scope_id == "all" and b.id != a.id
    assert new_sdk.custom_policies.get(policy_id=b.id).data.scope_id == "all"


def test_create_disabled(new_sdk):
    p = create(new_sdk, enabled=False)
    assert p.enabled is False
    assert new_sdk.custom_policies.get(policy_id=p.id).data.enabled is False


def test_prodenv_policy_needs_scope_id(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, scope_type="prodenv")
    perm_exc_error(ei.value, 400, code="ACCOUNTS_00005", field="scope_id")


def test_prodenv_policy_unknown_environment_is_404(new_sdk, perm):
    # 404 is not a typed status of custom_policies.create; check the wire reply
    r = perm.post("policies/custom", json={"name": unique_name(), "policy_statement": stmt(), "scope_type": "prodenv",
                                           "scope_id": "no-env-" + uid(), "enabled": True})
    assert_perm_error(r, (400, 404), field=None)


def test_get_unknown_is_404(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.custom_policies.get(policy_id="no_such_policy_" + uid())
    perm_exc_error(ei.value, 404, code="ACCOUNTS_00003")


def test_missing_and_bad_fields(perm):
    base = {"name": unique_name(), "policy_statement": stmt(), "scope_type": "account", "enabled": True}
    for field in ("name", "policy_statement", "scope_type"):
        body = {k: v for k, v in base.items() if k != field}
        assert_perm_error(perm.post("policies/custom", json=body), 400, code="ACCOUNTS_00005", field=field)
    assert_perm_error(perm.post("policies/custom", json={**base, "scope_type": "solar"}), 400, field="scope_type")
    assert_perm_error(perm.post("policies/custom", json={**base, "enabled": "maybe"}), 400, field="enabled")
    assert_perm_error(perm.post("policies/custom", json={**base, "policy_statement": "   "}), 400,
                      field="policy_statement")
    assert_perm_error(perm.post("policies/custom", json={**base, "name": ""}), 400, field="name")


# ---- validation errors ----------------------------------------------------------------------------

def test_invalid_cedar_is_400_with_cedar_errors_and_location(new_sdk, perm):
    bad = 'permit(principal, action == Cloudinary::Action::"read", resource'
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, policy_statement=bad)
    err = perm_exc_error(ei.value, 400, code="ACCOUNTS_00002")
    assert err["category"] == "user_error"
    fields = err["details"]["fields"]
    assert {"policy_statement": bad} in fields, fields
    cedar = next(f["cedar_errors"] for f in fields if isinstance(f, dict) and "cedar_errors" in f)
    assert cedar and all(set(e) >= {"cedar_message", "cedar_code"} for e in cedar)
    assert re.match(r"1:\d+", cedar[0]["cedar_message"]), cedar  # line:column
    assert bad not in [p.policy_statement for p in list_all(new_sdk)]


def test_statement_on_second_line_located(new_sdk):
    bad = stmt() + "\npermit(principal, action, resource) when { ) };"
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, policy_statement=bad)
    err = perm_exc_error(ei.value, 400, code="ACCOUNTS_00002")
    cedar = next(f["cedar_errors"] for f in err["details"]["fields"] if isinstance(f, dict) and "cedar_errors" in f)
    assert cedar[0]["cedar_message"].startswith("2:"), cedar


@pytest.mark.parametrize("bad,word", [
    ('permit(principal, action == Cloudinary::Action::"teleport", resource);', "teleport"),
    ("permit(principal, action, resource is Cloudinary::Starship);", "Starship"),
    ('forbid(principal is Cloudinary::Droid, action, resource);', "Droid"),
    ('permit(principal, action == Cloudinary::Action::"read", resource is Cloudinary::Asset) when { resource.warp_speed > 9 };',
     "warp_speed"),
])
def test_schema_violations_are_400(new_sdk, bad, word):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, policy_statement=bad)
    err = perm_exc_error(ei.value, 400, code="ACCOUNTS_00002")
    assert word in json.dumps(err), err


def test_update_with_invalid_cedar_keeps_old(new_sdk):
    p = create(new_sdk)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.custom_policies.update(policy_id=p.id, update_custom_policy={
            "name": p.name, "policy_statement": "permit(", "scope_type": "account"})
    perm_exc_error(ei.value, 400, code="ACCOUNTS_00002")
    assert new_sdk.custom_policies.get(policy_id=p.id).data.policy_statement == p.policy_statement


# ---- uniqueness -----------------------------------------------------------------------------------

def test_duplicate_statement_in_scope_is_409(new_sdk, env, env2):
    s = stmt()
    create(new_sdk, scope_type="prodenv", scope_id=env.id, policy_statement=s)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, scope_type="prodenv", scope_id=env.id, policy_statement=s, name=unique_name("Other"))
    err = perm_exc_error(ei.value, 409, code="ACCOUNTS_00006")
    assert "exists" in err["message"].lower()
    # surrounding white space does not make it different
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        create(new_sdk, scope_type="prodenv", scope_id=env.id, policy_statement="\n  " + s + "  \n")
    perm_exc_error(ei.value, 409)
    # other environment, `all`, and account scope are other scopes
    assert create(new_sdk, scope_type="prodenv", scope_id=env2.id, policy_statement=s).scope_id == env2.id
    assert create(new_sdk, scope_type="account", policy_statement=s).scope_type == "account"
    assert len([p for p in list_all(new_sdk, scope_type="prodenv", scope_id=env.id) if p.policy_statement == s]) == 1


def test_update_onto_other_policys_statement_is_409(new_sdk):
    a = create(new_sdk)
    b = create(new_sdk)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.custom_policies.update(policy_id=b.id, update_custom_policy={
            "name": b.name, "policy_statement": a.policy_statement, "scope_type": "account"})
    perm_exc_error(ei.value, 409)
    assert new_sdk.custom_policies.get(policy_id=b.id).data.policy_statement == b.policy_statement


def test_update_identical_is_409(new_sdk):
    p = create(new_sdk, description="same")
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.custom_policies.update(policy_id=p.id, update_custom_policy={
            "name": p.name, "description": "same", "policy_statement": p.policy_statement, "scope_type": "account",
            "enabled": True})
    perm_exc_error(ei.value, 409)


# ---- update / enabled toggle ----------------------------------------------------------------------

def test_update_replaces_everything(new_sdk, env):
    p = create(new_sdk, description="d1")
    s2 = stmt()
    up = new_sdk.custom_policies.update(policy_id=p.id, update_custom_policy={
        "name": "Renamed " + uid(), "policy_statement": s2, "scope_type": "prodenv", "scope_id": env.id,
        "enabled": False}).data
    assert up.id == p.id and up.name.startswith("Renamed") and up.policy_statement == s2
    assert up.scope_type == "prodenv" and up.scope_id == env.id and up.enabled is False
    assert not isinstance(up.description, str)  # left out of a full replacement: gone
    assert up.created_at == p.created_at and up.updated_at >= p.updated_at
    got = new_sdk.custom_policies.get(policy_id=p.id).data
    assert (got.name, got.policy_statement, got.scope_id, got.enabled) == (up.name, s2, env.id, False)


def test_enabled_toggle(new_sdk):
    p = create(new_sdk)
    body = {"name": p.name, "policy_statement": p.policy_statement, "scope_type": "account"}
    assert new_sdk.custom_policies.update(policy_id=p.id, update_custom_policy={**body, "enabled": False}).data.enabled is False
    assert p.id in [x.id for x in list_all(new_sdk, enabled=False)]
    assert p.id not in [x.id for x in list_all(new_sdk, enabled=True)]
    assert new_sdk.custom_policies.update(policy_id=p.id, update_custom_policy={**body, "enabled": True}).data.enabled is True
    assert p.id in [x.id for x in list_all(new_sdk, enabled=True)]
    assert p.id not in [x.id for x in list_all(new_sdk, enabled=False)]


def test_update_unknown_is_404(new_sdk):
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.custom_policies.update(policy_id="ghost_" + uid(), update_custom_policy={
            "name": "x", "policy_statement": stmt(), "scope_type": "account"})
    perm_exc_error(ei.value, 404)


# ---- list filters and paging ----------------------------------------------------------------------

def test_list_filters(new_sdk, env, env2):
    acc = create(new_sdk)
    e1 = create(new_sdk, scope_type="prodenv", scope_id=env.id)
    e1_off = create(new_sdk, scope_type="prodenv", scope_id=env.id, enabled=False)
    e2 = create(new_sdk, scope_type="prodenv", scope_id=env2.id)
    every = create(new_sdk, scope_type="prodenv", scope_id="all")
    default = {p.id for p in list_all(new_sdk)}
    assert acc.id in default and not {e1.id, e2.id, every.id} & default  # default scope: account
    assert all(p.scope_type == "account" for p in list_all(new_sdk, scope_type="account"))
    pe = {p.id for p in list_all(new_sdk, scope_type="prodenv")}
    assert {e1.id, e1_off.id, e2.id, every.id} <= pe and acc.id not in pe
    in_env = list_all(new_sdk, scope_type="prodenv", scope_id=env.id)
    assert {p.id for p in in_env} >= {e1.id, e1_off.id} and e2.id not in {p.id for p in in_env}
    assert all(p.scope_id in (env.id,) for p in in_env)
    on = list_all(new_sdk, scope_type="prodenv", scope_id=env.id, enabled=True)
    off = list_all(new_sdk, scope_type="prodenv", scope_id=env.id, enabled=False)
    assert all(p.enabled is True for p in on) and all(p.enabled is False for p in off)
    assert e1.id in {p.id for p in on} and e1_off.id not in {p.id for p in on}
    assert e1_off.id in {p.id for p in off} and e1.id not in {p.id for p in off}
    alls = {p.id for p in list_all(new_sdk, scope_type="prodenv", scope_id="all")}
    assert every.id in alls and e1.id not in alls


def test_list_cursor_paging(new_sdk):
    e = new_env(new_sdk)
    made = {create(new_sdk, scope_type="prodenv", scope_id=e.id).id for _ in range(105)}
    first = new_sdk.custom_policies.list(scope_type="prodenv", scope_id=e.id)
    assert 0 < len(first.data) < 105 and isinstance(first.next_cursor, str) and first.next_cursor
    assert len(first.data) == 100  # the server's page size
    ids, cursor, pages = [p.id for p in first.data], first.next_cursor, 1
    while cursor:
        page = new_sdk.custom_policies.list(scope_type="prodenv", scope_id=e.id, cursor=cursor)
        assert page.data, "a cursor led to an empty page"
        ids += [p.id for p in page.data]
        cursor, pages = page.next_cursor, pages + 1
        assert pages < 10
    assert len(ids) == len(set(ids)) and set(ids) == made
    # filters still apply on later pages
    assert all(p.scope_id == e.id for p in page.data)


def test_list_bad_cursor_and_enum(perm):
    assert_perm_error(perm.get("policies/custom", params={"cursor": "not-a-cursor!"}), 400, field="cursor")
    assert_perm_error(perm.get("policies/custom", params={"scope_type": "void"}), 400, field="scope_type")
    assert_perm_error(perm.get("policies/custom", params={"enabled": "perhaps"}), 400, field="enabled")


# ---- delete ---------------------------------------------------------------------------------------

def test_delete(new_sdk, perm):
    p = create(new_sdk)
    assert new_sdk.custom_policies.delete(policy_id=p.id) is None
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.custom_policies.get(policy_id=p.id)
    perm_exc_error(ei.value, 404)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.custom_policies.delete(policy_id=p.id)
    perm_exc_error(ei.value, 404)
    assert p.id not in [x.id for x in list_all(new_sdk)]
    # its statement is free again in that scope
    assert create(new_sdk, policy_statement=p.policy_statement).policy_statement == p.policy_statement
    q = create(new_sdk)
    r = perm.delete(f"policies/custom/{q.id}")
    assert r.status_code == 204 and r.content == b""


def test_deleting_an_environment_deletes_its_policies_only(new_sdk):
    doomed = new_env(new_sdk)
    s = stmt()
    own = create(new_sdk, scope_type="prodenv", scope_id=doomed.id, policy_statement=s)
    everywhere = create(new_sdk, scope_type="prodenv", scope_id="all", policy_statement=s)
    new_sdk.product_environments.delete(sub_account_id=doomed.id)
    with pytest.raises(models.PermissionsErrorResponse) as ei:
        new_sdk.custom_policies.get(policy_id=own.id)
    perm_exc_error(ei.value, 404)
    assert new_sdk.custom_policies.get(policy_id=everywhere.id).data.scope_id == "all"
    assert own.id not in [x.id for x in list_all(new_sdk, scope_type="prodenv")]
