"""Users: every Provisioning user operation through both SDKs, the list filters, and the user rules
(pending on create, case-insensitive unique email, delete = inactive forever, Master Admin access)."""

import datetime
import re

import cloudinary.exceptions as cex
import pytest
from cloudinary_account_provisioning import models

from support import (ADMIN_EMAIL, error_message, new_env, new_user, uid, unique_email, unique_name)

LEGACY_ROLES = ["master_admin", "admin", "billing", "technical_admin", "reports",
                "media_library_admin", "media_library_user"]


def ids_of(users):
    return [u.id if hasattr(u, "id") else u["id"] for u in users]


# ---- create / get ------------------------------------------------------------------------------

def test_create_user_new_sdk_is_pending_and_readable(new_sdk, main_env):
    name, email = unique_name("Ann"), unique_email("ann")
    u = new_sdk.users.create(request={"name": name, "email": email, "role": "technical_admin",
                                      "sub_account_ids": [main_env.id], "enabled": True})
    assert re.fullmatch(r"[A-Za-z0-9_-]+", u.id)
    assert u.name == name and u.email == email
    assert u.role == "technical_admin"
    assert u.pending is True and u.status == "pending"
    assert u.enabled is True
    assert u.all_sub_accounts is False
    assert u.root is False
    assert u.created_at is not None and u.updated_at is not None
    assert u.last_login is None

    got = new_sdk.users.get(user_id=u.id)
    assert (got.id, got.name, got.email, got.role, got.status, got.pending) == \
        (u.id, name, email, "technical_admin", "pending", True)
    envs = new_sdk.users.list_sub_accounts(user_id=u.id).sub_accounts
    assert [e.id for e in envs] == [main_env.id]
    assert envs[0].name == "Main" and envs[0].cloud_name == main_env.cloud_name and envs[0].enabled is True


def test_create_user_legacy_is_pending_and_readable(legacy, main_env):
    name, email = unique_name("Leg"), unique_email("leg")
    u = legacy.create_user(name, email, "technical_admin", sub_account_ids=[main_env.id])
    assert u["name"] == name and u["email"] == email
    assert u["role"] == "technical_admin"
    assert u["pending"] is True and u["status"] == "pending"
    assert u["sub_account_ids"] == [main_env.id]
    assert u["all_sub_accounts"] is False

    got = legacy.user(u["id"])
    assert got["id"] == u["id"] and got["email"] == email and got["status"] == "pending"
    assert got["sub_account_ids"] == [main_env.id]


def test_create_user_without_role_gets_a_legacy_role(new_sdk, legacy):
    u = new_sdk.users.create(request={"name": unique_name("NoRole"), "email": unique_email()})
    assert u.role in LEGACY_ROLES
    assert u.pending is True
    lu = legacy.create_user(unique_name("NoRole"), unique_email(), None)
    assert lu["role"] == u.role
    # No sub_account_ids given: the user reaches every environment.
    assert u.all_sub_accounts is True and lu["all_sub_accounts"] is True


@pytest.mark.parametrize("role", LEGACY_ROLES)
def test_legacy_role_accepted_and_returned(legacy, new_sdk, role):
    u = legacy.create_user(unique_name(role), unique_email(role), role)
    assert u["role"] == role
    assert legacy.user(u["id"])["role"] == role
    assert new_sdk.users.get(user_id=u["id"]).role == role


def test_legacy_role_enum_constant(legacy):
    u = legacy.create_user(unique_name("Enum"), unique_email(), legacy.Role.ADMIN)
    assert u["role"] == "admin"


# ---- Master Admin ------------------------------------------------------------------------------

def test_master_admin_always_has_all_environments(new_sdk, legacy, main_env):
    extra = new_env(new_sdk)
    u = new_sdk.users.create(request={"name": unique_name("MA"), "email": unique_email("ma"),
                                      "role": "master_admin", "sub_account_ids": [main_env.id]})
    assert u.role == "master_admin"
    assert u.all_sub_accounts is True
    reach = {e.id for e in new_sdk.users.list_sub_accounts(user_id=u.id).sub_accounts}
    assert {main_env.id, extra.id} <= reach

    lu = legacy.create_user(unique_name("MA"), unique_email("ma"), "master_admin", sub_account_ids=[extra.id])
    assert lu["all_sub_accounts"] is True
    assert legacy.user(lu["id"])["all_sub_accounts"] is True

    # An update that passes a list keeps a Master Admin on all environments.
    up = new_sdk.users.update(user_id=u.id, user_request={"sub_account_ids": [extra.id]})
    assert up.all_sub_accounts is True
    lup = legacy.update_user(lu["id"], sub_account_ids=[main_env.id])
    assert lup["all_sub_accounts"] is True


