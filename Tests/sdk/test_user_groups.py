"""User groups: create, get, update, delete, list (with and without extended_details), and membership
(list, add, remove) through both SDKs."""

import cloudinary.exceptions as cex
import pytest
from cloudinary_account_provisioning import models

from support import error_message, new_user, uid, unique_name


def test_create_get_update_delete_group_new_sdk(new_sdk):
    name = unique_name("Designers")
    g = new_sdk.user_groups.create(request={"name": name})
    assert g.id and g.name == name
    got = new_sdk.user_groups.get(group_id=g.id)
    assert (got.id, got.name) == (g.id, name)
    assert got.users is None  # only with extended_details
    name2 = unique_name("Designers2")
    up = new_sdk.user_groups.update(group_id=g.id, user_group_request={"name": name2})
    assert (up.id, up.name) == (g.id, name2)
    assert new_sdk.user_groups.get(group_id=g.id).name == name2
    listed = {x.id: x.name for x in new_sdk.user_groups.list().user_groups}
    assert listed[g.id] == name2
    res = new_sdk.user_groups.delete(group_id=g.id)
    assert res.message == "ok"
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.user_groups.get(group_id=g.id)
    assert e.value.status_code == 404
    assert g.id not in {x.id for x in new_sdk.user_groups.list().user_groups}


def test_create_get_update_delete_group_legacy(legacy):
    name = unique_name("LGroup")
    g = legacy.create_user_group(name)
    assert g["id"] and g["name"] == name
    got = legacy.user_group(g["id"])
    assert got["id"] == g["id"] and got["name"] == name
    name2 = unique_name("LGroup2")
    up = legacy.update_user_group(g["id"], name2)
    assert up["id"] == g["id"] and up["name"] == name2
    assert {x["id"]: x["name"] for x in legacy.user_groups()["user_groups"]}[g["id"]] == name2
    res = legacy.delete_user_group(g["id"])
    assert res["ok"]
    assert res["message"] == "ok"
    with pytest.raises(cex.NotFound):
        legacy.user_group(g["id"])
    assert g["id"] not in {x["id"] for x in legacy.user_groups()["user_groups"]}


def test_group_create_accepts_extended_details_in_body(new_sdk):
    g = new_sdk.user_groups.create(request={"name": unique_name("Ext"), "extended_details": True})
    assert new_sdk.user_groups.get(group_id=g.id).name == g.name


def test_list_groups_extended_details(new_sdk, legacy):
    g = new_sdk.user_groups.create(request={"name": unique_name("Xd")})
    empty = new_sdk.user_groups.create(request={"name": unique_name("Xd-empty")})
    u1, u2 = new_user(new_sdk), new_user(new_sdk)
    new_sdk.user_groups.add_user(group_id=g.id, user_id=u1.id)
    new_sdk.user_groups.add_user(group_id=g.id, user_id=u2.id)

    plain = {x.id: x for x in new_sdk.user_groups.list().user_groups}
    assert plain[g.id].users is None and plain[g.id].name == g.name
    ext = {x.id: x for x in new_sdk.user_groups.list(extended_details=True).user_groups}
    assert [(m.id, m.name, m.email) for m in ext[g.id].users] == [(u1.id, u1.name, u1.email), (u2.id, u2.name, u2.email)]
    assert ext[empty.id].users == []
    assert ext[g.id].created_at is not None and ext[g.id].updated_at is not None
    one = new_sdk.user_groups.get(group_id=g.id, extended_details=True)
    assert {m.id for m in one.users} == {u1.id, u2.id}
    # extended_details=false is the plain form
    assert {x.id: x for x in new_sdk.user_groups.list(extended_details=False).user_groups}[g.id].users is None
    # legacy lists the same groups
    assert {x["id"] for x in legacy.user_groups()["user_groups"]} == set(plain)


def test_membership_new_sdk(new_sdk):
    g = new_sdk.user_groups.create(request={"name": unique_name("Members")})
    assert new_sdk.user_groups.list_users(group_id=g.id).users == []
    a, b = new_user(new_sdk), new_user(new_sdk)
    added = new_sdk.user_groups.add_user(group_id=g.id, user_id=a.id)
    assert (added.id, added.name, added.email) == (a.id, a.name, a.email)
    new_sdk.user_groups.add_user(group_id=g.id, user_id=b.id)
    members = new_sdk.user_groups.list_users(group_id=g.id).users
    assert [(m.id, m.name, m.email) for m in members] == [(a.id, a.name, a.email), (b.id, b.name, b.email)]
    # Adding again is harmless: still two members.
    new_sdk.user_groups.add_user(group_id=g.id, user_id=a.id)
    assert [m.id for m in new_sdk.user_groups.list_users(group_id=g.id).users] == [a.id, b.id]
    remaining = new_sdk.user_groups.remove_user(group_id=g.id, user_id=a.id)
    assert [m.id for m in remaining.users] == [b.id]
    assert [m.id for m in new_sdk.user_groups.list_users(group_id=g.id).users] == [b.id]
    assert new_sdk.users.get_groups(user_id=a.id).groups == []
    assert [x.id for x in new_sdk.users.get_groups(user_id=b.id).groups] == [g.id]


