"""Fixtures of the Console browser tests: a real SMTP server (aiosmtpd) the gatehouse server delivers to,
the server itself (started like the SDK suite's, see Tests/sdk/support.py), and headless Chromium driven by
Playwright through Debian's binary (never a Playwright browser download)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sdk"))

from console_support import browser_page, chromium_browser, running_inbox, console_servers, make_person, signed_in_page, start_console_server  # noqa: E402
from support import make_new_sdk, write_server_logs  # noqa: E402

_tmp_roots: list[Path] = []


@pytest.fixture(scope="session")
def console_tmp():
    d = Path(tempfile.mkdtemp(prefix="gatehouse-console-"))
    _tmp_roots.append(d)
    yield d


@pytest.fixture(scope="session")
def inbox():
    with running_inbox() as box:
        yield box


@pytest.fixture(scope="session")
def console_server(console_tmp, inbox):
    srv = start_console_server(console_tmp, "console", inbox)
    try:
        srv.set_seats(100, 0)
        yield srv
    finally:
        srv.stop()


@pytest.fixture(scope="session")
def sdk(console_server):
    return make_new_sdk(console_server.base_url)


@pytest.fixture(scope="session")
def chromium():
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def page(chromium, console_server):
    with browser_page(chromium, console_server.base_url) as pg:
        yield pg


@pytest.fixture(scope="session")
def master_admin(chromium, console_server, sdk, inbox) -> str:
    """The email of a Master Admin (account and every environment) who has set a password."""
    return make_person(chromium, console_server, sdk, inbox, "master_admin", tag="master")


@pytest.fixture
def admin_page(chromium, console_server, master_admin):
    """A page signed in as the Master Admin."""
    with signed_in_page(chromium, console_server, master_admin) as pg:
        yield pg


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    write_server_logs(terminalreporter, console_servers, label="console gatehouse")


def pytest_unconfigure(config):
    for d in _tmp_roots:
        shutil.rmtree(d, ignore_errors=True)