def test_promotion_to_master_admin_grants_all_and_demotion_restricts(new_sdk, main_env):
    u = new_user(new_sdk, role="admin", sub_account_ids=[main_env.id])
    assert u.all_sub_accounts is False
    up = new_sdk.users.update(user_id=u.id, user_request={"role": "master_admin"})
    assert up.role == "master_admin" and up.all_sub_accounts is True
    down = new_sdk.users.update(user_id=u.id, user_request={"role": "admin", "sub_account_ids": [main_env.id]})
    assert down.role == "admin" and down.all_sub_accounts is False
    assert [e.id for e in new_sdk.users.list_sub_accounts(user_id=u.id).sub_accounts] == [main_env.id]


def test_bootstrap_root_master_admin(new_sdk, legacy, admin_user):
    assert admin_user.email == ADMIN_EMAIL
    assert admin_user.role == "master_admin"
    assert admin_user.root is True
    assert admin_user.status == "active" and admin_user.pending is False
    assert admin_user.all_sub_accounts is True
    # The account owner cannot be deleted or demoted.
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.delete(user_id=admin_user.id)
    assert e.value.status_code in (400, 403)
    with pytest.raises((cex.NotAllowed, cex.BadRequest)):
        legacy.update_user(admin_user.id, role="admin")
    assert new_sdk.users.get(user_id=admin_user.id).status == "active"
    assert new_sdk.users.get(user_id=admin_user.id).role == "master_admin"


# ---- update ------------------------------------------------------------------------------------

def test_update_user_new_sdk(new_sdk, main_env):
    u = new_user(new_sdk, role="reports")
    name2, email2 = unique_name("Renamed"), unique_email("renamed")
    up = new_sdk.users.update(user_id=u.id, user_request={"name": name2, "email": email2, "role": "billing",
                                                          "sub_account_ids": [main_env.id]})
    assert (up.id, up.name, up.email, up.role) == (u.id, name2, email2, "billing")
    assert up.all_sub_accounts is False
    assert up.status == "pending"
    # Partial update: absent fields stay as they were.
    up2 = new_sdk.users.update(user_id=u.id, user_request={"role": "admin"})
    assert (up2.name, up2.email, up2.role) == (name2, email2, "admin")
    got = new_sdk.users.get(user_id=u.id)
    assert (got.name, got.email, got.role) == (name2, email2, "admin")
    assert [e.id for e in new_sdk.users.list_sub_accounts(user_id=u.id).sub_accounts] == [main_env.id]


def test_update_user_legacy(legacy, main_env):
    u = legacy.create_user(unique_name("L"), unique_email(), "reports")
    name2 = unique_name("LRenamed")
    up = legacy.update_user(u["id"], name=name2, role="admin", sub_account_ids=[main_env.id])
    assert up["id"] == u["id"] and up["name"] == name2 and up["role"] == "admin"
    assert up["sub_account_ids"] == [main_env.id] and up["all_sub_accounts"] is False
    # `sub_account_ids: []` is sent literally: no environment at all.
    up2 = legacy.update_user(u["id"], sub_account_ids=[])
    assert up2["sub_account_ids"] == [] and up2["all_sub_accounts"] is False
    assert up2["name"] == name2 and up2["email"] == u["email"]
    got = legacy.user(u["id"])
    assert got["name"] == name2 and got["role"] == "admin" and got["sub_account_ids"] == []


def test_update_user_enabled_flag(new_sdk):
    u = new_user(new_sdk)
    assert new_sdk.users.update(user_id=u.id, user_request={"enabled": False}).enabled is False
    assert new_sdk.users.get(user_id=u.id).enabled is False
    assert new_sdk.users.update(user_id=u.id, user_request={"enabled": True}).enabled is True


def test_update_unknown_user_404(new_sdk, legacy):
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.update(user_id="nosuchuser" + uid(), user_request={"name": "x"})
    assert e.value.status_code == 404
    with pytest.raises(cex.NotFound):
        legacy.update_user("nosuchuser" + uid(), name="x")


def test_get_unknown_user_404(new_sdk, legacy):
    bogus = "nosuchuser" + uid()
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.get(user_id=bogus)
    assert e.value.status_code == 404
    assert bogus in error_message(e.value)
    with pytest.raises(cex.NotFound) as le:
        legacy.user(bogus)
    assert bogus in str(le.value)


