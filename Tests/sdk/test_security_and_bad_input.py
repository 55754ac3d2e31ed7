"""Credentials, account isolation, and bad input: every refusal is a 4xx with a JSON error naming the field
or thing, the store is unchanged afterwards, and no input produces a 5xx."""

import json

import cloudinary.exceptions as cex
import httpx
import pydantic
import pytest
from cloudinary_account_provisioning import models

from support import (ACCOUNT_ID, API_KEY, API_SECRET, HTTP_TIMEOUT, Raw, assert_error_body, error_message,
                     make_new_sdk, new_env, new_user, uid, unique_email, unique_name)


def snapshot(new_sdk):
    """What a bad request must leave untouched: users, environments, groups."""
    return (
        sorted((u.id, u.name, u.email, u.status, u.role) for u in new_sdk.users.list().users),
        sorted((e.id, e.name, e.cloud_name, e.enabled) for e in new_sdk.product_environments.list().sub_accounts),
        sorted((g.id, g.name) for g in new_sdk.user_groups.list().user_groups),
    )


# ---- credentials ------------------------------------------------------------------------------

def test_wrong_secret_new_sdk_401(base_url):
    bad = make_new_sdk(base_url, secret=API_SECRET + "x")
    for call in (lambda: bad.users.list(), lambda: bad.product_environments.list(),
                 lambda: bad.users.create(request={"name": "Mallory", "email": unique_email("mal")}),
                 lambda: bad.user_groups.list(), lambda: bad.billing_usage.get(),
                 lambda: bad.product_environments.create(request={"name": "evil"})):
        with pytest.raises(models.ErrorResponse) as e:
            call()
        assert e.value.status_code == 401
        assert error_message(e.value)


def test_wrong_key_new_sdk_401(base_url):
    bad = make_new_sdk(base_url, key="999999999999999")
    with pytest.raises(models.ErrorResponse) as e:
        bad.users.list()
    assert e.value.status_code == 401


def test_wrong_secret_legacy_401(legacy):
    with pytest.raises(cex.AuthorizationRequired):
        legacy.users(provisioning_api_secret="wrong")
    with pytest.raises(cex.AuthorizationRequired):
        legacy.create_user("Mallory", unique_email("mal"), "admin", provisioning_api_secret="wrong")
    with pytest.raises(cex.AuthorizationRequired):
        legacy.sub_accounts(provisioning_api_key="999999999999999")
    legacy.account_config(provisioning_api_secret="also-wrong")
    with pytest.raises(cex.AuthorizationRequired):
        legacy.user_groups()


def test_wrong_credentials_write_nothing(base_url, new_sdk, legacy):
    before = snapshot(new_sdk)
    email = unique_email("mal")
    with pytest.raises(models.ErrorResponse):
        make_new_sdk(base_url, secret="nope").users.create(request={"name": "Mallory", "email": email})
    with pytest.raises(cex.AuthorizationRequired):
        legacy.create_sub_account("evil", provisioning_api_secret="nope")
    assert snapshot(new_sdk) == before
    assert new_sdk.users.list(request={"emails": [email]}).users == []


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Basic"},
    {"Authorization": "Basic !!!notbase64!!!"},
    {"Authorization": "Basic " + __import__("base64").b64encode(b"no-colon").decode()},
    {"Authorization": "Bearer " + API_SECRET},
    {"Authorization": "Basic " + __import__("base64").b64encode(f"{API_KEY}:".encode()).decode()},
    {"Authorization": "Basic " + __import__("base64").b64encode(f":{API_SECRET}".encode()).decode()},
])
def test_missing_or_malformed_auth_401(base_url, headers):
    with httpx.Client(timeout=HTTP_TIMEOUT) as c:
        r = c.get(f"{base_url}/v1_1/provisioning/accounts/{ACCOUNT_ID}/users", headers=headers)
    assert_error_body(r, 401)
    assert "users" not in r.json()


