"""`gatehouse audit verify` on a store whose audit events were edited, removed or reordered directly in the
database (the SQLite file, or the PostgreSQL database when the suite runs on it): it names the first broken
event (id and sequence) and exits non-zero; an untouched copy verifies. The events come from writes through
the official SDK against a real server."""

import shutil
import sqlite3
import subprocess

import pytest

from support import CLI_TIMEOUT, make_new_sdk, psql, start_server, uid, unique_email, unique_name


@pytest.fixture(scope="module")
def logged_data_dir(tmp_root):
    """A stopped server's data directory holding events of several SDK writes."""
    srv = start_server(tmp_root, f"audit-verify-{uid(6)}")
    try:
        sdk = make_new_sdk(srv.base_url)
        for i in range(3):
            user = sdk.users.create(request={"name": unique_name(f"Audited{i}"), "email": unique_email("audited"), "role": "admin"})
            sdk.users.update(user_id=user.id, user_request={"name": unique_name("Renamed")})
        group = sdk.user_groups.create(request={"name": unique_name("Audited group")})
        sdk.user_groups.add_user(group_id=group.id, user_id=user.id)
    finally:
        srv.stop()
    return srv


class Copy:
    """A copy of a stopped server's store: its data directory (the signing key), and its database when the
    suite runs on PostgreSQL (made from the original as a template)."""

    def __init__(self, srv, tmp_root):
        self.data_dir = tmp_root / f"audit-copy-{uid(6)}"
        shutil.copytree(srv.data_dir, self.data_dir)
        self.database_url = None
        if srv.database_url:
            server, original = srv.database_url.rsplit("/", 1)
            name = f"{original}_copy_{uid(6)}"
            psql(srv.database_url, f"CREATE DATABASE {name} TEMPLATE {original}")
            self.database_url = f"{server}/{name}"

    def args(self):
        return ["--data-dir", str(self.data_dir)] + (["--database-url", self.database_url] if self.database_url else [])


def copy_of(srv, tmp_root):
    return Copy(srv, tmp_root)


def verify(srv, copy):
    return subprocess.run([srv.binary, "audit", "verify", *copy.args()], capture_output=True, text=True, timeout=CLI_TIMEOUT)


def tamper(copy, *statements):
    """As someone with access to the database could: the append-only triggers dropped (disabled) first."""
    if copy.database_url:
        psql(copy.database_url, "ALTER TABLE auditEvent DISABLE TRIGGER USER", *statements)
        return
    db = sqlite3.connect(copy.data_dir / "gatehouse.sqlite")
    try:
        db.execute("DROP TRIGGER auditEvent_no_update")
        db.execute("DROP TRIGGER auditEvent_no_delete")
        for sql in statements:
            db.execute(sql)
        db.commit()
    finally:
        db.close()


def event_ids(copy):
    query = "SELECT sequence, id FROM auditEvent ORDER BY sequence"
    if copy.database_url:
        rows = [line.split("|") for line in psql(copy.database_url, query).splitlines() if line]
        return {int(sequence): id for sequence, id in rows}
    db = sqlite3.connect(copy.data_dir / "gatehouse.sqlite")
    try:
        return dict(db.execute(query).fetchall())
    finally:
        db.close()


def test_an_untouched_log_verifies(logged_data_dir, tmp_root):
    copy = copy_of(logged_data_dir, tmp_root)
    count = len(event_ids(copy))
    assert count >= 9  # account, owner, three users created and renamed, a group and its member, ...
    res = verify(logged_data_dir, copy)
    assert res.returncode == 0, res.stdout + res.stderr
    assert f"Verified {count} events" in res.stdout


def test_an_edited_event_is_named(logged_data_dir, tmp_root):
    copy = copy_of(logged_data_dir, tmp_root)
    ids = event_ids(copy)
    tamper(copy, "UPDATE auditEvent SET targetName = 'Mallory' WHERE sequence = 5")
    res = verify(logged_data_dir, copy)
    assert res.returncode != 0
    assert f"Broken at event {ids[5]} (sequence 5)" in res.stdout, res.stdout + res.stderr


def test_a_deleted_event_is_named_by_the_one_after_the_gap(logged_data_dir, tmp_root):
    copy = copy_of(logged_data_dir, tmp_root)
    ids = event_ids(copy)
    tamper(copy, "DELETE FROM auditEvent WHERE sequence = 4")
    res = verify(logged_data_dir, copy)
    assert res.returncode != 0
    assert f"Broken at event {ids[5]} (sequence 5)" in res.stdout, res.stdout + res.stderr
    assert "removed" in res.stdout


def test_reordered_events_are_named(logged_data_dir, tmp_root):
    copy = copy_of(logged_data_dir, tmp_root)
    ids = event_ids(copy)
    # Swap the positions of events 6 and 7: the one now at 6 is the first out of place.
    tamper(copy,
           "UPDATE auditEvent SET sequence = -1 WHERE sequence = 6",
           "UPDATE auditEvent SET sequence = 6 WHERE sequence = 7",
           "UPDATE auditEvent SET sequence = 7 WHERE sequence = -1")
    res = verify(logged_data_dir, copy)
    assert res.returncode != 0
    assert f"Broken at event {ids[7]} (sequence 6)" in res.stdout, res.stdout + res.stderr


def test_an_unreadable_signing_key_fails_loudly(logged_data_dir, tmp_root):
    copy = copy_of(logged_data_dir, tmp_root)
    (copy.data_dir / "audit-signing.key").write_text("not a key\n")
    res = verify(logged_data_dir, copy)
    assert res.returncode != 0
    assert "audit signing key" in (res.stdout + res.stderr)
