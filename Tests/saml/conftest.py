"""Fixtures of the SAML suite: a real IdP (pysaml2, see idp.py), the gatehouse server started like the
Console suite's (Tests/console/console_support.py: public URL, SMTP to aiosmtpd), product environments with
known cloud names, and headless Debian Chromium through Playwright.

Run it in a process of its own (its conftest and the other suites' share the module name `conftest`):
    .venv/bin/python -m pytest Tests/saml -q -p no:cacheprovider
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "console"))
sys.path.insert(0, str(HERE.parent / "sdk"))
sys.path.insert(0, str(HERE))
# pysaml2 imports a cipher mode that `cryptography` has moved; not ours to fix.
warnings.filterwarnings("ignore", message="CFB has been moved")

from console_support import browser_page, Inbox, chromium_browser, console_servers, running_inbox, start_console_server  # noqa: E402
from idp import IdP  # noqa: E402
from saml_support import Site  # noqa: E402
from support import PermRaw, Raw, make_new_sdk, uid, write_server_logs  # noqa: E402

_tmp_roots: list[Path] = []

# The flags every test starts from; a test that needs others sets them (the CLI works while the server runs).
# Users made through the Provisioning API are invited (the Console tests' make_person follows that mail).
DEFAULT_FLAGS = ("--no-enforce", "--no-idp-initiated", "--invite-new-users")


def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore:CFB has been moved")
    # The harness's self-test uses a pysaml2 SP that accepts either signature, on purpose.
    config.addinivalue_line("filterwarnings", "ignore:The SAML service provider accepts unsigned")


@pytest.fixture(scope="session")
def saml_tmp():
    d = Path(tempfile.mkdtemp(prefix="gatehouse-saml-"))
    _tmp_roots.append(d)
    yield d


@pytest.fixture(scope="session")
def inbox():
    with running_inbox() as box:
        yield box


@pytest.fixture(scope="session")
def idp():
    provider = IdP().start()
    try:
        yield provider
    finally:
        provider.stop()


def make_site(tmp: Path, name: str, inbox: Inbox, idp: IdP, user_limit: int = 500) -> Site:
    # Every test's logins come from one address; the SAML routes' rate limit is tested in SAMLHTTPTests.
    srv = start_console_server(tmp, name, inbox, env={"GATEHOUSE_PUBLIC_RATE_BURST": "5000"})
    srv.set_seats(user_limit, 0)
    idp.sp_base_url = srv.base_url
    base = srv.base_url
    return Site(srv=srv, idp=idp, sdk=make_new_sdk(base), perm=PermRaw(base), raw=Raw(base))


@pytest.fixture(scope="session")
def shared_site(saml_tmp, inbox, idp):
    site = make_site(saml_tmp, "saml", inbox, idp)
    try:
        yield site
    finally:
        site.srv.stop()


@pytest.fixture
def site(shared_site, idp):
    """The shared server with SAML configured for this IdP: not enforced, IdP-initiated off, invitations on."""
    idp.sp_base_url = shared_site.base
    idp.queue.clear()
    shared_site.configure(*DEFAULT_FLAGS)
    return shared_site


@pytest.fixture(scope="session")
def clouds(shared_site):
    """Three product environments with known cloud names: name → environment (SDK model)."""
    out = {}
    for tag in ("alpha", "beta", "gamma"):
        cloud = f"saml-{tag}-{uid(6)}"
        env = shared_site.sdk.product_environments.create(request={"name": f"SAML {tag} {uid(4)}", "cloud_name": cloud})
        assert env.cloud_name == cloud, env
        out[cloud] = env
    return out


@pytest.fixture(scope="session")
def chromium():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def page(chromium, site):
    with browser_page(chromium, site.base) as pg:
        yield pg


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    write_server_logs(terminalreporter, console_servers, label="saml gatehouse")


def pytest_unconfigure(config):
    for d in _tmp_roots:
        shutil.rmtree(d, ignore_errors=True)