def test_basic_scheme_case_insensitive(base_url):
    import base64
    token = base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode()
    with httpx.Client(timeout=HTTP_TIMEOUT) as c:
        r = c.get(f"{base_url}/v1_1/provisioning/accounts/{ACCOUNT_ID}/users", headers={"authorization": "basic " + token})
    assert r.status_code == 200 and "users" in r.json()


# ---- another account --------------------------------------------------------------------------

def test_other_account_id_new_sdk_gets_no_data(base_url, new_sdk):
    u = new_user(new_sdk)
    other = make_new_sdk(base_url, account_id="ffffffffffffffffffffffff")
    for call in (lambda: other.users.list(), lambda: other.users.get(user_id=u.id),
                 lambda: other.product_environments.list(), lambda: other.user_groups.list(),
                 lambda: other.billing_usage.get()):
        # 403 is not a typed error of every GET operation in the new SDK (then it raises APIError)
        with pytest.raises(models.CloudinaryError) as e:
            call()
        assert e.value.status_code in (403, 404)
        body = e.value.body or ""
        assert u.email not in body and '"users"' not in body and '"sub_accounts"' not in body
    before = snapshot(new_sdk)
    with pytest.raises(models.ErrorResponse) as e:
        other.users.create(request={"name": "Intruder", "email": unique_email("intruder")})
    assert e.value.status_code in (403, 404)
    with pytest.raises(models.ErrorResponse):
        other.users.delete(user_id=u.id)
    with pytest.raises(models.ErrorResponse):
        other.product_environments.create(request={"name": "intruder env"})
    assert snapshot(new_sdk) == before
    assert new_sdk.users.get(user_id=u.id).status == "pending"


def test_other_account_id_legacy_gets_no_data(legacy, new_sdk, main_env):
    u = new_user(new_sdk)
    with pytest.raises((cex.NotAllowed, cex.NotFound)) as e:
        legacy.users(account_id="ffffffffffffffffffffffff")
    assert u.email not in str(e.value)
    with pytest.raises((cex.NotAllowed, cex.NotFound)):
        legacy.sub_account(main_env.id, account_id="ffffffffffffffffffffffff")
    with pytest.raises((cex.NotAllowed, cex.NotFound)):
        legacy.update_user(u.id, name="Hijacked", account_id="ffffffffffffffffffffffff")
    assert new_sdk.users.get(user_id=u.id).name == u.name


def test_unset_account_placeholder_rejected(raw, base_url):
    r = raw.client.get(f"{base_url}/v1_1/provisioning/accounts/%7Baccount_id%7D/users")
    assert_error_body(r, (403, 404))
    assert "users" not in r.json()


def test_unknown_route_is_json_404(raw, base_url):
    r = raw.get("no_such_resource")
    assert_error_body(r, 404)
    r = raw.client.get(f"{base_url}/v1_1/nothing/here")
    assert r.status_code in (401, 404) and "error" in r.json()


# ---- malformed bodies and wrong types ----------------------------------------------------------

@pytest.mark.parametrize("body", [
    b'{"name": "x", "email": ',
    b'{name: "x"}',
    b"{'name': 'x'}",
    b"\xff\xfe\x00",
    b"not json at all",
])
def test_malformed_json_rejected(raw, new_sdk, body):
    before = snapshot(new_sdk)
    for path in ("users", "sub_accounts", "user_groups"):
        r = raw.post(path, content=body, headers={"content-type": "application/json"})
        msg = assert_error_body(r, 400)
        assert "json" in msg.lower()
    assert snapshot(new_sdk) == before


def test_trailing_comma_json_is_malformed(raw, new_sdk):
    """RFC 8259 has no trailing commas; a lenient parser would act on a body no JSON client produces."""
    before = snapshot(new_sdk)
    email = unique_email("comma")
    r = raw.post("users", content=f'{{"name": "Comma", "email": "{email}",}}'.encode(),
                 headers={"content-type": "application/json"})
    assert_error_body(r, 400, "json")
    assert snapshot(new_sdk) == before


