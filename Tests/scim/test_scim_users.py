"""`/scim/v2/Users` and the discovery endpoints against the real server: authentication (401 without or with a
bad or revoked token, 403 when the token's role is taken away), create/read/replace/patch/delete with each
result read back through the Provisioning API, `userName` and email uniqueness (409 `uniqueness`), the
seat limit, the enterprise and Cloudinary extensions (the latter guarded: a token gives only what it holds),
bad bodies (400 in SCIM's shape, never a 5xx)."""

from __future__ import annotations

import pytest

from scim_support import (CLOUDINARY_SCHEMA, ENTERPRISE_SCHEMA, ERROR_SCHEMA, GROUP_SCHEMA, PROVISIONING_ROLE,
                          ROLE_ML_USER, ROLE_TECH, SCIM_JSON, USER_SCHEMA, Scim, create_token, describe, ok,
                          primary_email, revoke_token, scim_error, token_list, unique_email, user_body)
from support import SESSION_ADDITIONAL_USERS, SESSION_USER_LIMIT, uid


def expected_name(body: dict) -> str:
    """The Provisioning API's `name` of a SCIM user: its displayName, else name.formatted, else given + family."""
    if body.get("displayName"):
        return body["displayName"]
    name = body.get("name") or {}
    if name.get("formatted"):
        return name["formatted"]
    return " ".join(p for p in (name.get("givenName"), name.get("familyName")) if p)


# ---- discovery ------------------------------------------------------------------------------------

