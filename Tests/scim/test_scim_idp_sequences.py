"""The request sequences Okta and Microsoft Entra ID really send, in their order and with their bodies (as their
SCIM documentation and validators show them: Okta's "SCIM 2.0" reference, Entra's "Develop and plan
provisioning for a SCIM endpoint" request/response examples), each step's result asserted through the
Provisioning API: the user's email, name, enabled flag and status, the group's name and members.

Quirks on purpose: Okta's lookup with startIndex/count, its `groups: []` on create, its PUT that repeats `id`
and `meta`, its path-less `replace` of `active`, its group rename that repeats the group's `id`, member removal
by a `members[value eq …]` filter. Entra's capitalised ops (`Replace`, `Add`, `Remove`), `"True"`/`"False"`
strings, `roles: []` and `meta` on create, the `emails[type eq "work"].value` path, the enterprise `manager`
sent as a plain string and cleared with "", `excludedAttributes=members` on group reads, `$ref: null` members
removed by value."""

from __future__ import annotations

import urllib.parse

from scim_support import ENTERPRISE_SCHEMA, GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA, ok, scim_error, uid


def q(filter_text: str, **more) -> str:
    """A query string the way Okta writes it: spaces as %20, quotes and @ encoded."""
    return urllib.parse.urlencode({"filter": filter_text, **more}, quote_via=urllib.parse.quote)


def entra_q(filter_text: str, **more) -> str:
    """A query string the way Entra ID writes it: spaces as `+` (form encoding), e.g.
    `filter=userName+eq+%22Test_User%40testuser.com%22`."""
    return urllib.parse.urlencode({"filter": filter_text, **more}, quote_via=urllib.parse.quote_plus)


# ---- Okta -----------------------------------------------------------------------------------------

def test_okta_user_lifecycle(scim, stored):
    tag = uid(8)
    login = f"test.user.{tag}@okta.local"

    # 1. Does the user exist? Okta asks by userName, with its paging parameters.
    r = scim.get("Users?" + q(f'userName eq "{login}"', startIndex=1, count=100))
    empty = ok(r)
    assert empty["totalResults"] == 0 and empty.get("Resources", []) == []

    # 2. Create (groups: [] is read-only and ignored).
    created = ok(scim.post("Users", {
        "schemas": [USER_SCHEMA],
        "userName": login,
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": True, "value": login, "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "externalId": f"00u{tag}h7",
        "groups": [],
        "active": True,
    }), 201)
    assert created["locale"] == "en-US"
    uid_ = created["id"]
    record = stored.user(uid_)
    assert (record["email"], record["name"], record["enabled"], record["status"]) == (login, "Test User", True, "pending")

    # 3. Okta reads it back by id, and finds it by userName now.
    assert ok(scim.get(f"Users/{uid_}"))["userName"] == login
    listed = ok(scim.get("Users?" + q(f'userName eq "{login}"', startIndex=1, count=100)))
    assert listed["totalResults"] == 1 and listed["Resources"][0]["id"] == uid_

    # 4. Profile update: Okta PUTs the whole user back, with id and meta.
    current = ok(scim.get(f"Users/{uid_}"))
    put = {
        "schemas": [USER_SCHEMA],
        "id": uid_,
        "userName": login,
        "name": {"givenName": "Another", "familyName": "User"},
        "emails": [{"primary": True, "value": login, "type": "work"}],
        "displayName": "Another User",
        "locale": "en-US",
        "externalId": f"00u{tag}h7",
        "groups": [],
        "active": True,
        "meta": current["meta"],
    }
    replaced = ok(scim.put(f"Users/{uid_}", put))
    assert replaced["name"] == {"givenName": "Another", "familyName": "User"} and replaced["displayName"] == "Another User"
    assert stored.user(uid_)["name"] == "Another User"

    # 5. Deactivate: a path-less replace of active.
    off = ok(scim.patch(f"Users/{uid_}", {"schemas": [PATCH_SCHEMA],
                                          "Operations": [{"op": "replace", "value": {"active": False}}]}))
    assert off["active"] is False
    assert stored.user(uid_)["enabled"] is False

    # 6. Reactivate the same way.
    on = ok(scim.patch(f"Users/{uid_}", {"schemas": [PATCH_SCHEMA],
                                         "Operations": [{"op": "replace", "value": {"active": True}}]}))
    assert on["active"] is True
    record = stored.user(uid_)
    assert record["enabled"] is True and record["status"] == "pending"

    # 7. Okta never deletes; an import pages through everything.
    page = ok(scim.get("Users?startIndex=1&count=100"))
    assert page["startIndex"] == 1 and page["totalResults"] >= 1 and len(page["Resources"]) <= 100