@pytest.mark.parametrize("body", ["[]", '["name"]', '"a string"', "42", "true", "null"])
def test_non_object_json_rejected(raw, new_sdk, body):
    before = snapshot(new_sdk)
    r = raw.post("users", content=body, headers={"content-type": "application/json"})
    assert_error_body(r, 400)
    assert snapshot(new_sdk) == before


@pytest.mark.parametrize("path,payload,field", [
    ("users", {"name": 123, "email": "t1@example.com"}, "name"),
    ("users", {"name": "T", "email": ["t2@example.com"]}, "email"),
    ("users", {"name": "T", "email": "t3@example.com", "role": 5}, "role"),
    ("users", {"name": "T", "email": "t4@example.com", "role": "emperor"}, "role"),
    ("users", {"name": "T", "email": "t5@example.com", "sub_account_ids": [1, 2]}, "sub_account_ids"),
    ("users", {"name": "T", "email": "t6@example.com", "sub_account_ids": {"a": 1}}, "sub_account_ids"),
    ("users", {"name": "T", "email": "t7@example.com", "enabled": "maybe"}, "enabled"),
    ("users", {"name": {"first": "T"}, "email": "t8@example.com"}, "name"),
    ("users", {"email": "t9@example.com"}, "name"),
    ("users", {"name": "T"}, "email"),
    ("users", {"name": None, "email": "t10@example.com"}, "name"),
    ("users", {}, "name"),
    ("sub_accounts", {}, "name"),
    ("sub_accounts", {"name": ["env"]}, "name"),
    ("sub_accounts", {"name": "E", "cloud_name": 12}, "cloud_name"),
    ("sub_accounts", {"name": "E", "enabled": 3}, "enabled"),
    ("sub_accounts", {"name": "E", "custom_attributes": "team=x"}, "custom_attributes"),
    ("sub_accounts", {"name": "E", "custom_attributes": [1]}, "custom_attributes"),
    ("sub_accounts", {"name": "E", "base_sub_account_id": 7}, "base_sub_account_id"),
    ("user_groups", {}, "name"),
    ("user_groups", {"name": 1.5}, "name"),
    ("user_groups", {"name": True}, "name"),
])
def test_wrong_types_and_missing_fields_rejected(raw, new_sdk, path, payload, field):
    before = snapshot(new_sdk)
    r = raw.post(path, json=payload)
    assert_error_body(r, 400, field)
    assert snapshot(new_sdk) == before


def test_wrong_types_on_update_rejected(raw, new_sdk):
    u = new_user(new_sdk)
    env = new_env(new_sdk)
    g = new_sdk.user_groups.create(request={"name": unique_name("TypeG")})
    key = env.api_access_keys[0].key
    before = snapshot(new_sdk)
    cases = [
        ("put", f"users/{u.id}", {"name": 5}, "name"),
        ("put", f"users/{u.id}", {"email": False}, "email"),
        ("put", f"users/{u.id}", {"role": ["admin"]}, "role"),
        ("put", f"users/{u.id}", {"enabled": "sometimes"}, "enabled"),
        ("put", f"users/{u.id}", {"sub_account_ids": [None]}, "sub_account_ids"),
        ("put", f"sub_accounts/{env.id}", {"enabled": [True]}, "enabled"),
        ("put", f"sub_accounts/{env.id}", {"custom_attributes": 1}, "custom_attributes"),
        ("put", f"sub_accounts/{env.id}", {"cloud_name": {"x": 1}}, "cloud_name"),
        ("put", f"user_groups/{g.id}", {"name": []}, "name"),
        ("post", f"sub_accounts/{env.id}/access_keys", {"name": 5}, "name"),
        ("post", f"sub_accounts/{env.id}/access_keys", {"enabled": "on"}, "enabled"),
        ("put", f"sub_accounts/{env.id}/access_keys/{key}", {"enabled": 0.5}, "enabled"),
        ("put", f"sub_accounts/{env.id}/access_keys/{key}", {"dedicated_for": ["webhooks"]}, "dedicated_for"),
    ]
    for method, path, payload, field in cases:
        r = raw.request(method.upper(), path, json=payload)
        assert_error_body(r, 400, field)
    assert snapshot(new_sdk) == before
    ks = new_sdk.access_keys.list(request={"sub_account_id": env.id})
    assert ks.total == 1 and ks.access_keys[0].enabled is True


