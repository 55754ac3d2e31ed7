"""Several Gatehouse servers on one PostgreSQL database (issue 16). The test command starts a throwaway
PostgreSQL server and names it in GATEHOUSE_TEST_DATABASE_URL; each test makes databases of its own there.
Shares the SDK suite's helpers (Tests/sdk/support.py)."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sdk"))

from support import _servers, write_server_logs  # noqa: E402


def pytest_configure(config):
    import os
    if not os.environ.get("GATEHOUSE_TEST_DATABASE_URL"):
        pytest.exit("GATEHOUSE_TEST_DATABASE_URL must name a PostgreSQL server (Scripts/postgres.sh start DIR prints one)", returncode=2)


@pytest.fixture(scope="session")
def tmp_root():
    d = Path(tempfile.mkdtemp(prefix="gatehouse-pg-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    write_server_logs(terminalreporter, _servers, label="gatehouse (postgres)")