def test_update_unknown_sub_account_rejected_and_user_unchanged(new_sdk, legacy, main_env):
    u = new_user(new_sdk, role="admin", sub_account_ids=[main_env.id])
    bogus = "nosuchenv" + uid()
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.update(user_id=u.id, user_request={"name": "Changed", "sub_account_ids": [bogus]})
    assert e.value.status_code in (400, 404)
    assert bogus in error_message(e.value)
    with pytest.raises((cex.BadRequest, cex.NotFound)):
        legacy.update_user(u.id, name="Changed", sub_account_ids=[bogus])
    got = legacy.user(u.id)
    assert got["name"] == u.name and got["sub_account_ids"] == [main_env.id]


# ---- email uniqueness --------------------------------------------------------------------------

def test_email_unique_case_insensitive(new_sdk, legacy):
    email = unique_email("dup")
    first = new_user(new_sdk, email=email)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.create(request={"name": unique_name("Dup"), "email": email.upper()})
    assert e.value.status_code == 409
    with pytest.raises(cex.AlreadyExists):
        legacy.create_user(unique_name("Dup"), email.swapcase(), "admin")
    with pytest.raises(cex.AlreadyExists):
        legacy.create_user(unique_name("Dup"), email, "admin")
    # Nothing was written: exactly one user holds that address.
    same = new_sdk.users.list(request={"emails": [email]}).users
    assert ids_of(same) == [first.id]


def test_update_email_to_taken_address_conflicts(new_sdk, legacy):
    a = new_user(new_sdk)
    b = new_user(new_sdk)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.update(user_id=b.id, user_request={"email": a.email.upper()})
    assert e.value.status_code == 409
    with pytest.raises(cex.AlreadyExists):
        legacy.update_user(b.id, email=a.email)
    assert new_sdk.users.get(user_id=b.id).email == b.email
    # Changing only the case of one's own address is not a conflict.
    same = new_sdk.users.update(user_id=a.id, user_request={"email": a.email.upper()})
    assert same.email.lower() == a.email.lower()


# ---- delete ------------------------------------------------------------------------------------

def test_delete_user_new_sdk_makes_inactive_forever(new_sdk, legacy):
    email = unique_email("del")
    u = new_user(new_sdk, email=email, role="admin")
    res = new_sdk.users.delete(user_id=u.id)
    assert res.message == "ok"
    got = new_sdk.users.get(user_id=u.id)
    assert got.id == u.id and got.status == "inactive"
    assert got.pending is False
    # Still listed (readable) with its status.
    listed = new_sdk.users.list(request={"ids": [u.id]}).users
    assert [(x.id, x.status) for x in listed] == [(u.id, "inactive")]
    # Can never change again.
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.update(user_id=u.id, user_request={"name": "Back"})
    assert 400 <= e.value.status_code < 500
    with pytest.raises((cex.NotAllowed, cex.BadRequest)):
        legacy.update_user(u.id, name="Back")
    with pytest.raises(models.ErrorResponse):
        new_sdk.users.update(user_id=u.id, user_request={"enabled": True})
    assert new_sdk.users.get(user_id=u.id).status == "inactive"
    assert new_sdk.users.get(user_id=u.id).name == u.name


def test_delete_user_legacy(legacy):
    u = legacy.create_user(unique_name("LDel"), unique_email("ldel"), "admin")
    res = legacy.delete_user(u["id"])
    assert res["message"] == "ok"
    got = legacy.user(u["id"])
    assert got["status"] == "inactive" and got["pending"] is False
    with pytest.raises((cex.NotAllowed, cex.BadRequest)):
        legacy.update_user(u["id"], role="billing")
    assert legacy.user(u["id"])["role"] == "admin"


def test_deleted_user_email_reusable_by_new_user(new_sdk, legacy):
    email = unique_email("reuse")
    old = new_user(new_sdk, email=email)
    new_sdk.users.delete(user_id=old.id)
    fresh = new_sdk.users.create(request={"name": unique_name("Fresh"), "email": email.upper()})
    assert fresh.id != old.id
    assert fresh.status == "pending" and fresh.pending is True
    assert new_sdk.users.get(user_id=old.id).status == "inactive"
    # Once more through the legacy SDK.
    legacy.delete_user(fresh.id)
    third = legacy.create_user(unique_name("Third"), email, "admin")
    assert third["id"] not in (old.id, fresh.id)
    by_email = new_sdk.users.list(request={"emails": [email]}).users
    assert sorted((x.id, x.status) for x in by_email) == sorted(
        [(old.id, "inactive"), (fresh.id, "inactive"), (third["id"], "pending")])