def test_new_sdk_rejects_bad_enum_client_side(new_sdk):
    before = snapshot(new_sdk)
    with pytest.raises(pydantic.ValidationError):
        new_sdk.users.create(request={"name": "Emperor", "email": unique_email(), "role": "emperor"})
    assert snapshot(new_sdk) == before


def test_legacy_unknown_role_rejected_by_server(legacy, new_sdk):
    before = snapshot(new_sdk)
    with pytest.raises(cex.BadRequest) as e:
        legacy.create_user("Emperor", unique_email(), "emperor")
    assert "role" in str(e.value)
    u = new_user(new_sdk, role="admin")
    with pytest.raises(cex.BadRequest):
        legacy.update_user(u.id, role="superuser")
    assert new_sdk.users.get(user_id=u.id).role == "admin"
    assert len(snapshot(new_sdk)[0]) == len(before[0]) + 1


@pytest.mark.parametrize("email", [
    "not-an-email", "a@b", "a b@example.com", "@example.com", "user@", "user@.example.com",
    "user@example..com", "two@@example.com", "a@b@example.com", "user@exa mple.com", "<a@example.com>",
    "a" * 65 + "@example.com", "u@" + "d" * 250 + ".com", "", "   ",
])
def test_invalid_email_rejected(new_sdk, legacy, email):
    before = snapshot(new_sdk)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.create(request={"name": unique_name("BadMail"), "email": email})
    assert e.value.status_code == 400
    assert "email" in error_message(e.value)
    if email.strip():
        with pytest.raises(cex.BadRequest) as le:
            legacy.create_user(unique_name("BadMail"), email, "admin")
        assert "email" in str(le.value)
    assert snapshot(new_sdk) == before


def test_invalid_email_on_update_rejected(new_sdk, legacy):
    u = new_user(new_sdk)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.update(user_id=u.id, user_request={"email": "nope"})
    assert e.value.status_code == 400 and "email" in error_message(e.value)
    with pytest.raises(cex.BadRequest):
        legacy.update_user(u.id, email="still@nope")
    assert new_sdk.users.get(user_id=u.id).email == u.email


def test_overlong_names_rejected(new_sdk, legacy):
    before = snapshot(new_sdk)
    long = "N" * 256
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.create(request={"name": long, "email": unique_email()})
    assert e.value.status_code == 400 and "name" in error_message(e.value) and "255" in error_message(e.value)
    with pytest.raises(cex.BadRequest):
        legacy.create_user("ü" * 256, unique_email(), "admin")
    with pytest.raises(cex.BadRequest):
        legacy.create_user_group("G" * 10_000)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.product_environments.create(request={"name": long})
    assert e.value.status_code == 400
    assert snapshot(new_sdk) == before
    # 255 is the limit, inclusive (counted in characters, not bytes)
    ok = new_sdk.users.create(request={"name": "é" * 255, "email": unique_email()})
    assert ok.name == "é" * 255
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.update(user_id=ok.id, user_request={"name": "é" * 256})
    assert e.value.status_code == 400
    assert new_sdk.users.get(user_id=ok.id).name == "é" * 255


