"""`/scim/v2/Groups` against the real server: SCIM groups are the Provisioning API's user groups (same ids, the
name is `displayName`, the members are the users), read back through the Provisioning API after each create,
PUT, PATCH (members added, removed by value and by filter, replaced) and DELETE; a user's read-only `groups`
follows; bad members and duplicate names are refused in SCIM's shape."""

from __future__ import annotations

import pytest

from scim_support import GROUP_SCHEMA, ok, scim_error, uid


def member_ids(group: dict) -> set[str]:
    return {m["value"] for m in group.get("members") or []}


def test_create_is_a_provisioning_user_group_with_its_members(scim, stored):
    a, b = scim.create_user(), scim.create_user()
    name = f"Engineering {uid(8)}"
    r = scim.post("Groups", {"schemas": [GROUP_SCHEMA], "displayName": name, "externalId": "ext-g1",
                             "members": [{"value": a["id"]}, {"value": b["id"]}]})
    group = ok(r, 201)
    assert group["displayName"] == name and group["externalId"] == "ext-g1"
    assert member_ids(group) == {a["id"], b["id"]}
    assert group["meta"]["resourceType"] == "Group"
    assert group["meta"]["location"].endswith(f"/Groups/{group['id']}")
    assert r.headers["location"] == group["meta"]["location"]
    assert r.headers["etag"] == group["meta"]["version"]

    record = stored.group(group["id"])
    assert record is not None and record["name"] == name, record
    assert stored.members(group["id"]) == {a["id"], b["id"]}
    # The members see the group in their read-only `groups`.
    for user in (a, b):
        groups = scim.user(user["id"]).get("groups") or []
        assert group["id"] in {g["value"] for g in groups}, groups
        assert group["id"] in stored.user_groups(user["id"])


def test_a_group_made_by_the_provisioning_api_is_a_scim_group(scim, sdk):
    user = scim.create_user()
    g = sdk.user_groups.create(request={"name": f"From API {uid(8)}"})
    sdk.user_groups.add_user(group_id=g.id, user_id=user["id"])
    got = scim.group(g.id)
    assert got["displayName"] == g.name and member_ids(got) == {user["id"]}
    found = scim.list("Groups", filter=f'displayName eq "{g.name}"')["Resources"]
    assert [x["id"] for x in found] == [g.id]


def test_a_group_deleted_by_the_provisioning_api_is_gone_for_scim(scim, sdk):
    group = scim.create_group(externalId=f"ext-{uid(8)}")
    found = scim.list("Groups", filter=f'externalId eq "{group["externalId"]}"')["Resources"]
    assert [g["id"] for g in found] == [group["id"]]
    sdk.user_groups.delete(group_id=group["id"])
    scim_error(scim.get(f"Groups/{group['id']}"), 404)
    assert scim.list("Groups", filter=f'externalId eq "{group["externalId"]}"')["Resources"] == []


def test_display_name_is_unique(scim, stored):
    name = f"Dup {uid(8)}"
    scim.create_group(name)
    scim_error(scim.post("Groups", {"schemas": [GROUP_SCHEMA], "displayName": name}), 409, "uniqueness")
    assert len(stored.groups_named(name)) == 1


def test_patch_members_add_remove_by_value_by_filter_and_replace(scim, stored):
    a, b, c, d = (scim.create_user() for _ in range(4))
    group = scim.create_group(members=[a["id"]])
    gid = group["id"]
    ok(scim.patch(f"Groups/{gid}", [{"op": "add", "path": "members", "value": [{"value": b["id"]}, {"value": c["id"]}]}]))
    assert stored.members(gid) == {a["id"], b["id"], c["id"]}
    # Adding a member twice keeps one.
    ok(scim.patch(f"Groups/{gid}", [{"op": "add", "path": "members", "value": [{"value": a["id"]}]}]))
    assert stored.members(gid) == {a["id"], b["id"], c["id"]}
    assert len(scim.group(gid)["members"]) == 3

    ok(scim.patch(f"Groups/{gid}", [{"op": "remove", "path": f'members[value eq "{b["id"]}"]'}]))
    assert stored.members(gid) == {a["id"], c["id"]}
    ok(scim.patch(f"Groups/{gid}", [{"op": "remove", "path": "members", "value": [{"value": c["id"]}]}]))
    assert stored.members(gid) == {a["id"]}
    ok(scim.patch(f"Groups/{gid}", [{"op": "replace", "path": "members", "value": [{"value": d["id"]}, {"value": b["id"]}]}]))
    assert stored.members(gid) == {b["id"], d["id"]}
    ok(scim.patch(f"Groups/{gid}", [{"op": "remove", "path": "members"}]))
    assert stored.members(gid) == set()
    assert member_ids(scim.group(gid)) == set()