def test_deleted_user_leaves_its_groups_and_cannot_join(new_sdk):
    g = new_sdk.user_groups.create(request={"name": unique_name("G")})
    u = new_user(new_sdk)
    new_sdk.user_groups.add_user(group_id=g.id, user_id=u.id)
    new_sdk.users.delete(user_id=u.id)
    assert new_sdk.user_groups.list_users(group_id=g.id).users == []
    assert new_sdk.users.get_groups(user_id=u.id).groups == []
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.user_groups.add_user(group_id=g.id, user_id=u.id)
    assert 400 <= e.value.status_code < 500
    assert new_sdk.user_groups.list_users(group_id=g.id).users == []


def test_delete_unknown_user_404(new_sdk, legacy):
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.delete(user_id="nosuchuser" + uid())
    assert e.value.status_code == 404
    with pytest.raises(cex.NotFound):
        legacy.delete_user("nosuchuser" + uid())


# ---- groups / sub_accounts of a user -----------------------------------------------------------

def test_groups_of_user_both_sdks(new_sdk, legacy):
    u = new_user(new_sdk)
    assert new_sdk.users.get_groups(user_id=u.id).groups == []
    assert legacy.user_in_user_groups(u.id)["groups"] == []
    token = uid(6)
    g1 = new_sdk.user_groups.create(request={"name": f"B-{token}"})
    g2 = new_sdk.user_groups.create(request={"name": f"A-{token}"})
    g3 = new_sdk.user_groups.create(request={"name": f"C-{token}"})
    new_sdk.user_groups.add_user(group_id=g1.id, user_id=u.id)
    legacy.add_user_to_group(g2.id, u.id)
    groups = new_sdk.users.get_groups(user_id=u.id).groups
    assert {(g.id, g.name) for g in groups} == {(g1.id, g1.name), (g2.id, g2.name)}
    lgroups = legacy.user_in_user_groups(u.id)["groups"]
    assert {(g["id"], g["name"]) for g in lgroups} == {(g1.id, g1.name), (g2.id, g2.name)}
    assert g3.id not in {g.id for g in groups}
    assert new_sdk.users.get(user_id=u.id).group_count == 2


def test_groups_of_unknown_user_404(new_sdk, legacy):
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.get_groups(user_id="nosuch" + uid())
    assert e.value.status_code == 404
    with pytest.raises(cex.NotFound):
        legacy.user_in_user_groups("nosuch" + uid())
    with pytest.raises(models.ErrorResponse) as e2:
        new_sdk.users.list_sub_accounts(user_id="nosuch" + uid())
    assert e2.value.status_code == 404


def test_sub_accounts_of_user(new_sdk, main_env):
    e1 = new_env(new_sdk)
    e2 = new_env(new_sdk)
    restricted = new_user(new_sdk, role="admin", sub_account_ids=[e1.id, e2.id])
    got = new_sdk.users.list_sub_accounts(user_id=restricted.id).sub_accounts
    assert {e.id for e in got} == {e1.id, e2.id}
    assert {e.name for e in got} == {e1.name, e2.name}
    assert {e.cloud_name for e in got} == {e1.cloud_name, e2.cloud_name}
    # No list given: every environment of the account.
    everyone = new_user(new_sdk, role="admin")
    all_ids = {e.id for e in new_sdk.product_environments.list().sub_accounts}
    assert {e.id for e in new_sdk.users.list_sub_accounts(user_id=everyone.id).sub_accounts} == all_ids
    # Empty list: none.
    none = new_user(new_sdk, role="admin", sub_account_ids=[])
    assert new_sdk.users.list_sub_accounts(user_id=none.id).sub_accounts == []


# ---- list filters ------------------------------------------------------------------------------

def test_list_users_default_contains_new_user(new_sdk, legacy, admin_user):
    u = new_user(new_sdk)
    all_new = ids_of(new_sdk.users.list().users)
    all_legacy = ids_of(legacy.users()["users"])
    assert u.id in all_new and admin_user.id in all_new
    assert set(all_new) == set(all_legacy)
    # Default order: newest first.
    assert all_new.index(u.id) < all_new.index(admin_user.id)