def test_more_than_100_ids_rejected(new_sdk, legacy, raw):
    ids101 = [f"id{i:04d}" for i in range(101)]
    ids100 = ids101[:100]
    # users.list has no typed 400 in the new SDK: the 400 arrives as APIError
    with pytest.raises(models.CloudinaryError) as e:
        new_sdk.users.list(request={"ids": ids101})
    assert e.value.status_code == 400 and "ids" in error_message(e.value) and "100" in error_message(e.value)
    with pytest.raises(models.CloudinaryError) as e:
        new_sdk.users.list(request={"emails": [f"e{i}@example.com" for i in range(101)]})
    assert e.value.status_code == 400 and "emails" in error_message(e.value)
    with pytest.raises(cex.BadRequest) as le:
        legacy.users(user_ids=ids101)  # one comma-joined value
    assert "ids" in str(le.value)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.product_environments.list(ids=ids101)
    assert e.value.status_code == 400 and "ids" in error_message(e.value)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.product_environments.list(cloud_names=[f"c{i}" for i in range(101)])
    assert e.value.status_code == 400 and "cloud_names" in error_message(e.value)
    with pytest.raises(cex.BadRequest):
        legacy.sub_accounts(ids=ids101)  # ids[]=…
    # mixed spellings count together
    q = "&".join([f"ids={i}" for i in ids101[:50]] + [f"ids[]={i}" for i in ids101[50:]])
    assert_error_body(raw.get("users?" + q), 400, "ids")
    # exactly 100 is fine
    assert new_sdk.users.list(request={"ids": ids100}).users == []
    assert legacy.sub_accounts(ids=ids100)["sub_accounts"] == []


def test_unknown_sub_account_ids_on_create_rejected(new_sdk, legacy, main_env):
    before = snapshot(new_sdk)
    bogus = "nosuchenv" + uid()
    email = unique_email("unk")
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.create(request={"name": "Unk", "email": email, "sub_account_ids": [main_env.id, bogus]})
    assert e.value.status_code in (400, 404)
    assert bogus in error_message(e.value) and "sub_account_ids" in error_message(e.value)
    with pytest.raises((cex.BadRequest, cex.NotFound)) as le:
        legacy.create_user("Unk", email, "admin", sub_account_ids=[bogus])
    assert bogus in str(le.value)
    assert snapshot(new_sdk) == before
    assert new_sdk.users.list(request={"emails": [email]}).users == []


def test_unknown_ids_in_paths_named_in_message(raw):
    for path, words in (("users/ghost123", ["user", "ghost123"]),
                        ("user_groups/ghost456", ["group", "ghost456"]),
                        ("sub_accounts/ghost789", ["sub account", "ghost789"]),
                        ("sub_accounts/ghost789/access_keys", ["ghost789"]),
                        ("users/ghost123/groups", ["ghost123"]),
                        ("users/ghost123/sub_accounts", ["ghost123"]),
                        ("user_groups/ghost456/users", ["ghost456"])):
        assert_error_body(raw.get(path), 404, *words)


def test_plus_in_query_is_space_but_percent_2b_is_plus(new_sdk, raw):
    token = "pl" + uid(8)
    spaced = new_user(new_sdk, name=f"{token} a b")
    plussed = new_user(new_sdk, name=f"{token}+a")
    assert [u["id"] for u in raw.get(f"users?prefix={token}+a").json()["users"]] == [spaced.id]
    assert [u["id"] for u in raw.get(f"users?prefix={token}%2Ba").json()["users"]] == [plussed.id]
    assert [u.id for u in new_sdk.users.list(request={"prefix": f"{token}+"}).users] == [plussed.id]


def test_oversized_body_rejected_not_5xx(raw, new_sdk):
    before = snapshot(new_sdk)
    r = raw.post("user_groups", json={"name": "x" * (2 * 1024 * 1024)})
    assert 400 <= r.status_code < 500
    assert "error" in r.json()
    assert snapshot(new_sdk) == before


