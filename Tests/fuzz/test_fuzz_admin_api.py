"""Fuzzes the Admin API folder operations of Cloudinary's Asset Management spec (asset-management.yml, tag
`folders`) and Gatehouse's collection routes (collections.yml, ours) with an API key of the bootstrap
environment holding its Master Admin role: valid and invalid data, the environment's cloud name, folder paths
and ids, collection ids and principals drawn from what exists; never a 5xx, the server always alive."""

from __future__ import annotations

import httpx
import pytest
import schemathesis

from fuzz_support import COLLECTIONS_SPEC, drawn, exercise, fuzz_config, ok, session, spec_path
from support import ACCOUNT_ID, HTTP_TIMEOUT

folder_operations = schemathesis.pytest.from_fixture("folder_schema").include(tag="folders")
collection_operations = schemathesis.pytest.from_fixture("collection_schema")

PRODENV_MASTER = "cld::role::prodenv::master_admin"


@pytest.fixture(scope="module")
def env_key(account_http) -> dict:
    """The bootstrap environment ("Main") and a new API key of it holding its Master Admin role."""
    envs = ok(account_http.get(f"/v1_1/provisioning/accounts/{ACCOUNT_ID}/sub_accounts", params={"prefix": "Main"}))
    main = [e for e in envs["sub_accounts"] if e["name"] == "Main"]
    assert len(main) == 1, envs
    env = main[0]
    key = ok(account_http.post(f"/v1_1/provisioning/accounts/{ACCOUNT_ID}/sub_accounts/{env['id']}/access_keys",
                               json={"name": "fuzz", "enabled": True}))
    ok(account_http.put(f"/v2/accounts/{ACCOUNT_ID}/permissions/principal_roles", json={
        "operation": "add", "principal": {"type": "apiKey", "id": key["api_key"]},
        "roles": [{"id": PRODENV_MASTER, "scope_id": env["id"]}]}))
    return {"cloud_name": env["cloud_name"], "environment": env["id"], "auth": (key["api_key"], key["api_secret"])}


@pytest.fixture(scope="module")
def admin_seeded(fuzz_server, env_key, seeded) -> dict[str, list[str]]:
    """Folders and collections of the environment (paths and ids to draw from), and principals to invite."""
    base = f"{fuzz_server.base_url}/v1_1/{env_key['cloud_name']}"
    with httpx.Client(auth=env_key["auth"], timeout=HTTP_TIMEOUT) as c:
        paths = ["fuzz", "fuzz/a", "fuzz/a/b", "other"]
        ids = [ok(c.post(f"{base}/folders/{p}"))["external_id"] for p in paths]
        collections = [ok(c.post(f"{base}/collections", json={"name": f"Fuzz {n}"}))["external_id"] for n in (1, 2)]
    return {"folder_paths": paths, "folder_ids": ids, "collection_ids": collections,
            "principals": seeded["users"] + seeded["groups"] + [env_key["auth"][0]]}


@pytest.fixture(scope="module")
def key_session(env_key):
    with session(env_key["auth"]) as s:
        yield s


def admin_config(fuzz_server, env_key, admin_seeded) -> schemathesis.Config:
    return fuzz_config(fuzz_server.base_url, parameters={
        "path.cloud_name": env_key["cloud_name"],
        "path.folder": drawn("folder_paths", 0.5),
        "path.folder_id": drawn("folder_ids"),
        "path.collection_id": drawn("collection_ids"),
        "body.principal.id": drawn("principals"),
    }, dictionaries=admin_seeded)


@pytest.fixture(scope="module")
def folder_schema(fuzz_server, env_key, admin_seeded):
    config = admin_config(fuzz_server, env_key, admin_seeded)
    return schemathesis.openapi.from_path(spec_path("asset-management.yml"), config=config)


@pytest.fixture(scope="module")
def collection_schema(fuzz_server, env_key, admin_seeded):
    return schemathesis.openapi.from_path(COLLECTIONS_SPEC, config=admin_config(fuzz_server, env_key, admin_seeded))


@folder_operations.parametrize()
def test_folder_operations(case, fuzz_server, key_session):
    exercise(case, fuzz_server, key_session)


@collection_operations.parametrize()
def test_collection_operations(case, fuzz_server, key_session):
    exercise(case, fuzz_server, key_session)
