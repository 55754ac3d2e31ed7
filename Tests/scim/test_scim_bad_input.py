"""Never a 5xx, whatever a SCIM client sends: Hypothesis-generated bodies for POST/PUT/PATCH (random JSON, and
User-shaped bodies with wrong types and unknown names), filters drawn from SCIM's own tokens, and list
parameters. Every refusal must be SCIM's error shape with the HTTP status in `status`; concurrent creates
of one userName or email end with exactly one user."""

from __future__ import annotations

import concurrent.futures
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scim_support import (ERROR_SCHEMA, GROUP_SCHEMA, PATCH_SCHEMA, SEARCH_SCHEMA, USER_SCHEMA, describe, primary_email,
                          unique_email, user_body)
from support import uid

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

json_scalars = st.none() | st.booleans() | st.integers(-2**63, 2**63) | st.floats(allow_nan=False) | st.text(max_size=40)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                           max_leaves=20)
names = st.sampled_from(["userName", "emails", "name", "displayName", "active", "externalId", "groups", "id", "meta",
                         "schemas", "members", "value", "primary", "type", "givenName", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                         "urn:gatehouse:params:scim:schemas:extension:cloudinary:2.0:User", "environments", "roles", "manager",
                         "password", "x", ""]) | st.text(max_size=10)
shaped = st.dictionaries(names, json_values | st.lists(st.dictionaries(names, json_values, max_size=4), max_size=3), max_size=7)
filter_tokens = st.sampled_from(['userName', 'emails', 'emails.value', 'name.givenName', 'meta.created', 'active', 'groups',
                                 'members', 'value', 'type', 'urn:ietf:params:scim:schemas:core:2.0:User:userName', 'eq', 'ne',
                                 'co', 'sw', 'ew', 'pr', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', '(', ')', '[', ']', '.',
                                 '"x"', '"a\\"b"', '"\\u00e9"', 'true', 'false', 'null', '42', '-1.5e3', '"2026-01-01T00:00:00Z"',
                                 ' ', '  ', '"', '\\'])
filters = st.lists(filter_tokens, max_size=14).map(" ".join) | st.text(max_size=60)
ops = st.fixed_dictionaries({"op": st.sampled_from(["add", "replace", "remove", "Add", "Replace", "Remove", "move", ""]) | json_values},
                            optional={"path": st.sampled_from(["active", "userName", "emails", 'emails[type eq "work"].value',
                                                               "name.givenName", "members", 'members[value eq "x"]', "meta", "id",
                                                               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                                                               "emails[", "", "groups"]) | st.text(max_size=20) | json_values,
                                      "value": json_values | shaped})


def assert_refusal_shape(resp):
    assert resp.status_code < 500, describe(resp)
    if resp.status_code >= 400:
        body = resp.json()
        assert body.get("schemas") == [ERROR_SCHEMA] and body.get("status") == str(resp.status_code), describe(resp)
        assert isinstance(body.get("detail"), str), describe(resp)


@pytest.fixture(scope="module")
def target(sdk):
    """A user made through the Provisioning API (so SCIM's own create is not needed), and a group."""
    user = sdk.users.create(request={"name": "Fuzz Target", "email": unique_email("fuzz")})
    group = sdk.user_groups.create(request={"name": f"Fuzz group {uid(8)}"})
    return user.id, group.id


@FUZZ
@given(body=json_values | shaped)
def test_random_user_and_group_bodies_never_5xx(scim, body):
    for path in ("Users", "Groups"):
        r = scim.post(path, body)
        assert_refusal_shape(r)
        if r.status_code == 201:
            scim.delete(f"{path}/{r.json()['id']}")


@FUZZ
@given(body=shaped)
def test_random_put_bodies_never_5xx(scim, target, body):
    user_id, group_id = target
    assert_refusal_shape(scim.put(f"Users/{user_id}", {"schemas": [USER_SCHEMA], **body}))
    assert_refusal_shape(scim.put(f"Groups/{group_id}", {"schemas": [GROUP_SCHEMA], **body}))


@FUZZ
@given(operations=st.lists(ops, max_size=4) | json_values)
def test_random_patches_never_5xx(scim, target, operations):
    user_id, group_id = target
    for path in (f"Users/{user_id}", f"Groups/{group_id}"):
        assert_refusal_shape(scim.patch(path, {"schemas": [PATCH_SCHEMA], "Operations": operations}))


@FUZZ
@given(text=filters, start=st.none() | st.text(max_size=6) | st.integers(-5, 10**12).map(str),
       count=st.none() | st.text(max_size=6) | st.integers(-5, 10**12).map(str),
       sort=st.none() | filter_tokens, attrs=st.none() | filters)
def test_random_filters_and_list_parameters_never_5xx(scim, text, start, count, sort, attrs):
    params = {"filter": text}
    for key, value in (("startIndex", start), ("count", count), ("sortBy", sort), ("attributes", attrs)):
        if value is not None:
            params[key] = value
    for path in ("Users", "Groups"):
        r = scim.get(path, params=params)
        assert_refusal_shape(r)
        if r.status_code == 400:
            assert r.json().get("scimType") in ("invalidFilter", "invalidValue", "invalidSyntax", "invalidPath", None), describe(r)
    assert_refusal_shape(scim.post("Users/.search", {"schemas": [SEARCH_SCHEMA], "filter": text}))


@FUZZ
@given(raw=st.binary(max_size=200))
def test_random_bytes_never_5xx(scim, target, raw):
    user_id, _ = target
    assert_refusal_shape(scim.post("Users", raw=raw))
    assert_refusal_shape(scim.request("PATCH", f"Users/{user_id}", raw=raw))


def test_odd_ids_and_paths_never_5xx(scim):
    for path in ("Users/%00", "Users/" + "x" * 5000, "Users/..%2F..%2Fetc", "Groups/%FF", "Users/a/b", "Schemas/%25",
                 "ResourceTypes/%00", "Users/.search", "Nope", "Users?filter=%ZZ"):
        r = scim.get(path)
        assert r.status_code < 500, describe(r)


def test_concurrent_creates_of_one_user_name_make_one_user(scim, stored):
    name = f"race-{uid(8)}@example.com"
    bodies = [user_body(user_name=name, email=unique_email("race")) for _ in range(8)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda b: scim.post("Users", b), bodies))
    for r in results:
        assert_refusal_shape(r)
    created = [r for r in results if r.status_code == 201]
    assert len(created) == 1, [(r.status_code, r.text[:200]) for r in results]
    assert all(r.status_code == 409 and r.json().get("scimType") == "uniqueness" for r in results if r.status_code != 201), \
        [(r.status_code, r.text[:200]) for r in results]
    assert len(scim.filter_users(f'userName eq "{name}"')) == 1
    losers = [primary_email(b) for b, r in zip(bodies, results) if r.status_code != 201]
    assert all(stored.users_by_email(e) == [] for e in losers), "a refused racer left a user behind"


def test_concurrent_creates_of_one_email_make_one_user(scim, stored):
    email = unique_email("race-mail")
    bodies = [user_body(email=email, user_name=f"race-{uid(8)}") for _ in range(8)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda b: scim.post("Users", b), bodies))
    for r in results:
        assert_refusal_shape(r)
    assert sum(r.status_code == 201 for r in results) == 1, [(r.status_code, r.text[:200]) for r in results]
    assert len(stored.users_by_email(email)) == 1
    assert json.dumps([r.status_code for r in results]).count("409") == 7