def test_custom_attributes_round_trip_exactly(legacy):
    """Legacy callers pass custom_attributes intact; what they stored must come back unchanged."""
    attrs = {"big_id": 1234567890123456789, "max64": 2**63 - 1, "neg": -(2**53) - 1, "ratio": 0.1, "zero": 0,
             "exp": 1.5e300, "text": "ünïcødé 🙂", "nested": {"list": [1, "2", None, True, {"x": []}]}}
    env = legacy.create_sub_account(unique_name("Exact"), custom_attributes=attrs)
    assert env["custom_attributes"] == attrs
    assert legacy.sub_account(env["id"])["custom_attributes"] == attrs


# ---- hostile input: never a 5xx ---------------------------------------------------------------

HOSTILE_BODIES = [
    b"", b" ", b"{}", b"null", b"[]", b"[[[[[]]]]]", b'"str"', b"0", b"-1e999", b"1e400", b"{}{}",
    b'{"name": "\\u0000\\u0001\\u001f"}', b'{"name": "\\ud800"}', b'{"name": "\\udfff\\ud800"}',
    b'{"name": "\xf0\x9f\x99\x82\xf0\x9f\x99\x82", "email": "\xe2\x80\xaeadmin@example.com"}',
    b'{"name": "a", "email": "x\\u200b@example.com"}',
    b'{"name": 1e999}', b'{"name": 123456789012345678901234567890123456789}', b'{"name": -0.0}',
    b'{"name": ["a", "b"], "email": ["c"]}', b'{"name": {"$gt": ""}, "email": {"$ne": null}}',
    b'{"name": "x", "sub_account_ids": "' + b",".join([b"e"] * 500) + b'"}',
    b'{"name": "x", "sub_account_ids": [' + b",".join([b"[]"] * 200) + b"]}",
    b'{"name": "x", "enabled": "TRUE", "role": "MASTER_ADMIN"}',
    b'{"name": "x", "custom_attributes": ' + b'{"a":' * 50 + b"1" + b"}" * 50 + b"}",
    b'{"a":' * 600 + b"1" + b"}" * 600,
    b"[" * 5000 + b"]" * 5000,
    b'{"name": "' + "名".encode() * 300 + b'"}',
    b'{"name": "x", "name": "y", "email": "dup@example.com", "email": 5}',
    b'{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}',
    b"\x00\x00\x00\x00",
    "\ufeff{\"name\": \"bom\"}".encode(),
]


def hostile_targets(env_id, key, user_id, group_id):
    return [
        ("POST", "users"), ("PUT", f"users/{user_id}"), ("POST", "sub_accounts"), ("PUT", f"sub_accounts/{env_id}"),
        ("POST", "user_groups"), ("PUT", f"user_groups/{group_id}"),
        ("POST", f"sub_accounts/{env_id}/access_keys"), ("PUT", f"sub_accounts/{env_id}/access_keys/{key}"),
        ("DELETE", f"sub_accounts/{env_id}/access_keys"),
        ("POST", f"user_groups/{group_id}/users/{user_id}"),
    ]


@pytest.fixture(scope="module")
def scratch(scratch_server):
    """Raw client + new SDK on a separate server: hostile input that the server stores must not leak into
    the shared server's other tests."""
    r = Raw(scratch_server.base_url)
    yield r, make_new_sdk(scratch_server.base_url), scratch_server.base_url
    r.client.close()