def test_membership_legacy(legacy, new_sdk):
    g = legacy.create_user_group(unique_name("LMembers"))
    a = legacy.create_user(unique_name("LA"), f"la-{uid()}@example.com", "admin")
    b = legacy.create_user(unique_name("LB"), f"lb-{uid()}@example.com", "admin")
    res = legacy.add_user_to_group(g["id"], a["id"])
    assert len(res["users"]) == 1 and res["users"][0]["id"] == a["id"]
    res = legacy.add_user_to_group(g["id"], b["id"])
    assert [m["id"] for m in res["users"]] == [a["id"], b["id"]]
    listed = legacy.user_group_users(g["id"])["users"]
    assert [(m["id"], m["name"], m["email"]) for m in listed] == [
        (a["id"], a["name"], a["email"]), (b["id"], b["name"], b["email"])]
    res = legacy.remove_user_from_group(g["id"], b["id"])
    assert [m["id"] for m in res["users"]] == [a["id"]]
    assert [m.id for m in new_sdk.user_groups.list_users(group_id=g["id"]).users] == [a["id"]]


def test_member_list_reflects_user_rename(new_sdk):
    g = new_sdk.user_groups.create(request={"name": unique_name("Rn")})
    u = new_user(new_sdk)
    new_sdk.user_groups.add_user(group_id=g.id, user_id=u.id)
    new_name = unique_name("Renamed")
    new_sdk.users.update(user_id=u.id, user_request={"name": new_name})
    assert [m.name for m in new_sdk.user_groups.list_users(group_id=g.id).users] == [new_name]


def test_delete_group_removes_memberships_not_users(new_sdk, legacy):
    g = new_sdk.user_groups.create(request={"name": unique_name("Gone")})
    u = new_user(new_sdk)
    new_sdk.user_groups.add_user(group_id=g.id, user_id=u.id)
    assert new_sdk.user_groups.delete(group_id=g.id).message == "ok"
    assert new_sdk.users.get_groups(user_id=u.id).groups == []
    assert new_sdk.users.get(user_id=u.id).status == "pending"
    with pytest.raises(cex.NotFound):
        legacy.user_group_users(g.id)


def test_duplicate_group_name_conflicts(new_sdk, legacy):
    name = unique_name("Unique")
    g = new_sdk.user_groups.create(request={"name": name})
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.user_groups.create(request={"name": name})
    assert e.value.status_code == 409
    with pytest.raises(cex.AlreadyExists):
        legacy.create_user_group(name.upper())
    other = new_sdk.user_groups.create(request={"name": unique_name("Other")})
    with pytest.raises(models.ErrorResponse) as e2:
        new_sdk.user_groups.update(group_id=other.id, user_group_request={"name": name})
    assert e2.value.status_code == 409
    assert [x.id for x in new_sdk.user_groups.list().user_groups if x.name.lower() == name.lower()] == [g.id]
    # Renaming a group to its own name is fine.
    assert new_sdk.user_groups.update(group_id=g.id, user_group_request={"name": name}).name == name


def test_unknown_group_and_user_404(new_sdk, legacy):
    g = new_sdk.user_groups.create(request={"name": unique_name("NF")})
    u = new_user(new_sdk)
    bogus_g, bogus_u = "nosuchgroup" + uid(), "nosuchuser" + uid()
    calls = [
        lambda: new_sdk.user_groups.get(group_id=bogus_g),
        lambda: new_sdk.user_groups.update(group_id=bogus_g, user_group_request={"name": "x"}),
        lambda: new_sdk.user_groups.delete(group_id=bogus_g),
        lambda: new_sdk.user_groups.list_users(group_id=bogus_g),
        lambda: new_sdk.user_groups.add_user(group_id=bogus_g, user_id=u.id),
        lambda: new_sdk.user_groups.add_user(group_id=g.id, user_id=bogus_u),
        lambda: new_sdk.user_groups.remove_user(group_id=g.id, user_id=bogus_u),
        lambda: new_sdk.user_groups.remove_user(group_id=bogus_g, user_id=u.id),
        # a real user that is not a member
        lambda: new_sdk.user_groups.remove_user(group_id=g.id, user_id=u.id),
    ]
    for call in calls:
        with pytest.raises(models.ErrorResponse) as e:
            call()
        assert e.value.status_code == 404, error_message(e.value)
    for call in (lambda: legacy.user_group(bogus_g), lambda: legacy.delete_user_group(bogus_g),
                 lambda: legacy.update_user_group(bogus_g, "x"), lambda: legacy.add_user_to_group(g.id, bogus_u),
                 lambda: legacy.remove_user_from_group(g.id, u.id), lambda: legacy.user_group_users(bogus_g)):
        with pytest.raises(cex.NotFound):
            call()
    assert new_sdk.user_groups.list_users(group_id=g.id).users == []


def test_group_name_validation(new_sdk, legacy):
    before = {x.id for x in new_sdk.user_groups.list().user_groups}
    for bad in ("", "   ", "x" * 256):
        with pytest.raises(models.ErrorResponse) as e:
            new_sdk.user_groups.create(request={"name": bad})
        assert e.value.status_code == 400
        assert "name" in error_message(e.value)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.user_groups.create(request={})
    assert e.value.status_code == 400 and "name" in error_message(e.value)
    with pytest.raises(cex.BadRequest):
        legacy.create_user_group("y" * 300)
    assert {x.id for x in new_sdk.user_groups.list().user_groups} == before
    # 255 characters is still fine.
    ok = new_sdk.user_groups.create(request={"name": "z" * 250 + uid(5)})
    assert len(ok.name) == 255