def test_patch_and_put_rename_the_provisioning_group(scim, stored):
    group = scim.create_group()
    renamed = f"Renamed {uid(8)}"
    ok(scim.patch(f"Groups/{group['id']}", [{"op": "replace", "path": "displayName", "value": renamed}]))
    assert stored.group(group["id"])["name"] == renamed
    user = scim.create_user()
    put_name = f"Put {uid(8)}"
    replaced = ok(scim.put(f"Groups/{group['id']}", {"schemas": [GROUP_SCHEMA], "displayName": put_name,
                                                    "members": [{"value": user["id"]}]}))
    assert replaced["id"] == group["id"] and replaced["displayName"] == put_name
    assert stored.group(group["id"])["name"] == put_name
    assert stored.members(group["id"]) == {user["id"]}


def test_delete_removes_the_provisioning_group_and_the_users_stay(scim, stored):
    user = scim.create_user()
    group = scim.create_group(members=[user["id"]])
    ok(scim.delete(f"Groups/{group['id']}"), 204)
    assert stored.group(group["id"]) is None
    scim_error(scim.get(f"Groups/{group['id']}"), 404)
    assert stored.user(user["id"])["status"] == "pending"
    assert group["id"] not in {g["value"] for g in scim.user(user["id"]).get("groups") or []}


def test_a_deleted_user_leaves_its_groups(scim, stored):
    user, other = scim.create_user(), scim.create_user()
    group = scim.create_group(members=[user["id"], other["id"]])
    ok(scim.delete(f"Users/{user['id']}"), 204)
    assert member_ids(scim.group(group["id"])) == {other["id"]}
    assert stored.members(group["id"]) == {other["id"]}


@pytest.mark.parametrize("members", [
    [{"value": "nosuchuser"}],
    [{"value": 42}],
    [{"display": "no value"}],
    "not-a-list",
])
def test_bad_members_are_400_or_404_and_write_nothing(scim, stored, members):
    name = f"Bad members {uid(8)}"
    r = scim.post("Groups", {"schemas": [GROUP_SCHEMA], "displayName": name, "members": members})
    scim_error(r, (400, 404))
    assert stored.groups_named(name) == []
    group = scim.create_group()
    r = scim.patch(f"Groups/{group['id']}", [{"op": "add", "path": "members", "value": members}])
    scim_error(r, (400, 404))
    assert stored.members(group["id"]) == set()


def test_group_without_display_name_is_400(scim):
    scim_error(scim.post("Groups", {"schemas": [GROUP_SCHEMA], "members": []}), 400)
    scim_error(scim.post("Groups", {"schemas": [GROUP_SCHEMA], "displayName": ""}), 400)


def test_a_user_cannot_join_groups_through_its_own_resource(scim):
    user = scim.create_user()
    group = scim.create_group()
    r = scim.patch(f"Users/{user['id']}", [{"op": "add", "path": "groups", "value": [{"value": group["id"]}]}])
    scim_error(r, 400)
    assert member_ids(scim.group(group["id"])) == set()


def test_joining_a_group_that_holds_roles_needs_a_token_that_holds_them(server, sdk, stored):
    """Group membership gives the group's roles, so the guard weighs it like a role assignment: a token with
    only User Provisioning cannot put a user into a group holding Master Admin in every environment."""
    from scim_support import Scim, create_token
    PE_MASTER = "cld::role::prodenv::master_admin"
    group = sdk.user_groups.create(request={"name": f"Powerful {uid(8)}"})
    stored.perm.ok_assign("group", group.id, [{"id": PE_MASTER, "scope_id": "all"}])
    user = sdk.users.create(request={"name": "Plain Person", "email": f"plain-{uid(10)}@example.com"})
    weak = Scim(server.base_url, create_token(server).secret)
    try:
        r = weak.patch(f"Groups/{group.id}", [{"op": "add", "path": "members", "value": [{"value": user.id}]}])
        scim_error(r, 403)
        assert stored.members(group.id) == set()
        r = weak.put(f"Groups/{group.id}", {"schemas": [GROUP_SCHEMA], "displayName": group.name,
                                            "members": [{"value": user.id}]})
        scim_error(r, 403)
        assert stored.members(group.id) == set()
        r = weak.post("Groups", {"schemas": [GROUP_SCHEMA], "displayName": f"Harmless {uid(8)}", "members": [{"value": user.id}]})
        ok(r, 201)  # a group holding no roles gives nothing
    finally:
        weak.close()