def test_hostile_bodies_never_5xx(scratch):
    raw, new_sdk, base_url = scratch
    env = new_env(new_sdk)
    key = env.api_access_keys[0].key
    u = new_user(new_sdk, name="Hostile Target")
    g = new_sdk.user_groups.create(request={"name": unique_name("Hostile")})
    failures = []
    for method, path in hostile_targets(env.id, key, u.id, g.id):
        for body in HOSTILE_BODIES:
            for ctype in ("application/json", "text/plain"):
                r = raw.request(method, path, content=body, headers={"content-type": ctype})
                if r.status_code >= 500:
                    failures.append((method, path, body[:60], ctype, r.status_code, r.text[:200]))
                    continue
                if r.status_code >= 400:
                    try:
                        ok = isinstance(r.json().get("error", {}).get("message"), str)
                    except (ValueError, AttributeError):
                        ok = False
                    if not ok or "application/json" not in r.headers.get("content-type", ""):
                        failures.append((method, path, body[:60], ctype, r.status_code, "bad error envelope: " + r.text[:200]))
    assert not failures, "\n".join(map(str, failures))
    assert httpx.get(base_url + "/health", timeout=HTTP_TIMEOUT).status_code == 200
    # the key environment and group are still intact and usable
    assert new_sdk.access_keys.list(request={"sub_account_id": env.id}).total >= 1
    assert new_sdk.user_groups.get(group_id=g.id).id == g.id


HOSTILE_QUERIES = [
    "ids=" + "," * 3000, "ids[]=&ids[]=", "ids=%00", "emails=%FF%FE", "prefix=%FF", "prefix=%", "prefix=%%%",
    "prefix=" + "a" * 20000, "prefix=%E2%80%AE", "prefix=%F0%9F%99%82", "sub_account_id=%00",
    "sub_account_id=../../etc/passwd", "page=99999999999999999999999", "page_size=1e3", "page=-0",
    "page=1&page=2&page=abc", "page_size=10000&page=1000000", "sort_by[]=name", "pending[]=true",
    "last_login=true&from=0000-00-00", "last_login=true&from=2024-01-01&to=1999-01-01", "union_type=exclude",
    "last_login=true&from=2024-1-1", "from=%00", "&&&&", "=&=&=", "a=b=c", "ids", "prefix", "%",
    "sort_order=ASC", "pending=TRUE", "enabled=1", "ids=" + ",".join(["x" * 200] * 100),
]


def test_hostile_queries_never_5xx(scratch):
    raw, new_sdk, _ = scratch
    main_env = [e for e in raw.get("sub_accounts").json()["sub_accounts"] if e["name"] == "Main"][0]
    failures = []
    paths = ["users", "sub_accounts", "user_groups", f"sub_accounts/{main_env['id']}/access_keys", "billing_usage"]
    for path in paths:
        for q in HOSTILE_QUERIES:
            r = raw.client.get(raw.url(path) + "?" + q)
            if r.status_code >= 500 or "application/json" not in r.headers.get("content-type", ""):
                failures.append((path, q[:60], r.status_code, r.text[:200]))
    assert not failures, "\n".join(map(str, failures))


HOSTILE_IDS = ["%00", "%FF", "..%2F..%2Fhealth", "x" * 5000, "%F0%9F%99%82", "a%2Fb", "a+b", "%25",
               "'%20OR%201=1--", "%22%3E%3Cscript%3E", "-1", "0", "99999999999999999999999999999"]


def test_hostile_path_ids_never_5xx(scratch):
    raw, new_sdk, _ = scratch
    main_env = [e for e in new_sdk.product_environments.list(prefix="Main").sub_accounts if e.name == "Main"][0]
    failures = []
    for hid in HOSTILE_IDS:
        for method, path in (("GET", f"users/{hid}"), ("PUT", f"users/{hid}"), ("DELETE", f"users/{hid}"),
                             ("GET", f"users/{hid}/groups"), ("GET", f"users/{hid}/sub_accounts"),
                             ("GET", f"user_groups/{hid}"), ("DELETE", f"user_groups/{hid}/users/{hid}"),
                             ("GET", f"sub_accounts/{hid}"), ("DELETE", f"sub_accounts/{hid}"),
                             ("PUT", f"sub_accounts/{main_env.id}/access_keys/{hid}"),
                             ("DELETE", f"sub_accounts/{main_env.id}/access_keys/{hid}")):
            r = raw.client.request(method, raw.prefix + "/" + path, json={"name": "x"})
            if r.status_code >= 500 or r.status_code < 400:
                failures.append((method, path[:80], r.status_code, r.text[:200]))
    assert not failures, "\n".join(map(str, failures))
    # the main environment still has its key
    assert raw.get(f"sub_accounts/{main_env.id}/access_keys").json()["total"] >= 1


