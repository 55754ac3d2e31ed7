"""Shared fixtures of the SDK conformance suite.

The suite drives Cloudinary's two official Python SDKs -- the generated ``cloudinary-account-provisioning``
("new SDK") and ``cloudinary.provisioning`` from ``cloudinary`` ("legacy SDK") -- against the real
``gatehouse`` binary, started once per session on a free port with a temporary data directory and fixed
credentials. ``GATEHOUSE_BIN`` names the binary (default: ``.build/debug/gatehouse`` of the repository).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import cloudinary
import cloudinary.provisioning
import pytest
from cloudinary_account_provisioning import CldProvisioning

from support import (ACCOUNT_ID, ADMIN_EMAIL, API_KEY, API_SECRET, SESSION_ADDITIONAL_USERS, SESSION_USER_LIMIT, PermRaw,
                     Raw, _servers, load_catalog, make_new_sdk, start_server, uid, write_server_logs)

_tmp_roots: list[Path] = []


@pytest.fixture(scope="session")
def tmp_root():
    """Data directories and server logs; removed in pytest_unconfigure, after the failure summary has
    printed the logs."""
    d = Path(tempfile.mkdtemp(prefix="gatehouse-sdk-"))
    _tmp_roots.append(d)
    yield d


@pytest.fixture(scope="session")
def server(tmp_root):
    srv = start_server(tmp_root, "main")
    try:
        srv.set_seats(SESSION_USER_LIMIT, SESSION_ADDITIONAL_USERS)
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def scratch_server(tmp_root, request):
    """A separate server (own data directory) for tests whose input could disturb the shared one."""
    srv = start_server(tmp_root, f"scratch-{request.module.__name__}-{uid(4)}")
    try:
        srv.set_seats(SESSION_USER_LIMIT, SESSION_ADDITIONAL_USERS)
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def base_url(server) -> str:
    return server.base_url


@pytest.fixture(scope="session")
def new_sdk(base_url) -> CldProvisioning:
    return make_new_sdk(base_url)


@pytest.fixture
def legacy(base_url):
    """The legacy SDK's `cloudinary.provisioning` module, (re)configured for this server before each test
    (its configuration is global, and a test may have changed it)."""
    cloudinary.config(upload_prefix=base_url)
    cloudinary.provisioning.account_config(
        account_id=ACCOUNT_ID, provisioning_api_key=API_KEY, provisioning_api_secret=API_SECRET)
    return cloudinary.provisioning


@pytest.fixture(scope="session")
def raw(base_url) -> Raw:
    r = Raw(base_url)
    yield r
    r.client.close()


@pytest.fixture(scope="session")
def perm(base_url) -> PermRaw:
    """Plain HTTP to the Permissions API of the shared server."""
    p = PermRaw(base_url)
    yield p
    p.client.close()


@pytest.fixture(scope="session")
def catalog() -> dict:
    """The system policies/roles/legacy map the server ships (Sources/GatehouseCore/Resources/catalog.json)."""
    return load_catalog()


@pytest.fixture(scope="session")
def main_env(new_sdk):
    """The product environment the bootstrap created ("Main")."""
    envs = new_sdk.product_environments.list(prefix="Main").sub_accounts
    main = [e for e in envs if e.name == "Main"]
    assert len(main) == 1, [e.name for e in envs]
    return main[0]


@pytest.fixture(scope="session")
def admin_user(new_sdk):
    users = new_sdk.users.list(request={"emails": [ADMIN_EMAIL]}).users
    assert len(users) == 1
    return users[0]


# ---- reporting ----------------------------------------------------------------------------------

def pytest_terminal_summary(terminalreporter, exitstatus, config):
    write_server_logs(terminalreporter, _servers)


def pytest_unconfigure(config):
    for d in _tmp_roots:
        shutil.rmtree(d, ignore_errors=True)
