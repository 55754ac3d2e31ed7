"""Fixtures of the fuzz tests: each test module gets its own `gatehouse serve` (fresh data directory, the SDK
suite's fixed credentials and start-up code from Tests/sdk/support.py), so one module's random writes never
change what another module's requests find, and the seeded names are the same every run."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sdk"))

from support import (ACCOUNT_ID, API_KEY, API_SECRET, HTTP_TIMEOUT, SESSION_ADDITIONAL_USERS,  # noqa: E402
                     SESSION_USER_LIMIT, start_server)
from fuzz_support import ok  # noqa: E402


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory, request):
    srv = start_server(tmp_path_factory.mktemp("gatehouse-fuzz"), request.module.__name__)
    try:
        srv.set_seats(SESSION_USER_LIMIT, SESSION_ADDITIONAL_USERS)
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def account_http(fuzz_server):
    """Plain HTTP with the account (provisioning) key, for seeding what the fuzzed requests will name."""
    with httpx.Client(base_url=fuzz_server.base_url, auth=(API_KEY, API_SECRET), timeout=HTTP_TIMEOUT) as c:
        yield c


@pytest.fixture(scope="module")
def seeded(account_http) -> dict[str, list[str]]:
    """A few environments, users, groups, access keys, a custom role and a custom policy, by id: the fuzz tests
    draw path parameters from these so that requests reach the handlers behind the existence checks."""
    prov = f"/v1_1/provisioning/accounts/{ACCOUNT_ID}"
    perm = f"/v2/accounts/{ACCOUNT_ID}/permissions"
    envs = [ok(account_http.post(f"{prov}/sub_accounts", json={"name": f"Fuzz {n}"}))["id"] for n in (1, 2)]
    users = [ok(account_http.post(f"{prov}/users", json={
        "name": f"Fuzz {n}", "email": f"fuzz-{n}@example.com", "role": "technical_admin",
        "sub_account_ids": envs}))["id"] for n in (1, 2)]
    groups = [ok(account_http.post(f"{prov}/user_groups", json={"name": "Fuzz 1"}))["id"]]
    ok(account_http.post(f"{prov}/user_groups/{groups[0]}/users/{users[0]}"))
    keys = [ok(account_http.post(f"{prov}/sub_accounts/{envs[0]}/access_keys", json={"name": "Fuzz 1"}))["api_key"]]
    role = ok(account_http.post(f"{perm}/roles", json={
        "name": "Fuzz 1", "permission_type": "global", "scope_type": "prodenv",
        "base_role_id": "cld::role::prodenv::ml_user"}))["data"]["id"]
    policy = ok(account_http.post(f"{perm}/policies/custom", json={
        "name": "Fuzz 1", "scope_type": "prodenv", "scope_id": envs[0], "enabled": True,
        "policy_statement": f'permit(principal == Cloudinary::User::"{users[0]}", action, resource);'}))["data"]["id"]
    return {"environments": envs, "users": users, "groups": groups, "access_keys": keys,
            "roles": [role, "cld::role::prodenv::technical_admin", "cld::role::folder::viewer"], "policies": [policy]}