def test_service_provider_config_tells_what_the_routes_do(scim):
    config = ok(scim.get("ServiceProviderConfig"))
    assert config["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]
    assert config["patch"]["supported"] is True
    assert config["filter"] == {"supported": True, "maxResults": 200}
    assert config["sort"]["supported"] is True
    assert config["etag"]["supported"] is True
    assert config["bulk"]["supported"] is False
    assert config["changePassword"]["supported"] is False
    assert [s["type"] for s in config["authenticationSchemes"]] == ["oauthbearertoken"]


def test_resource_types_and_schemas_are_published(scim):
    types = ok(scim.get("ResourceTypes"))
    assert types["totalResults"] == 2
    by_id = {t["id"]: t for t in types["Resources"]}
    assert set(by_id) == {"User", "Group"}
    assert by_id["User"]["endpoint"] == "/Users" and by_id["User"]["schema"] == USER_SCHEMA
    assert {e["schema"] for e in by_id["User"]["schemaExtensions"]} == {ENTERPRISE_SCHEMA, CLOUDINARY_SCHEMA}
    assert all(e["required"] is False for e in by_id["User"]["schemaExtensions"])
    assert by_id["Group"]["schema"] == GROUP_SCHEMA
    assert ok(scim.get("ResourceTypes/User"))["id"] == "User"
    scim_error(scim.get("ResourceTypes/Printer"), 404)

    schemas = ok(scim.get("Schemas"))
    assert {s["id"] for s in schemas["Resources"]} == {USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_SCHEMA, CLOUDINARY_SCHEMA}
    ours = ok(scim.get(f"Schemas/{CLOUDINARY_SCHEMA}"))
    attrs = {a["name"]: a for a in ours["attributes"]}
    assert set(attrs) == {"environments", "roles"}
    assert all(a["type"] == "string" and a["multiValued"] is False for a in attrs.values())
    user = ok(scim.get(f"Schemas/{USER_SCHEMA}"))
    names = {a["name"] for a in user["attributes"]}
    assert {"userName", "name", "displayName", "active", "emails", "groups"} <= names
    assert "password" not in names, "Gatehouse takes no passwords from an IdP"
    scim_error(scim.get("Schemas/urn:example:nothing"), 404)


# ---- authentication and authorization -------------------------------------------------------------

@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token-" + "x" * 30, "Basic dXNlcjpwYXNz"])
def test_missing_or_unknown_tokens_are_401_in_scim_shape(server, header):
    client = Scim(server.base_url, None)
    try:
        headers = {"Authorization": header} if header else {}
        for path in ("Users", "Groups", "ServiceProviderConfig"):
            body = scim_error(client.get(path, headers=headers), 401)
            assert body["schemas"] == [ERROR_SCHEMA]
        scim_error(client.post("Users", user_body(), headers=headers), 401)
    finally:
        client.close()


def test_the_account_key_is_not_a_scim_token(server):
    """Provisioning API credentials do not open SCIM: its tokens are its own."""
    from support import API_KEY, API_SECRET
    import httpx
    r = httpx.get(f"{server.base_url}/scim/v2/Users", auth=(API_KEY, API_SECRET))
    scim_error(r, 401)
    r = httpx.get(f"{server.base_url}/scim/v2/Users", headers={"Authorization": f"Bearer {API_SECRET}"})
    scim_error(r, 401)


def test_a_new_token_holds_user_provisioning_and_nothing_else(server, token, stored):
    assert stored.held("provisioningKey", token.id) == [PROVISIONING_ROLE]
    listed = token_list(server)
    assert token.name in listed and token.secret not in listed, listed


def test_a_revoked_token_is_401_at_once(server, stored):
    t = create_token(server)
    client = Scim(server.base_url, t.secret)
    try:
        ok(client.get("Users", params={"count": 1}))
        revoke_token(server, t.name)
        scim_error(client.get("Users", params={"count": 1}), 401)
        scim_error(client.post("Users", user_body()), 401)
    finally:
        client.close()


def test_token_names_are_unique_and_revoking_an_unknown_name_fails(server):
    from scim_support import gatehouse
    t = create_token(server)
    again = gatehouse(server, "scim", "token", "create", "--name", t.name, check=False)
    assert again.returncode != 0 and t.name in (again.stdout + again.stderr), again
    assert token_list(server).count(t.name) == 1
    missing = gatehouse(server, "scim", "token", "revoke", "--name", f"nosuch-{uid(6)}", check=False)
    assert missing.returncode != 0, missing


def test_a_token_without_its_role_is_403_and_writes_nothing(server, stored):
    t = create_token(server)
    client = Scim(server.base_url, t.secret)
    try:
        stored.perm.ok_assign("provisioningKey", t.id, [{"id": PROVISIONING_ROLE}], operation="remove")
        assert stored.held("provisioningKey", t.id) == []
        scim_error(client.get("Users", params={"count": 1}), 403)
        body = user_body()
        scim_error(client.post("Users", body), 403)
        assert stored.users_by_email(primary_email(body)) == []
        stored.perm.ok_assign("provisioningKey", t.id, [{"id": PROVISIONING_ROLE}])
        ok(client.post("Users", user_body()), 201)
    finally:
        client.close()


# ---- create and read ------------------------------------------------------------------------------

def test_create_answers_201_with_location_etag_and_meta(scim, stored):
    ext = f"ext-{uid(8)}"
    body = user_body(display=f"Dana {uid(4)}", external_id=ext)
    r = scim.post("Users", body)
    user = ok(r, 201)
    assert user["schemas"][0] == USER_SCHEMA
    assert user["userName"] == body["userName"] and user["externalId"] == ext
    assert user["active"] is True and user["displayName"] == body["displayName"]
    assert user["name"]["givenName"] == "Given" and user["name"]["familyName"] == "Family"
    assert primary_email(user) == primary_email(body)
    meta = user["meta"]
    assert meta["resourceType"] == "User"
    assert meta["location"].endswith(f"/scim/v2/Users/{user['id']}"), meta
    assert meta["created"] and meta["lastModified"] and meta["version"]
    assert r.headers["location"] == meta["location"]
    assert r.headers["etag"] == meta["version"]
    assert "password" not in user

    # The id is the Provisioning API's, and the user is the same one every other door sees.
    record = stored.user(user["id"])
    assert record["email"] == primary_email(body)
    assert record["name"] == expected_name(body)
    assert record["enabled"] is True
    assert record["status"] == "pending", record
    # Without the Cloudinary extension the user starts in no product environment: access is a grant, and a
    # User Provisioning token holds none to give.
    assert record.get("all_sub_accounts") is False and stored.environments(user["id"]) == set(), record

    got = scim.get(f"Users/{user['id']}")
    again = ok(got)
    assert got.headers["etag"] == again["meta"]["version"] == meta["version"]
    for key in ("id", "userName", "externalId", "name", "displayName", "active", "emails"):
        assert again[key] == user[key], key


def test_a_user_made_by_another_door_is_a_scim_user(scim, sdk, stored):
    """A user the Provisioning API made answers to its email as userName until a SCIM client names it, and a
    delete through the Provisioning API is a 404 for SCIM."""
    email = unique_email("other-door")
    made = sdk.users.create(request={"name": "Other Door", "email": email})
    got = scim.user(made.id)
    assert got["userName"] == email and primary_email(got) == email, got
    assert got["displayName"] == "Other Door" and got["active"] is True
    assert [u["id"] for u in scim.filter_users(f'userName eq "{email}"')] == [made.id]
    ok(scim.patch(f"Users/{made.id}", [{"op": "replace", "path": "displayName", "value": "Renamed Elsewhere"}]))
    assert stored.user(made.id)["name"] == "Renamed Elsewhere"
    sdk.users.delete(user_id=made.id)
    scim_error(scim.get(f"Users/{made.id}"), 404)
    assert scim.filter_users(f'userName eq "{email}"') == []
    # The userName and the email are free again, for SCIM as for the Provisioning API.
    again = ok(scim.post("Users", user_body(user_name=email, email=email)), 201)
    assert again["id"] != made.id


def test_changes_through_the_provisioning_api_show_in_scim(scim, sdk, stored):
    user = scim.create_user(display="Before Other Door")
    moved = unique_email("moved-elsewhere")
    sdk.users.update(user_id=user["id"], user_request={"email": moved, "name": "Changed Elsewhere", "enabled": False})
    got = scim.user(user["id"])
    assert primary_email(got) == moved and got["active"] is False
    assert got["userName"] == user["userName"], "the userName is SCIM's own and stays"
    assert [u["id"] for u in scim.filter_users(f'emails.value eq "{moved}"')] == [user["id"]]
    assert got["meta"]["version"] != user["meta"]["version"]


def test_the_account_owner_cannot_be_suspended_or_deleted(scim, stored, sdk):
    from support import ADMIN_EMAIL
    owner = sdk.users.list(request={"emails": [ADMIN_EMAIL]}).users[0]
    r = scim.patch(f"Users/{owner.id}", [{"op": "replace", "path": "active", "value": False}])
    scim_error(r, (400, 403))
    scim_error(scim.delete(f"Users/{owner.id}"), (400, 403))
    record = stored.user(owner.id)
    assert record["enabled"] is True and record["status"] == "active", record
    assert scim.user(owner.id)["active"] is True


def test_application_json_is_accepted_too(scim, stored):
    body = user_body()
    r = scim.post("Users", body, content_type="application/json")
    user = ok(r, 201)
    assert stored.user(user["id"])["email"] == primary_email(body)


def test_read_only_and_client_chosen_values_are_ignored(scim):
    body = user_body(groups=[{"value": "g-nope"}], id="chosen-by-client",
                     meta={"resourceType": "User", "created": "2001-01-01T00:00:00Z"})
    user = ok(scim.post("Users", body), 201)
    assert user["id"] != "chosen-by-client"
    assert user.get("groups", []) == []
    assert not user["meta"]["created"].startswith("2001")


def test_unknown_user_is_404(scim):
    scim_error(scim.get(f"Users/nosuch{uid(8)}"), 404)
    scim_error(scim.put(f"Users/nosuch{uid(8)}", user_body()), 404)
    scim_error(scim.patch(f"Users/nosuch{uid(8)}", [{"op": "replace", "path": "active", "value": False}]), 404)
    scim_error(scim.delete(f"Users/nosuch{uid(8)}"), 404)


# ---- uniqueness -----------------------------------------------------------------------------------

def test_user_name_is_unique_case_insensitively(scim, stored):
    name = f"Unique.{uid(8)}@Example.com"
    first = scim.create_user(user_name=name)
    other = user_body(user_name=name.upper())
    scim_error(scim.post("Users", other), 409, "uniqueness")
    assert stored.users_by_email(primary_email(other)) == [], "a refused create wrote a user"
    # A rename onto it is refused too.
    second = scim.create_user()
    scim_error(scim.patch(f"Users/{second['id']}", [{"op": "replace", "path": "userName", "value": name.lower()}]),
               409, "uniqueness")
    assert scim.user(second["id"])["userName"] == second["userName"]
    assert scim.user(first["id"])["userName"] == name


def test_primary_email_is_unique_as_in_the_provisioning_api(scim, sdk, stored):
    email = unique_email("taken")
    sdk.users.create(request={"name": "Taken Elsewhere", "email": email})
    body = user_body(email=email.upper())
    scim_error(scim.post("Users", body), 409, "uniqueness")
    assert len(stored.users_by_email(email)) == 1
    mine = scim.create_user()
    scim_error(scim.patch(f"Users/{mine['id']}", [{"op": "replace", "path": "emails[type eq \"work\"].value",
                                                    "value": email}]), 409, "uniqueness")
    assert stored.user(mine["id"])["email"] == primary_email(mine)


# ---- replace, patch, suspend, delete --------------------------------------------------------------

def test_put_replaces_the_user_and_the_provisioning_record_follows(scim, stored):
    user = scim.create_user(display="Before Put", external_id="e-1")
    new_email = unique_email("put")
    body = user_body(user_name=user["userName"], email=new_email, given="After", family="Put", display="After Put")
    replaced = ok(scim.put(f"Users/{user['id']}", body))
    assert replaced["id"] == user["id"]
    assert replaced["displayName"] == "After Put" and primary_email(replaced) == new_email
    assert "externalId" not in replaced, "PUT replaces: an attribute left out is cleared"
    assert replaced["meta"]["version"] != user["meta"]["version"]
    record = stored.user(user["id"])
    assert record["email"] == new_email and record["name"] == "After Put"


def test_patch_active_false_suspends_and_true_restores(scim, stored):
    user = scim.create_user()
    off = ok(scim.patch(f"Users/{user['id']}", [{"op": "replace", "path": "active", "value": False}]))
    assert off["active"] is False
    assert stored.user(user["id"])["enabled"] is False
    assert scim.user(user["id"])["active"] is False
    on = ok(scim.patch(f"Users/{user['id']}", [{"op": "replace", "path": "active", "value": True}]))
    assert on["active"] is True
    assert stored.user(user["id"])["enabled"] is True


def test_create_inactive_user_is_stored_disabled(scim, stored):
    user = scim.create_user(active=False)
    assert user["active"] is False
    assert stored.user(user["id"])["enabled"] is False


def test_patch_add_replace_remove_with_and_without_path(scim, stored):
    user = scim.create_user(display="Patch Me")
    uid_ = user["id"]
    ok(scim.patch(f"Users/{uid_}", [{"op": "add", "path": "externalId", "value": "x-1"},
                                     {"op": "replace", "path": "name.givenName", "value": "Renamed"},
                                     {"op": "add", "value": {"displayName": "Patched Name"}}]))
    got = scim.user(uid_)
    assert got["externalId"] == "x-1" and got["name"]["givenName"] == "Renamed" and got["displayName"] == "Patched Name"
    assert got["name"]["familyName"] == "Family", "a sub-attribute replace keeps its siblings"
    assert stored.user(uid_)["name"] == "Patched Name"

    extra = unique_email("second")
    ok(scim.patch(f"Users/{uid_}", [{"op": "add", "path": "emails", "value": [{"value": extra, "type": "home"}]}]))
    got = scim.user(uid_)
    assert {e["value"] for e in got["emails"]} == {primary_email(user), extra}
    assert primary_email(got) == primary_email(user), "the primary email stays the sign-in email"
    assert stored.user(uid_)["email"] == primary_email(user)

    ok(scim.patch(f"Users/{uid_}", [{"op": "remove", "path": "emails[type eq \"home\"]"},
                                     {"op": "remove", "path": "externalId"}]))
    got = scim.user(uid_)
    assert [e["value"] for e in got["emails"]] == [primary_email(user)]
    assert "externalId" not in got

    # Removing a required attribute is refused, and nothing changes.
    scim_error(scim.patch(f"Users/{uid_}", [{"op": "remove", "path": "userName"}]), 400)
    assert scim.user(uid_)["userName"] == user["userName"]


def test_patch_of_the_primary_email_changes_the_sign_in_email(scim, stored):
    user = scim.create_user()
    new = unique_email("moved")
    ok(scim.patch(f"Users/{user['id']}", [{"op": "replace", "path": "emails[primary eq true].value", "value": new}]))
    assert stored.user(user["id"])["email"] == new
    assert primary_email(scim.user(user["id"])) == new


def test_delete_is_the_provisioning_delete(scim, stored):
    body = user_body()
    user = ok(scim.post("Users", body), 201)
    ok(scim.delete(f"Users/{user['id']}"), 204)
    record = stored.user(user["id"])
    assert record["status"] == "inactive", record
    scim_error(scim.get(f"Users/{user['id']}"), 404)
    scim_error(scim.delete(f"Users/{user['id']}"), 404)
    assert user["id"] not in [u["id"] for u in scim.filter_users(f'userName eq "{user["userName"]}"')]
    # The email (and the userName) can be used again: a new user, a new id.
    again = ok(scim.post("Users", body), 201)
    assert again["id"] != user["id"]
    assert stored.user(again["id"])["status"] == "pending"


def test_the_seat_limit_is_a_scim_error_and_writes_nothing(server, scim, stored):
    used, _ = stored.seats()
    server.set_seats(used, 0)
    try:
        body = user_body()
        err = scim_error(scim.post("Users", body), (400, 403, 409, 422))
        assert "limit" in err["detail"].lower() or "seat" in err["detail"].lower(), err
        assert stored.users_by_email(primary_email(body)) == []
        assert stored.seats()[0] == used
        # Deleting a SCIM user frees its seat for the next one.
        server.set_seats(used + 1, 0)
        last = scim.create_user()
        scim_error(scim.post("Users", user_body()), (400, 403, 409, 422))
        ok(scim.delete(f"Users/{last['id']}"), 204)
        ok(scim.post("Users", body), 201)
    finally:
        server.set_seats(SESSION_USER_LIMIT, SESSION_ADDITIONAL_USERS)


# ---- extensions -----------------------------------------------------------------------------------

def test_enterprise_extension_round_trips(scim):
    ent = {"employeeNumber": "701984", "department": "Sales", "organization": "Example"}
    user = scim.create_user(enterprise=ent)
    assert ENTERPRISE_SCHEMA in user["schemas"]
    assert scim.user(user["id"])[ENTERPRISE_SCHEMA] == ent
    ok(scim.patch(f"Users/{user['id']}", [{"op": "replace", "path": f"{ENTERPRISE_SCHEMA}:department", "value": "R&D"}]))
    assert scim.user(user["id"])[ENTERPRISE_SCHEMA]["department"] == "R&D"


def test_cloudinary_extension_needs_a_token_that_holds_what_it_gives(server, stored, clouds):
    """The suite's token (User Provisioning only) cannot give roles; a token that also holds account Master
    Admin can, and what it gave shows in the Provisioning API (environments) and the Permissions API (roles)."""
    alpha, beta = list(clouds)
    weak = Scim(server.base_url, create_token(server).secret)
    strong_token = create_token(server)
    strong = Scim(server.base_url, strong_token.secret)
    try:
        ext = {"environments": f"{alpha},{beta}", "roles": f"*::{ROLE_TECH}"}
        body = user_body(extension=ext)
        scim_error(weak.post("Users", body), 403)
        assert stored.users_by_email(primary_email(body)) == [], "a refused create wrote a user"

        stored.perm.ok_assign("provisioningKey", strong_token.id, [{"id": "cld::role::account::master_admin"}])
        user = ok(strong.post("Users", body), 201)
        assert user[CLOUDINARY_SCHEMA] == ext
        assert stored.environments(user["id"]) == {clouds[alpha].id, clouds[beta].id}
        for cloud in (alpha, beta):
            assert ROLE_TECH in stored.roles(user["id"], scope_id=clouds[cloud].id), cloud
        assert ok(strong.get(f"Users/{user['id']}"))[CLOUDINARY_SCHEMA] == ext

        # Narrowed to one environment and a smaller role.
        narrowed = {"environments": alpha, "roles": f"{alpha}::{ROLE_ML_USER}"}
        ok(strong.patch(f"Users/{user['id']}", [{"op": "replace", "path": CLOUDINARY_SCHEMA, "value": narrowed}]))
        assert stored.environments(user["id"]) == {clouds[alpha].id}
        assert ROLE_ML_USER in stored.roles(user["id"], scope_id=clouds[alpha].id)
        assert ROLE_TECH not in stored.roles(user["id"], scope_id=clouds[alpha].id)

        # The weak token can still edit that user's plain attributes, but not its roles.
        ok(weak.patch(f"Users/{user['id']}", [{"op": "replace", "path": "displayName", "value": "Plain Edit"}]))
        scim_error(weak.patch(f"Users/{user['id']}", [{"op": "replace", "path": f"{CLOUDINARY_SCHEMA}:roles",
                                                        "value": f"*::{ROLE_TECH}"}]), 403)
        assert ROLE_TECH not in stored.roles(user["id"], scope_id=clouds[alpha].id)
    finally:
        weak.close()
        strong.close()


def test_cloudinary_extension_all_environments(server, stored, clouds):
    t = create_token(server)
    stored.perm.ok_assign("provisioningKey", t.id, [{"id": "cld::role::account::master_admin"}])
    client = Scim(server.base_url, t.secret)
    try:
        user = ok(client.post("Users", user_body(extension={"environments": "all"})), 201)
        record = stored.user(user["id"])
        assert record.get("all_sub_accounts") is True, record
        assert {e.id for e in clouds.values()} <= stored.environments(user["id"])
    finally:
        client.close()


# ---- bad input: 4xx in SCIM's shape, never 5xx ----------------------------------------------------

@pytest.mark.parametrize("raw", ["{", "not json", "", "[]", "null", "42", '{"userName": ', "\xff\xfe"])
def test_bad_json_is_400(scim, raw):
    scim_error(scim.post("Users", raw=raw.encode("latin-1")), 400)


def test_unknown_attribute_is_400_naming_it(scim, stored):
    body = user_body(shoeSize="44")
    scim_error(scim.post("Users", body), 400, None, "shoeSize")
    assert stored.users_by_email(primary_email(body)) == []
    scim_error(scim.post("Users", user_body(password="t1meMa$heen")), 400, None, "password")
    user = scim.create_user()
    scim_error(scim.patch(f"Users/{user['id']}", [{"op": "replace", "path": "favoriteColor", "value": "x"}]), 400)


@pytest.mark.parametrize("body, scim_type", [
    ({"schemas": [USER_SCHEMA], "emails": [{"value": "a@example.com"}]}, None),           # no userName
    ({"schemas": [USER_SCHEMA], "userName": "no-email-" + uid(6)}, None),                 # no emails
    ({"schemas": [GROUP_SCHEMA], "userName": "x", "emails": [{"value": "a@example.com"}]}, None),
    ({"schemas": [USER_SCHEMA, "urn:example:x"], "userName": "x", "emails": [{"value": "a@example.com"}],
      "urn:example:x": {"clearance": "top"}}, None),                                        # an undeclared extension's attributes
    ({"schemas": [USER_SCHEMA], "userName": 42, "emails": [{"value": "a@example.com"}]}, None),
    ({"schemas": [USER_SCHEMA], "userName": "x", "emails": [{"value": "a@example.com"}], "active": "yes"}, None),
    ({"schemas": [USER_SCHEMA], "userName": "x", "emails": [{"value": "not-an-email"}]}, None),
])
def test_bad_user_bodies_are_400(scim, body, scim_type):
    scim_error(scim.post("Users", body), 400, scim_type)


@pytest.mark.parametrize("operations", [
    [{"op": "jump", "path": "active", "value": False}],
    [{"op": "replace", "path": "active"}],
    [{"op": "replace", "path": "emails[type eq", "value": "x"}],
    [{"op": "remove"}],
    [{"op": "replace", "path": "id", "value": "other"}],
    [{"op": "replace", "path": "meta.created", "value": "2001-01-01T00:00:00Z"}],
    [{"op": "add", "path": "groups", "value": [{"value": "g"}]}],
    "not a list",
    [],
])
def test_bad_patches_are_400_and_change_nothing(scim, operations):
    user = scim.create_user()
    body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": operations}
    scim_error(scim.patch(f"Users/{user['id']}", body), 400)
    after = scim.user(user["id"])
    assert after["meta"]["version"] == user["meta"]["version"], describe(scim.get(f"Users/{user['id']}"))


def test_a_patch_without_the_patchop_schema_is_400(scim):
    user = scim.create_user()
    scim_error(scim.patch(f"Users/{user['id']}", {"Operations": [{"op": "replace", "path": "active", "value": False}]}), 400)


def test_huge_body_is_refused_without_a_5xx(scim):
    big = "x" * (2 * 1024 * 1024)
    r = scim.post("Users", user_body(display=big))
    assert r.status_code in (400, 413), describe(r)


def test_wrong_content_type_is_refused(scim):
    r = scim.post("Users", raw="userName=x", content_type="application/x-www-form-urlencoded")
    assert r.status_code in (400, 415), describe(r)
    assert r.status_code < 500


def test_responses_are_scim_json(scim):
    user = scim.create_user()
    for path in ("Users", f"Users/{user['id']}", "Groups", "ServiceProviderConfig", "Schemas", "ResourceTypes"):
        r = scim.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith(SCIM_JSON), describe(r)


def test_cloudinary_extension_applies_what_it_knows_and_keeps_the_rest(server, stored, clouds):
    """IdPs send the same mapping to every app: an unknown cloud name or role is kept as sent, not applied, and
    never refuses the user."""
    alpha, _ = list(clouds)
    t = create_token(server)
    stored.perm.ok_assign("provisioningKey", t.id, [{"id": "cld::role::account::master_admin"}])
    client = Scim(server.base_url, t.secret)
    try:
        ext = {"environments": f"{alpha},nosuch-cloud-{uid(6)}", "roles": f"{alpha}::{ROLE_ML_USER},*::no_such_role"}
        user = ok(client.post("Users", user_body(extension=ext)), 201)
        assert user[CLOUDINARY_SCHEMA] == ext
        assert stored.environments(user["id"]) == {clouds[alpha].id}
        assert ROLE_ML_USER in stored.roles(user["id"], scope_id=clouds[alpha].id)
    finally:
        client.close()