def test_list_users_by_ids_all_spellings(new_sdk, legacy, raw):
    a, b, c = new_user(new_sdk), new_user(new_sdk), new_user(new_sdk)
    assert set(ids_of(new_sdk.users.list(request={"ids": [a.id, b.id]}).users)) == {a.id, b.id}
    # legacy: one comma-joined value
    assert set(ids_of(legacy.users(user_ids=[a.id, c.id])["users"])) == {a.id, c.id}
    for query in (f"ids={a.id}&ids={b.id}", f"ids[]={a.id}&ids[]={b.id}", f"ids%5B%5D={a.id}&ids%5B%5D={b.id}",
                  f"ids={a.id},{b.id}", f"ids={a.id}%2C{b.id}"):
        r = raw.get("users?" + query)
        assert r.status_code == 200, (query, r.text)
        assert set(ids_of(r.json()["users"])) == {a.id, b.id}, query
    # An unknown id simply matches nothing.
    assert ids_of(new_sdk.users.list(request={"ids": ["nosuch" + uid()]}).users) == []


def test_list_users_by_emails_case_insensitive(new_sdk, raw):
    a, b = new_user(new_sdk), new_user(new_sdk)
    got = new_sdk.users.list(request={"emails": [a.email.upper(), b.email]}).users
    assert set(ids_of(got)) == {a.id, b.id}
    r = raw.get("users", params=[("emails[]", a.email), ("emails[]", b.email.title())])
    assert set(ids_of(r.json()["users"])) == {a.id, b.id}


def test_list_users_ids_override_other_filters(new_sdk):
    a = new_user(new_sdk, name=unique_name("Zeta"))
    got = new_sdk.users.list(request={"ids": [a.id], "prefix": "doesnotmatch" + uid()}).users
    assert ids_of(got) == [a.id]


def test_list_users_prefix_case_insensitive_and_plus_as_space(new_sdk, legacy, raw):
    token = "px" + uid(8)
    alpha = new_user(new_sdk, name=f"{token} Alpha")
    beta = new_user(new_sdk, name=f"{token.upper()} Beta")
    other = new_user(new_sdk, name=f"x{token} Alpha")
    assert set(ids_of(new_sdk.users.list(request={"prefix": token}).users)) == {alpha.id, beta.id}
    assert set(ids_of(legacy.users(prefix=token.upper())["users"])) == {alpha.id, beta.id}
    # Both SDKs send the space as '+'.
    assert ids_of(new_sdk.users.list(request={"prefix": f"{token} al"}).users) == [alpha.id]
    assert ids_of(legacy.users(prefix=f"{token} BE")["users"]) == [beta.id]
    assert ids_of(raw.get(f"users?prefix={token}+alp").json()["users"]) == [alpha.id]
    assert ids_of(raw.get(f"users?prefix={token}%20alp").json()["users"]) == [alpha.id]
    assert other.id not in ids_of(new_sdk.users.list(request={"prefix": token}).users)


def test_list_users_by_sub_account(new_sdk, legacy):
    env = new_env(new_sdk)
    token = "sa" + uid(8)
    inside = new_user(new_sdk, name=f"{token} in", role="admin", sub_account_ids=[env.id])
    outside = new_user(new_sdk, name=f"{token} out", role="admin", sub_account_ids=[])
    everywhere = new_user(new_sdk, name=f"{token} all", role="admin")
    master = new_user(new_sdk, name=f"{token} ma", role="master_admin")
    got = new_sdk.users.list(request={"sub_account_id": env.id, "prefix": token}).users
    assert set(ids_of(got)) == {inside.id, everywhere.id, master.id}
    lgot = legacy.users(sub_account_id=env.id, prefix=token)["users"]
    assert set(ids_of(lgot)) == {inside.id, everywhere.id, master.id}
    assert outside.id not in ids_of(got)


def test_list_users_unknown_sub_account_404(new_sdk, legacy):
    bogus = "nosuchenv" + uid()
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.list(request={"sub_account_id": bogus})
    assert e.value.status_code == 404
    assert error_message(e.value) == f"Cannot find sub account with id {bogus}"
    with pytest.raises(cex.NotFound) as le:
        legacy.users(status="pending", sub_account_id=bogus)
    assert bogus in str(le.value)