def test_okta_password_sync_is_refused_in_scim_shape(scim, stored):
    user = scim.create_user()
    r = scim.patch(f"Users/{user['id']}", [{"op": "replace", "value": {"password": "t1meMa$heen"}}])
    scim_error(r, 400, None, "password")
    assert stored.user(user["id"])["enabled"] is True


def test_okta_group_push(scim, stored):
    tag = uid(8)
    name = f"Test SCIMv2 {tag}"
    first, second = scim.create_user(), scim.create_user()

    # 1. Does the group exist?
    none = ok(scim.get("Groups?" + q(f'displayName eq "{name}"', startIndex=1, count=100)))
    assert none["totalResults"] == 0

    # 2. Create with no members.
    group = ok(scim.post("Groups", {"schemas": [GROUP_SCHEMA], "displayName": name, "members": []}), 201)
    gid = group["id"]
    assert stored.group(gid)["name"] == name and stored.members(gid) == set()
    assert ok(scim.get(f"Groups/{gid}"))["displayName"] == name
    # Okta's group import pages through all groups.
    page = ok(scim.get("Groups?startIndex=1&count=100"))
    assert page["startIndex"] == 1 and len(page["Resources"]) <= 100
    assert gid in [g["id"] for g in page["Resources"]] or page["totalResults"] > 100

    # 3. Rename: a path-less replace that repeats the group's id.
    renamed = f"Test SCIMv2 renamed {tag}"
    ok(scim.patch(f"Groups/{gid}", {"schemas": [PATCH_SCHEMA],
                                    "Operations": [{"op": "replace", "value": {"id": gid, "displayName": renamed}}]}))
    assert stored.group(gid)["name"] == renamed

    # 4. Push members: add with display names.
    ok(scim.patch(f"Groups/{gid}", {"schemas": [PATCH_SCHEMA], "Operations": [{
        "op": "add", "path": "members",
        "value": [{"value": first["id"], "display": first["userName"]},
                  {"value": second["id"], "display": second["userName"]}]}]}))
    assert stored.members(gid) == {first["id"], second["id"]}

    # 5. Unassign one: remove by a value filter.
    ok(scim.patch(f"Groups/{gid}", {"schemas": [PATCH_SCHEMA], "Operations": [{
        "op": "remove", "path": f'members[value eq "{first["id"]}"]'}]}))
    assert stored.members(gid) == {second["id"]}

    # 6. Okta's full re-push replaces the members.
    ok(scim.patch(f"Groups/{gid}", {"schemas": [PATCH_SCHEMA], "Operations": [{
        "op": "replace", "path": "members", "value": [{"value": first["id"], "display": first["userName"]}]}]}))
    assert stored.members(gid) == {first["id"]}

    # 7. Delete the pushed group: the users stay.
    ok(scim.delete(f"Groups/{gid}"), 204)
    assert stored.group(gid) is None
    assert stored.user(first["id"])["status"] == "pending"


# ---- Microsoft Entra ID ---------------------------------------------------------------------------

