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


def serve_until_exit(tmp_root, database_url: str) -> subprocess.CompletedProcess:
    data_dir = tmp_root / f"refused-{uid(4)}"
    res = subprocess.run([gatehouse_bin(), "serve", "--data-dir", str(data_dir), "--database-url", database_url, "--port", str(free_port())],
                         capture_output=True, text=True, timeout=60)
    assert "Fatal error" not in res.stderr + res.stdout, res.stderr  # refused, not crashed
    return res


def test_startup_refuses_an_unreachable_database_clearly(tmp_root):
    res = serve_until_exit(tmp_root, f"postgres://gatehouse@127.0.0.1:{free_port()}/nowhere?connect_timeout=2")
    assert res.returncode != 0
    assert "cannot connect to postgres://gatehouse@127.0.0.1" in res.stderr + res.stdout, res.stderr


def test_startup_refuses_a_schema_newer_than_the_binary(tmp_root):
    from support import fresh_database
    url = fresh_database()
    srv = ServerProcess(binary=gatehouse_bin(), data_dir=tmp_root / f"newer-{uid(4)}", port=free_port(),
                        log_path=tmp_root / f"newer-{uid(4)}.log", database_url=url)
    srv.data_dir.mkdir()
    _servers.append(srv)
    srv.start()
    srv.stop()
    psql(url, "INSERT INTO gatehouseMigration (name) VALUES ('v999-from-the-future')")
    res = serve_until_exit(tmp_root, url)
    assert res.returncode != 0
    assert "set up by a newer Gatehouse" in res.stderr + res.stdout and "v999-from-the-future" in res.stderr + res.stdout, res.stderr


def test_a_bad_database_url_is_named(tmp_root):
    for url, words in (("mysql://x/y", "must look like postgres://"), ("postgres://h/db?pool=0", "pool must be a whole number"),
                       ("postgres://h/db?colour=blue", "does not know: colour")):
        res = serve_until_exit(tmp_root, url)
        assert res.returncode != 0 and words in res.stderr + res.stdout, (url, res.stderr)


def test_a_server_on_postgresql_stops_cleanly_on_sigterm(tmp_root):
    """The graceful shutdown lets the store go on the server's own threads: it must close without waiting on them."""
    from support import fresh_database
    url = fresh_database()
    for _ in range(2):  # a fresh database, then the same one again (migrations already there)
        srv = ServerProcess(binary=gatehouse_bin(), data_dir=tmp_root / f"sigterm-{uid(4)}", port=free_port(),
                            log_path=tmp_root / f"sigterm-{uid(4)}.log", database_url=url)
        srv.data_dir.mkdir()
        _servers.append(srv)
        srv.start()
        Api(srv).new_user(unique_email("stops"))
        srv.stop()
        assert srv.proc.returncode == 0, srv.log()[-3000:]
        assert "Fatal error" not in srv.log()