def test_list_users_pending_and_status(new_sdk, legacy, server):
    token = "st" + uid(8)
    pending = new_user(new_sdk, name=f"{token} pending")
    active = new_user(new_sdk, name=f"{token} active")
    gone = new_user(new_sdk, name=f"{token} gone")
    server.activate(active.email)
    new_sdk.users.delete(user_id=gone.id)
    assert new_sdk.users.get(user_id=active.id).status == "active"
    assert new_sdk.users.get(user_id=active.id).pending is False

    # new SDK: pending=true -> only pending; pending=false -> no status filter.
    assert ids_of(new_sdk.users.list(request={"prefix": token, "pending": True}).users) == [pending.id]
    assert set(ids_of(new_sdk.users.list(request={"prefix": token, "pending": False}).users)) == \
        {pending.id, active.id, gone.id}
    # legacy: status=...
    assert ids_of(legacy.users(prefix=token, status="pending")["users"]) == [pending.id]
    assert ids_of(legacy.users(prefix=token, status="active")["users"]) == [active.id]
    assert ids_of(legacy.users(prefix=token, status="inactive")["users"]) == [gone.id]
    # legacy: a fresh user looked up by id with status=pending
    assert ids_of(legacy.users(user_ids=[pending.id], status="pending")["users"]) == [pending.id]


def test_list_users_last_login_range(new_sdk, legacy):
    token = "ll" + uid(8)
    a = new_user(new_sdk, name=f"{token} a")
    b = new_user(new_sdk, name=f"{token} b")
    today = datetime.date.today()
    # Nobody has logged in: in-range (include) is empty, out-of-range (exclude) is everybody.
    inc = new_sdk.users.list(request={"prefix": token, "last_login": True, "from_": today, "to": today,
                                      "union_type": "include"}).users
    assert inc == []
    exc = new_sdk.users.list(request={"prefix": token, "last_login": True, "from_": today - datetime.timedelta(days=30),
                                      "to": today, "union_type": "exclude"}).users
    assert set(ids_of(exc)) == {a.id, b.id}
    assert set(ids_of(new_sdk.users.list(request={"prefix": token, "last_login": False}).users)) == {a.id, b.id}
    # legacy: dates and datetimes (sent as "2024-12-31 10:00:00")
    assert legacy.users(prefix=token, last_login=True, from_date=today, to_date=today)["users"] == []
    assert legacy.users(prefix=token, last_login=True, from_date=today,
                        to_date=datetime.datetime.combine(today, datetime.time(10, 0)))["users"] == []
    assert set(ids_of(legacy.users(prefix=token, last_login=False)["users"])) == {a.id, b.id}
    assert set(ids_of(legacy.users(user_ids=[a.id], last_login="false")["users"])) == {a.id}


def test_list_users_sort_and_paging(new_sdk, legacy):
    token = "so" + uid(8)
    names = [f"{token} {c}" for c in ("delta", "alpha", "charlie", "bravo", "echo")]
    roles = ["reports", "admin", "billing", "technical_admin", "media_library_user"]
    created = [new_user(new_sdk, name=n, role=r) for n, r in zip(names, roles)]
    by_name = sorted(created, key=lambda u: u.name)

    def listed(**q):
        return new_sdk.users.list(request={"prefix": token, **q}).users

    assert ids_of(listed(sort_by="name", sort_order="asc")) == ids_of(by_name)
    assert ids_of(listed(sort_by="name", sort_order="desc")) == ids_of(by_name[::-1])
    assert ids_of(listed(sort_by="created_at", sort_order="asc")) == ids_of(created)
    assert ids_of(listed(sort_by="created_at", sort_order="desc")) == ids_of(created[::-1])
    assert ids_of(listed()) == ids_of(created[::-1])  # default: created_at desc
    assert [u.role for u in listed(sort_by="role", sort_order="asc")] == sorted(roles)
    assert [u.role for u in listed(sort_by="role", sort_order="desc")] == sorted(roles, reverse=True)
    assert len(listed(sort_by="status")) == 5 and len(listed(sort_by="activity")) == 5
    # Paging
    p1 = listed(sort_by="name", sort_order="asc", page=1, page_size=2)
    p2 = listed(sort_by="name", sort_order="asc", page=2, page_size=2)
    p3 = listed(sort_by="name", sort_order="asc", page=3, page_size=2)
    p4 = listed(sort_by="name", sort_order="asc", page=4, page_size=2)
    assert ids_of(p1) == ids_of(by_name[0:2])
    assert ids_of(p2) == ids_of(by_name[2:4])
    assert ids_of(p3) == ids_of(by_name[4:5])
    assert p4 == []


@pytest.mark.parametrize("query", [
    "sort_by=shoe_size", "sort_order=sideways", "union_type=maybe", "pending=perhaps", "last_login=yes",
    "page=0", "page=-1", "page_size=0", "page=abc", "from=2024-02-30", "from=2024-13-01", "to=yesterday",
    "to=2024-00-10", "status=sleeping"])
