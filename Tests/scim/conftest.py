"""Fixtures of the SCIM suite: the real `gatehouse` server (started like the Console suite's, with its mail going
to an aiosmtpd catcher so invitations can be read), a SCIM token made with `gatehouse scim token create`, a
small SCIM client over httpx, and readers of what the server stored (the Provisioning API through the
official SDK and plain HTTP, the Permissions API, the audit events).

Run it in a process of its own (its conftest and the other suites' share the module name `conftest`):
    .venv/bin/python -m pytest Tests/scim -q -p no:cacheprovider
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "console"))
sys.path.insert(0, str(HERE.parent / "sdk"))
sys.path.insert(0, str(HERE))

from console_support import console_servers, running_inbox  # noqa: E402
from scim_support import Scim, Stored, create_token, start_scim_server  # noqa: E402
from support import make_new_sdk, uid, write_server_logs  # noqa: E402

_tmp_roots: list[Path] = []


@pytest.fixture(scope="session")
def scim_tmp():
    d = Path(tempfile.mkdtemp(prefix="gatehouse-scim-"))
    _tmp_roots.append(d)
    yield d


@pytest.fixture(scope="session")
def inbox():
    with running_inbox() as box:
        yield box


@pytest.fixture(scope="session")
def server(scim_tmp, inbox):
    srv = start_scim_server(scim_tmp, "scim", inbox)
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def token(server):
    return create_token(server, f"suite-{uid(6)}")


@pytest.fixture(scope="session")
def scim(server, token):
    client = Scim(server.base_url, token.secret)
    yield client
    client.close()


@pytest.fixture(scope="session")
def stored(server):
    s = Stored(server.base_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def sdk(server):
    return make_new_sdk(server.base_url)


@pytest.fixture(scope="session")
def clouds(sdk):
    """Two product environments with known cloud names: cloud name → environment (SDK model)."""
    out = {}
    for tag in ("alpha", "beta"):
        cloud = f"scim-{tag}-{uid(6)}"
        env = sdk.product_environments.create(request={"name": f"SCIM {tag} {uid(4)}", "cloud_name": cloud})
        assert env.cloud_name == cloud, env
        out[cloud] = env
    return out


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    write_server_logs(terminalreporter, console_servers, label="scim gatehouse")


def pytest_unconfigure(config):
    for d in _tmp_roots:
        shutil.rmtree(d, ignore_errors=True)