def test_hostile_headers_never_5xx(scratch):
    base_url = scratch[2]
    url = f"{base_url}/v1_1/provisioning/accounts/{ACCOUNT_ID}/users"
    import base64
    weird_auth = [
        "Basic " + base64.b64encode(("k" * 10000 + ":" + "s").encode()).decode(),
        "Basic " + base64.b64encode("ключ:секрет".encode()).decode(),
        "Basic " + base64.b64encode(b"\xff\xfe:\x00").decode(),
        "Basic =", "Basic ====", "Digest username=x", "Basic " + "A" * 8000,
    ]
    with httpx.Client(timeout=HTTP_TIMEOUT) as c:
        for h in weird_auth:
            r = c.get(url, headers={"Authorization": h})
            assert r.status_code == 401, (h[:40], r.status_code, r.text[:200])
        r = c.post(url, content=b'{"name":"x","email":"y@example.com"}',
                   headers={"Authorization": "Basic " + base64.b64encode(f"{API_KEY}:{API_SECRET}".encode()).decode(),
                            "Content-Type": "application/json; charset=latin-1"})
        assert r.status_code < 500


# Runs last on the scratch server: the stored value slows every later listing down.
def test_deeply_nested_custom_attributes_do_not_break_listing(scratch):
    """custom_attributes nested 200 levels deep: either refused (4xx naming the field), or stored such that
    the new SDK can still list product environments (its JSON parser stops at ~200 levels)."""
    raw, new_sdk, _ = scratch
    nested = "{\"a\":" * 200 + "1" + "}" * 200
    r = raw.post("sub_accounts", content=f'{{"name": "deep", "custom_attributes": {nested}}}'.encode(),
                 headers={"content-type": "application/json"})
    assert r.status_code < 500
    if r.status_code >= 400:
        # Either the field is named, or the whole body is refused for nesting past the JSON parser's limit.
        msg = assert_error_body(r, (400, 413, 422))
        assert "custom_attributes" in msg or "nesting too deep" in msg, msg
    r = raw.post("sub_accounts", content=("{\"name\": \"deep2\", \"custom_attributes\": " + "{\"a\":" * 40 + "1" + "}" * 40 + "}").encode(),
                 headers={"content-type": "application/json"})
    assert_error_body(r, (400,), "custom_attributes")
    envs = new_sdk.product_environments.list().sub_accounts
    assert any(e.name == "Main" for e in envs)


def test_unsupported_methods_are_4xx_json(raw, new_sdk):
    u = new_user(new_sdk)
    for method, path in (("PATCH", f"users/{u.id}"), ("OPTIONS", "users"), ("PATCH", "sub_accounts"),
                         ("DELETE", "users"), ("PUT", "users"), ("POST", f"users/{u.id}"), ("TRACE", "users")):
        r = raw.request(method, path, json={"name": "x"})
        assert 400 <= r.status_code < 500, (method, path, r.status_code, r.text[:200])
    r = raw.request("HEAD", "users")
    assert r.status_code < 500
    assert new_sdk.users.get(user_id=u.id).name == u.name


def test_legacy_public_agent_endpoints_answer_json(legacy):
    """Out of Gatehouse's scope, but the legacy SDK must get a JSON error it can raise, not a parse failure."""
    with pytest.raises(cex.Error) as e:
        legacy.create_cloud(delivery_ips=["1.2.3.4"])
    assert not isinstance(e.value, cex.GeneralError) or "parsing" not in str(e.value)
    assert "Error 5" not in str(e.value)