def test_list_users_invalid_query_values_rejected(raw, query):
    r = raw.get("users?" + query)
    assert r.status_code == 400, (query, r.status_code, r.text[:200])
    field = query.split("=")[0]
    assert field in r.json()["error"]["message"], (query, r.text)


# ---- seats -------------------------------------------------------------------------------------

def live_user_count(new_sdk):
    return sum(1 for u in new_sdk.users.list().users if u.status != "inactive")


def seats_metric(new_sdk):
    return {m.metric: m for m in new_sdk.billing_usage.get()[0].metric_usage}["seats"]


def test_seat_limit_blocks_creation_and_writes_nothing(new_sdk, legacy, server):
    from support import SESSION_ADDITIONAL_USERS, SESSION_USER_LIMIT
    used = live_user_count(new_sdk)
    # limit = used + 1: exactly one free seat
    plan, additional = (used - 1, 2) if used >= 2 else (1, 1)
    server.set_seats(plan, additional)
    try:
        assert seats_metric(new_sdk).limit == used + 1
        last = new_user(new_sdk)  # takes the last seat
        assert seats_metric(new_sdk).cycles[0].usage == used + 1

        all_before = sorted((u.id, u.status) for u in new_sdk.users.list().users)
        email = unique_email("overflow")
        with pytest.raises(models.ErrorResponse) as e:
            new_sdk.users.create(request={"name": unique_name("Overflow"), "email": email})
        assert 400 <= e.value.status_code < 500
        msg = error_message(e.value)
        assert "limit" in msg.lower() and str(used + 1) in msg, msg
        with pytest.raises((cex.NotAllowed, cex.BadRequest, cex.AlreadyExists)) as le:
            legacy.create_user(unique_name("Overflow"), email, "admin")
        assert "limit" in str(le.value).lower()
        # nothing written
        assert sorted((u.id, u.status) for u in new_sdk.users.list().users) == all_before
        assert new_sdk.users.list(request={"emails": [email]}).users == []
        assert seats_metric(new_sdk).cycles[0].usage == used + 1

        # existing users can still be changed at full capacity
        assert new_sdk.users.update(user_id=last.id, user_request={"role": "billing"}).role == "billing"

        # deleting a user frees its seat
        new_sdk.users.delete(user_id=last.id)
        fresh = new_sdk.users.create(request={"name": unique_name("Fits"), "email": email})
        assert fresh.status == "pending"
        with pytest.raises(cex.NotAllowed):
            legacy.create_user(unique_name("Overflow2"), unique_email("overflow2"), "admin")

        # lowering the limit below current use keeps existing users, blocks new ones
        if used >= 3:
            server.set_seats(used - 2, 0)
            assert new_sdk.users.get(user_id=fresh.id).status == "pending"
            with pytest.raises(models.ErrorResponse):
                new_user(new_sdk)
            assert live_user_count(new_sdk) == used + 1
    finally:
        server.set_seats(SESSION_USER_LIMIT, SESSION_ADDITIONAL_USERS)
    assert new_user(new_sdk).pending is True


def test_additional_user_subscriptions_capped_at_20(server, new_sdk):
    before = seats_metric(new_sdk).limit
    res = server.cli("account", "--additional-users", "21", check=False)
    assert res.returncode != 0
    assert "additional" in (res.stdout + res.stderr).lower()
    res = server.cli("account", "--user-limit", "0", check=False)
    assert res.returncode != 0
    assert seats_metric(new_sdk).limit == before


# ---- more rules and compatibility details ------------------------------------------------------

def test_email_whitespace_trimmed_for_uniqueness(new_sdk, legacy):
    email = unique_email("trim")
    u = new_sdk.users.create(request={"name": unique_name("Trim"), "email": f"  {email} "})
    assert u.email == email
    with pytest.raises(cex.AlreadyExists):
        legacy.create_user(unique_name("Trim"), f" {email.upper()}", "admin")
    assert ids_of(new_sdk.users.list(request={"emails": [f" {email} "]}).users) == [u.id]


def test_update_email_to_deleted_users_address_allowed(new_sdk):
    old = new_user(new_sdk)
    new_sdk.users.delete(user_id=old.id)
    other = new_user(new_sdk)
    up = new_sdk.users.update(user_id=other.id, user_request={"email": old.email})
    assert up.email == old.email and up.id == other.id
    assert new_sdk.users.get(user_id=old.id).status == "inactive"


