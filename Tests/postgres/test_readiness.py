"""`/ready` follows the database: 503 within 10 s of it going away, 200 again once it is back, without a
restart; `/health` stays 200 throughout. On a PostgreSQL server of the test's own, stopped and started."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from support import ServerProcess, _servers, free_port, gatehouse_bin, psql, uid, unique_email
from pair import Api

SCRIPT = Path(__file__).resolve().parent.parent.parent / "Scripts" / "postgres.sh"


def postgres(command: str, directory: Path) -> str:
    res = subprocess.run(["bash", str(SCRIPT), command, str(directory)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[-1] if res.stdout.strip() else ""


def wait_status(url: str, status: int, within: float) -> float:
    started = time.monotonic()
    last = None
    while time.monotonic() - started < within:
        try:
            last = httpx.get(url, timeout=within).status_code
        except httpx.HTTPError as error:
            last = error
        if last == status:
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer {status} within {within} s (last: {last})")


def test_ready_follows_the_database_and_health_stays_up(tmp_root):
    # Not under tmp_root, and opened up: the postgres user must reach it (mkdtemp makes it the owner's alone).
    cluster = Path(tempfile.mkdtemp(prefix="gatehouse-own-postgres-"))
    cluster.chmod(0o755)
    url = postgres("start", cluster)
    try:
        psql(url, "CREATE DATABASE readiness")
        data_dir = tmp_root / f"ready-{uid(4)}"
        data_dir.mkdir()
        srv = ServerProcess(binary=gatehouse_bin(), data_dir=data_dir, port=free_port(), log_path=tmp_root / f"{data_dir.name}.log",
                            database_url=url.rsplit("/", 1)[0] + "/readiness")
        _servers.append(srv)
        srv.start()
        try:
            wait_status(srv.base_url + "/ready", 200, 10)
            postgres("stop", cluster)
            took = wait_status(srv.base_url + "/ready", 503, 10)
            assert httpx.get(srv.base_url + "/health", timeout=5).status_code == 200
            body = httpx.get(srv.base_url + "/ready", timeout=15).json()
            assert body["status"] == "unavailable" and body["reason"], body
            # A request that needs the store fails cleanly meanwhile: 503, Cloudinary's error shape.
            failed = Api(srv).provisioning("POST", "users", json={"name": "While down", "email": unique_email("down")})
            assert failed.status_code == 503, (failed.status_code, failed.text)
            assert failed.json()["error"]["message"]
            postgres("start", cluster)
            wait_status(srv.base_url + "/ready", 200, 30)
            Api(srv).new_user(unique_email("back-again"))
            print(f"/ready answered 503 {took:.1f} s after the database stopped")
        finally:
            srv.stop()
    finally:
        postgres("stop", cluster)
        shutil.rmtree(cluster, ignore_errors=True)
