"""Fuzzes every operation of Cloudinary's Permissions API spec (permissions.yml: `/v2/accounts/{id}/permissions`
with the account key, and the unauthenticated `public` endpoints): valid and invalid data, ids drawn from what
exists; never a 5xx, the server always alive."""

from __future__ import annotations

import pytest
import schemathesis

from fuzz_support import drawn, exercise, fuzz_config, session, spec_path
from support import ACCOUNT_ID, API_KEY, API_SECRET

schema = schemathesis.pytest.from_fixture("permissions_schema")


@pytest.fixture(scope="module")
def permissions_schema(fuzz_server, seeded):
    user = seeded["users"][1]
    dictionaries = {**seeded, "principals": seeded["users"] + seeded["groups"] + seeded["access_keys"], "statements": [
        "permit(principal, action, resource);",
        f'permit(principal == Cloudinary::User::"{user}", action == Cloudinary::Action::"read", resource is Cloudinary::Asset);',
        f'forbid(principal in Cloudinary::Group::"{seeded["groups"][0]}", action, resource) unless {{ resource has tags }};',
    ]}
    config = fuzz_config(fuzz_server.base_url, parameters={
        "path.account_id": ACCOUNT_ID,
        "path.role_id": drawn("roles"),
        "path.policy_id": drawn("policies"),
        "query.scope_id": drawn("environments", 0.4),
        "query.principal_id": drawn("principals", 0.5),
        "body.principal.id": drawn("principals", 0.5),
        "body.policy_statement": drawn("statements", 0.5),
        "body.scope_id": drawn("environments", 0.4),
    }, dictionaries=dictionaries)
    return schemathesis.openapi.from_path(spec_path("permissions.yml"), config=config)


@pytest.fixture(scope="module")
def account_session():
    with session((API_KEY, API_SECRET)) as s:
        yield s


@schema.parametrize()
def test_permissions_operations(case, fuzz_server, account_session):
    exercise(case, fuzz_server, account_session)