def test_deleted_user_cannot_be_reactivated_by_activation(new_sdk, server):
    u = new_user(new_sdk)
    new_sdk.users.delete(user_id=u.id)
    res = server.cli("user", "activate", u.email, check=False)
    assert res.returncode != 0
    assert new_sdk.users.get(user_id=u.id).status == "inactive"


def test_activation_makes_user_active_not_pending(new_sdk, legacy, server):
    u = new_user(new_sdk)
    server.activate(u.email.upper())
    got = new_sdk.users.get(user_id=u.id)
    assert (got.status, got.pending) == ("active", False)
    assert legacy.user(u.id)["status"] == "active"
    # an update does not send an active user back to pending
    assert new_sdk.users.update(user_id=u.id, user_request={"name": unique_name("Act")}).status == "active"


def test_create_disabled_user_new_sdk(new_sdk):
    u = new_sdk.users.create(request={"name": unique_name("Off"), "email": unique_email(), "enabled": False})
    assert u.enabled is False and u.status == "pending"
    assert new_sdk.users.get(user_id=u.id).enabled is False


def test_legacy_sub_account_ids_as_single_string(legacy, main_env):
    # pycloudinary's own tests pass one id as a plain string (positional argument).
    u = legacy.create_user(unique_name("Str"), unique_email(), "admin", main_env.id)
    assert u["sub_account_ids"] == [main_env.id] and u["all_sub_accounts"] is False


def test_prefix_has_no_wildcards(new_sdk):
    token = "wc" + uid(8)
    pct = new_user(new_sdk, name=f"{token} 100% done")
    new_user(new_sdk, name=f"{token} 1000 done")
    under = new_user(new_sdk, name=f"{token} a_b")
    new_user(new_sdk, name=f"{token} axb")
    assert ids_of(new_sdk.users.list(request={"prefix": f"{token} 100%"}).users) == [pct.id]
    assert ids_of(new_sdk.users.list(request={"prefix": f"{token} a_"}).users) == [under.id]


def test_concurrent_creates_with_same_email_yield_one_user(base_url, new_sdk):
    import concurrent.futures

    from support import Raw
    email = unique_email("race")
    raw = Raw(base_url)

    def create(i):
        variant = email.upper() if i % 2 else email
        return raw.post("users", json={"name": f"Racer {i}", "email": variant}).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as ex:
        codes = list(ex.map(create, range(16)))
    raw.client.close()
    assert codes.count(200) == 1, codes
    assert all(c == 409 for c in codes if c != 200), codes
    assert len(new_sdk.users.list(request={"emails": [email]}).users) == 1


def test_concurrent_creates_respect_seat_limit(base_url, new_sdk, server):
    import concurrent.futures

    from support import SESSION_ADDITIONAL_USERS, SESSION_USER_LIMIT, Raw
    used = live_user_count(new_sdk)
    server.set_seats(used, 3)  # three free seats
    token = "race" + uid(8)
    raw = Raw(base_url)
    try:
        def create(i):
            return raw.post("users", json={"name": f"{token} {i}", "email": unique_email("seat")}).status_code

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as ex:
            codes = list(ex.map(create, range(12)))
        assert codes.count(200) == 3, codes
        assert all(400 <= c < 500 for c in codes if c != 200), codes
        assert len(new_sdk.users.list(request={"prefix": token}).users) == 3
        assert live_user_count(new_sdk) == used + 3
    finally:
        raw.client.close()
        server.set_seats(SESSION_USER_LIMIT, SESSION_ADDITIONAL_USERS)


def test_timestamps_iso8601_and_updated_at_moves(new_sdk, raw):
    import time
    u = new_user(new_sdk)
    r = raw.get(f"users/{u.id}").json()
    iso = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
    assert iso.fullmatch(r["created_at"]) and iso.fullmatch(r["updated_at"]), r
    assert r["last_login"] is None
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((u.created_at - now).total_seconds()) < 120
    time.sleep(1.1)
    up = new_sdk.users.update(user_id=u.id, user_request={"name": unique_name("Later")})
    assert up.created_at == u.created_at
    assert up.updated_at > u.updated_at


def test_duplicate_sub_account_ids_collapse(legacy, new_sdk, main_env):
    u = legacy.create_user(unique_name("Dups"), unique_email(), "admin", sub_account_ids=[main_env.id, main_env.id])
    assert u["sub_account_ids"] == [main_env.id]
    assert [e.id for e in new_sdk.users.list_sub_accounts(user_id=u["id"]).sub_accounts] == [main_env.id]