def test_entra_user_lifecycle(scim, stored):
    tag = uid(8)
    user_name = f"Test_User_{tag}@testuser.com"
    work = f"Test_User_{tag}_mail@testuser.com"

    # 1. Entra looks for the user by userName, then by the work email.
    assert ok(scim.get("Users?" + entra_q(f'userName eq "{user_name}"')))["totalResults"] == 0
    assert ok(scim.get("Users?" + entra_q(f'emails[type eq "work"].value eq "{work}"')))["totalResults"] == 0

    # 2. Create: enterprise extension declared, meta and empty roles sent along.
    created = ok(scim.post("Users", {
        "schemas": [USER_SCHEMA, ENTERPRISE_SCHEMA],
        "externalId": f"0a21f0f2-{tag}",
        "userName": user_name,
        "active": True,
        "emails": [{"primary": True, "type": "work", "value": work}],
        "meta": {"resourceType": "User"},
        "name": {"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
        "roles": [],
        ENTERPRISE_SCHEMA: {"department": "Sales", "employeeNumber": "701984"},
    }), 201)
    uid_ = created["id"]
    record = stored.user(uid_)
    assert record["email"].lower() == work.lower() and record["name"] == "givenName familyName", record
    assert record["enabled"] is True, record

    # 3. Found by userName (another case) and by the work email.
    by_name = ok(scim.get("Users?" + entra_q(f'userName eq "{user_name.upper()}"')))
    assert [r["id"] for r in by_name["Resources"]] == [uid_]
    by_mail = ok(scim.get("Users?" + entra_q(f'emails[type eq "work"].value eq "{work}"')))
    assert [r["id"] for r in by_mail["Resources"]] == [uid_]

    # 4. Attribute updates: capitalised ops, a filtered email path, a sub-attribute, an Add on a present attribute.
    new_work = f"updated_{tag}@testuser.com"
    ok(scim.patch(f"Users/{uid_}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": new_work},
        {"op": "Replace", "path": "name.familyName", "value": "updatedFamilyName"},
        {"op": "Add", "path": "displayName", "value": "Updated Display"},
        {"op": "Add", "path": "externalId", "value": f"new-{tag}"},
    ]}))
    got = ok(scim.get(f"Users/{uid_}"))
    assert got["emails"][0]["value"] == new_work and got["name"]["familyName"] == "updatedFamilyName"
    assert got["name"]["givenName"] == "givenName" and got["externalId"] == f"new-{tag}"
    record = stored.user(uid_)
    assert record["email"].lower() == new_work.lower() and record["name"] == "Updated Display", record

    # 5. userName changed on its own.
    new_name = f"{tag}-renamed@testuser.com"
    ok(scim.patch(f"Users/{uid_}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "Replace", "path": "userName", "value": new_name}]}))
    assert ok(scim.get(f"Users/{uid_}"))["userName"] == new_name

    # 6. The manager, sent as a bare id string, then cleared with an empty string.
    manager = scim.create_user()
    ok(scim.patch(f"Users/{uid_}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "Add", "path": f"{ENTERPRISE_SCHEMA}:manager", "value": manager["id"]}]}))
    assert ok(scim.get(f"Users/{uid_}"))[ENTERPRISE_SCHEMA]["manager"]["value"] == manager["id"]
    ok(scim.patch(f"Users/{uid_}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "Replace", "path": f"{ENTERPRISE_SCHEMA}:manager", "value": ""}]}))
    assert "manager" not in ok(scim.get(f"Users/{uid_}")).get(ENTERPRISE_SCHEMA, {})

    # 7. Disable (soft delete): capitalised Replace with the string "False"; then "True" again.
    ok(scim.patch(f"Users/{uid_}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "Replace", "path": "active", "value": "False"}]}))
    assert stored.user(uid_)["enabled"] is False
    disabled = ok(scim.get("Users?" + entra_q(f'userName eq "{new_name}"')))["Resources"][0]
    assert disabled["active"] is False, "a disabled user is still found, with active false"
    ok(scim.patch(f"Users/{uid_}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "Replace", "path": "active", "value": "True"}]}))
    assert stored.user(uid_)["enabled"] is True
    # Entra's older path-less form, with a string boolean.
    ok(scim.patch(f"Users/{uid_}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "Replace", "value": {"active": "False"}}]}))
    assert stored.user(uid_)["enabled"] is False

    # 8. Hard delete after the soft-delete period.
    ok(scim.delete(f"Users/{uid_}"), 204)
    assert stored.user(uid_)["status"] == "inactive"
    scim_error(scim.get(f"Users/{uid_}"), 404)
    assert ok(scim.get("Users?" + entra_q(f'userName eq "{new_name}"')))["totalResults"] == 0


def test_entra_group_lifecycle(scim, stored):
    tag = uid(8)
    name = f"displayName {tag}"
    member, other = scim.create_user(), scim.create_user()

    # 1. Lookup by displayName without members.
    assert ok(scim.get("Groups?" + entra_q(f'displayName eq "{name}"', excludedAttributes='members')))["totalResults"] == 0

    # 2. Create (Entra's body carries meta).
    group = ok(scim.post("Groups", {"schemas": [GROUP_SCHEMA], "externalId": f"8aa1a0c0-{tag}",
                                    "displayName": name, "meta": {"resourceType": "Group"}}), 201)
    gid = group["id"]
    assert stored.group(gid)["name"] == name

    # 3. Read without members.
    read = ok(scim.get(f"Groups/{gid}?excludedAttributes=members"))
    assert read["displayName"] == name and "members" not in read
    listed = ok(scim.get("Groups?" + entra_q(f'displayName eq "{name}"', excludedAttributes='members')))
    assert [g["id"] for g in listed["Resources"]] == [gid] and "members" not in listed["Resources"][0]

    # 4. Rename.
    renamed = f"{tag}updatedDisplayName"
    ok(scim.patch(f"Groups/{gid}", {"schemas": [PATCH_SCHEMA], "Operations": [
        {"op": "Replace", "path": "displayName", "value": renamed}]}))
    assert stored.group(gid)["name"] == renamed

    # 5. Add members ($ref null), capitalised Add.
    ok(scim.patch(f"Groups/{gid}", {"schemas": [PATCH_SCHEMA], "Operations": [{
        "op": "Add", "path": "members", "value": [{"$ref": None, "value": member["id"]}, {"$ref": None, "value": other["id"]}]}]}))
    assert stored.members(gid) == {member["id"], other["id"]}

    # 6. Entra checks a membership with a filter on members.
    mid = member["id"]
    check = ok(scim.get("Groups?" + entra_q(f'id eq "{gid}" and members[value eq "{mid}"]', excludedAttributes='members')))
    assert check["totalResults"] == 1

    # 7. Remove a member listed in value.
    ok(scim.patch(f"Groups/{gid}", {"schemas": [PATCH_SCHEMA], "Operations": [{
        "op": "Remove", "path": "members", "value": [{"$ref": None, "value": member["id"]}]}]}))
    assert stored.members(gid) == {other["id"]}
    gone = ok(scim.get("Groups?" + entra_q(f'id eq "{gid}" and members[value eq "{mid}"]', excludedAttributes='members')))
    assert gone["totalResults"] == 0

    # 8. Delete.
    ok(scim.delete(f"Groups/{gid}"), 204)
    assert stored.group(gid) is None


def test_entra_group_create_with_its_ad_schema_urn(scim, stored):
    """Entra's documented group create lists a Microsoft schema URN besides the core one; the group is created
    (the URN declares no attribute the body uses)."""
    name = f"AD schema {uid(8)}"
    r = scim.post("Groups", {
        "schemas": [GROUP_SCHEMA, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": f"8aa1a0c0-{uid(6)}", "displayName": name, "meta": {"resourceType": "Group"}})
    group = ok(r, 201)
    assert stored.group(group["id"])["name"] == name


def test_entra_string_booleans_on_create_and_in_filters(scim, stored):
    """Entra without its 2020 compliance flag sends booleans as "True"/"False", in bodies and values."""
    tag = uid(8)
    created = ok(scim.post("Users", {
        "schemas": [USER_SCHEMA], "userName": f"Bool_{tag}@testuser.com", "active": "False",
        "emails": [{"primary": "True", "type": "work", "value": f"bool_{tag}@testuser.com"}],
        "name": {"givenName": "Bool", "familyName": "Ean"}}), 201)
    assert created["active"] is False and created["emails"][0]["primary"] is True
    assert stored.user(created["id"])["enabled"] is False
    found = ok(scim.get("Users?" + q(f'userName eq "Bool_{tag}@testuser.com" and active eq false')))
    assert [r["id"] for r in found["Resources"]] == [created["id"]]
