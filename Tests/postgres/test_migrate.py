"""`gatehouse migrate --from DIR --to URL`: an embedded (SQLite) install copied into an empty PostgreSQL database
answers the same lists there, keeps its credentials (hashes copied, not remade) and sessions, carries an audit
chain that still verifies, and the command refuses a database that already holds an account or cannot be
reached."""

from __future__ import annotations

import base64
import concurrent.futures
import os
import re
import shutil
import sqlite3
import subprocess

import httpx
import pytest

from pair import ADMIN_PASSWORD, Api, Browser
from support import (ADMIN_EMAIL, API_KEY, REPO, ServerProcess, _servers, fresh_database, free_port, gatehouse_bin, psql, uid,
                     unique_email)

EDITOR = "cld::role::folder::editor"
MASTER = "cld::role::prodenv::master_admin"
SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
SCIM_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
IDP_METADATA = """<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.migrate.test/metadata">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.migrate.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""
ACC_REPORTS = "cld::role::account::reports"
# More rows than one INSERT carries (1,000).
BULK_USERS = 1_010
# Tables the command leaves to the target's own bookkeeping (its migrations, its write generations).
BOOKKEEPING = {"grdb_migrations", "sqlite_sequence", "writeGeneration", "standingChange"}


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "GATEHOUSE_DATABASE_URL"}
    return subprocess.run([gatehouse_bin(), *args], capture_output=True, text=True, timeout=120, env={**environment, **(env or {})})


def server(tmp_root, data_dir, name: str, database_url: str) -> ServerProcess:
    # An empty database_url keeps the server on SQLite although the suite names a PostgreSQL server.
    srv = ServerProcess(binary=gatehouse_bin(), data_dir=data_dir, port=free_port(), log_path=tmp_root / f"{name}.log",
                        env={"GATEHOUSE_ADMIN_PASSWORD": ADMIN_PASSWORD}, database_url=database_url)
    _servers.append(srv)
    return srv.start()


def lists(api: Api, user_ids: list[str], group_id: str) -> dict:
    """What the APIs answer about the install, to compare before and after."""
    perm = lambda path, **params: api.ok(api.permissions("GET", path, params=params))  # noqa: E731
    return {
        "users": api.ok(api.provisioning("GET", "users")),
        "groups": api.ok(api.provisioning("GET", "user_groups")),
        "members": api.ok(api.provisioning("GET", f"user_groups/{group_id}/users")),
        "environments": api.ok(api.provisioning("GET", "sub_accounts")),
        "roles": perm("roles", permission_type="global"),
        "content_roles": perm("roles", permission_type="content"),
        "policies": perm("policies/custom"),
        "assignments": [perm("principal_roles", principal_type="user", principal_id=u, permission_type=t)
                        for u in user_ids for t in ("global", "content")],
        "key_roles": perm("principal_roles", principal_type="provisioningKey", principal_id=API_KEY, permission_type="global"),
    }


def source_counts(data_dir) -> dict[str, int]:
    with sqlite3.connect(f"file:{data_dir / 'gatehouse.sqlite'}?mode=ro", uri=True) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names if n not in BOOKKEEPING}


def scim_status(base_url: str, token: str) -> int:
    return httpx.get(f"{base_url}/scim/v2/Users", headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code


@pytest.fixture(scope="module")
def migrated(tmp_root):
    """A SQLite install with a bit of everything, stopped, migrated into a new database, and a server on it."""
    data_dir = tmp_root / f"migrate-{uid(4)}"
    data_dir.mkdir(parents=True)
    old = server(tmp_root, data_dir, data_dir.name + "-sqlite", "")
    api = Api(old)
    old.set_seats(BULK_USERS + 100, 0)
    cloud = f"mig-{uid(8)}"
    env = api.ok(api.provisioning("POST", "sub_accounts", json={"cloud_name": cloud, "name": f"Migrated {uid(6)}"}))["id"]
    users = [api.new_user(unique_email(f"mig{n}"), sub_account_ids=[env])["id"] for n in range(3)]
    # Enough users (and so audit events) that the larger tables are copied in several statements.
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        made = list(pool.map(lambda n: Api(old).provisioning("POST", "users", json={"name": f"Bulk {n}", "email": unique_email(f"bulk{n}")}),
                             range(BULK_USERS)))
    assert all(r.status_code == 200 for r in made), {r.status_code for r in made}
    group = api.ok(api.provisioning("POST", "user_groups", json={"name": f"Migrated {uid(6)}"}))["id"]
    for user in users[:2]:
        api.ok(api.provisioning("POST", f"user_groups/{group}/users/{user}"))
    role = api.permissions("POST", "roles", json={"name": f"Copied {uid(6)}", "permission_type": "global", "scope_type": "prodenv",
                                                  "base_role_id": "cld::role::prodenv::ml_admin"})
    assert role.status_code == 201, role.text
    role_id = role.json()["data"]["id"]
    assign = lambda principal, kind, roles: api.ok(api.permissions(  # noqa: E731
        "PUT", "principal_roles", json={"operation": "add", "principal": {"type": kind, "id": principal}, "roles": roles}))
    assign(users[0], "user", [{"id": role_id, "scope_id": env}])
    assign(users[1], "user", [{"id": EDITOR, "scope_id": env, "policy_parameters": {"folder_id": "f-migrated"}}])
    assign(group, "group", [{"id": role_id, "scope_id": env}])
    assign(API_KEY, "provisioningKey", [{"id": ACC_REPORTS}])
    policy = api.permissions("POST", "policies/custom", json={
        "name": f"Migrated policy {uid(6)}", "scope_type": "account",
        "policy_statement": f'permit(principal == Cloudinary::User::"{users[2]}", action == Cloudinary::Action::"read", '
                            'resource is Cloudinary::Asset);'})
    assert policy.status_code in (200, 201), policy.text
    access_key = api.ok(api.provisioning("POST", f"sub_accounts/{env}/access_keys", json={"name": "migrated", "enabled": True}))
    assert access_key["api_key"]
    assign(access_key["api_key"], "apiKey", [{"id": MASTER, "scope_id": env}])
    admin = httpx.Client(base_url=f"{old.base_url}/v1_1/{cloud}", auth=(access_key["api_key"], access_key["api_secret"]), timeout=30)
    assert admin.post("folders/Migrated/2026").status_code == 200
    assert admin.post("collections", json={"name": "Migrated collection"}).status_code == 200
    token = old.cli("scim", "token", "create", "--name", f"idp-{uid(4)}").stdout.strip().splitlines()[-1]
    assert scim_status(old.base_url, token) == 200
    scim = httpx.Client(base_url=f"{old.base_url}/scim/v2", timeout=30,
                        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"})
    scim_email = unique_email("scim")
    created = scim.post("Users", json={"schemas": [SCIM_USER], "userName": scim_email, "externalId": f"ext-{uid(6)}",
                                       "name": {"givenName": "Scim", "familyName": "Person"},
                                       "emails": [{"value": scim_email, "type": "work", "primary": True}], "active": True})
    assert created.status_code == 201, created.text
    group_made = scim.post("Groups", json={"schemas": [SCIM_GROUP], "displayName": f"Scim group {uid(6)}", "externalId": f"gext-{uid(6)}",
                                           "members": [{"value": created.json()["id"]}]})
    assert group_made.status_code == 201, group_made.text
    metadata = tmp_root / f"idp-{uid(4)}.xml"
    pem = (REPO / "Tests" / "saml" / "keys" / "idp.crt").read_text()
    metadata.write_text(IDP_METADATA.format(cert="".join(line for line in pem.splitlines() if line and "CERTIFICATE" not in line)))
    old.cli("saml", "configure", "--idp-metadata", str(metadata), "--no-enforce")
    # A failed sign-in leaves a throttling record.
    stranger = Browser(old)
    failed = stranger.post("/console/login", {"email": ADMIN_EMAIL, "password": "not the password"})
    assert failed.status_code not in (302, 303), failed.status_code
    browser = Browser(old)
    browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    assert browser.signed_in()
    before = lists(api, users, group)
    old_audit = old.cli("audit", "verify").stdout
    old.stop()

    counts = source_counts(data_dir)
    database_url = fresh_database()
    assert database_url, "the suite runs with GATEHOUSE_TEST_DATABASE_URL"
    result = run("migrate", "--from", str(data_dir), "--to", database_url)
    assert result.returncode == 0, (result.stdout, result.stderr)
    # The servers on PostgreSQL keep the signing key of the data directory (its checkpoints' signatures).
    new_dir = tmp_root / f"{data_dir.name}-pg"
    new_dir.mkdir()
    shutil.copy(data_dir / "audit-signing.key", new_dir / "audit-signing.key")
    new = server(tmp_root, new_dir, new_dir.name, database_url)
    yield {"old": old, "new": new, "before": before, "users": users, "group": group, "token": token, "browser": browser,
           "counts": counts, "output": result.stdout, "database_url": database_url, "data_dir": data_dir, "old_audit": old_audit}
    new.stop()


def test_every_table_is_copied_and_counted(migrated):
    printed = dict(re.findall(r"^(\w+): (\d+) rows$", migrated["output"], re.M))
    assert {name: int(n) for name, n in printed.items()} == migrated["counts"]
    for table in ("user", "userGroup", "groupMember", "role", "roleAssignment", "customPolicy", "accessKey", "provisioningKey",
                  "session", "auditEvent", "folder", "collection", "scimUser", "scimGroup", "samlSettings", "signInFailure",
                  "mailQueue", "oneTimeToken", "credential", "userEnvironment", "environment"):
        assert migrated["counts"][table] > 0, table
    assert migrated["counts"]["user"] > BULK_USERS and migrated["counts"]["auditEvent"] > BULK_USERS
    # The target holds the same numbers (users is SQLite's user).
    url = migrated["database_url"]
    assert int(psql(url, "SELECT COUNT(*) FROM users")) == migrated["counts"]["user"]
    # The copy, then one store.migrate event (by the command line) per account.
    assert int(psql(url, "SELECT COUNT(*) FROM auditEvent WHERE action <> 'store.migrate'")) == migrated["counts"]["auditEvent"]
    accounts = int(psql(url, "SELECT COUNT(*) FROM account"))
    assert psql(url, "SELECT action || '|' || actorType FROM auditEvent WHERE sequence > "
                     f"{migrated['counts']['auditEvent']} ORDER BY sequence LIMIT {accounts}").split() == ["store.migrate|cli"] * accounts
    # Times to the millisecond (GRDB's UTC text in SQLite, TIMESTAMPTZ(3) here), booleans, lists.
    with sqlite3.connect(f"file:{migrated['data_dir'] / 'gatehouse.sqlite'}?mode=ro", uri=True) as db:
        source = sorted(f"{r[0]}|{r[1]}|{r[2]}|{'t' if r[3] else 'f'}" for r in db.execute("SELECT id, createdAt, updatedAt, enabled FROM user"))
        roles = sorted(f"{r[0]}|{r[1]}" for r in db.execute("SELECT id, systemPolicyIDs FROM role"))
    millis = "'YYYY-MM-DD HH24:MI:SS.MS'"
    copied = psql(url, f"SELECT id || '|' || to_char(createdAt AT TIME ZONE 'UTC', {millis}) || '|' || "
                       f"to_char(updatedAt AT TIME ZONE 'UTC', {millis}) || '|' || CASE WHEN enabled THEN 't' ELSE 'f' END FROM users")
    assert sorted(copied.splitlines()) == source
    copied_roles = psql(url, "SELECT id || '|' || array_to_json(systemPolicyIDs) FROM role")
    assert sorted(line.replace('","', '", "') for line in copied_roles.splitlines()) == [r.replace('","', '", "') for r in roles]
    # The target's triggers, off while rows were copied, are on again.
    assert psql(url, "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'").strip() == "0"
    assert int(psql(url, "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal")) > 0
    # The seat counter is the copy's, not the copy's plus one per inserted user.
    seats = psql(url, "SELECT seatsUsed, (SELECT COUNT(*) FROM users WHERE status <> 'inactive') FROM account").strip().split("|")
    assert seats[0] == seats[1], seats


# The SQLite declared types and the PostgreSQL types the import converts between (PostgresImportValue).
CONVERTED = {("TEXT", "text"), ("TEXT", "_text"), ("INTEGER", "int4"), ("INTEGER", "int8"), ("BOOLEAN", "bool"),
             ("DATETIME", "timestamptz"), ("BLOB", "bytea")}


def test_every_source_column_has_a_target_column_of_a_converted_type(migrated):
    """Also for the tables this fixture leaves empty (two-factor, SAML logins, retention checkpoints)."""
    target = {}
    for line in psql(migrated["database_url"], "SELECT table_name || '|' || column_name || '|' || udt_name FROM information_schema.columns "
                                               "WHERE table_schema = current_schema()").split():
        table, column, kind = line.split("|")
        target[(table, column)] = kind
    with sqlite3.connect(f"file:{migrated['data_dir'] / 'gatehouse.sqlite'}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'") if r[0] not in BOOKKEEPING]
        pairs = {(f"{t}.{c[1]}", c[2], target.get(("users" if t == "user" else t.lower(), c[1].lower())))
                 for t in tables for c in db.execute(f'PRAGMA table_info("{t}")')}
    assert len(pairs) > 150
    assert [p for p in pairs if (p[1], p[2]) not in CONVERTED] == []


def test_the_audit_chain_verifies_on_the_target(migrated):
    events = int(re.search(r"Verified (\d+) events", migrated["old_audit"]).group(1))
    # Every copied event, from the first (no retention cut yet), including those after the source's last verify.
    on_target = re.search(r"^Audit chain on the target: verified (\d+) events, intact$", migrated["output"], re.M)
    assert on_target, migrated["output"]
    assert int(on_target.group(1)) == migrated["counts"]["auditEvent"] >= events
    verified = migrated["new"].cli("audit", "verify").stdout
    assert re.search(r"Verified (\d+) events: the chain is intact", verified), verified
    assert int(re.search(r"Verified (\d+) events", verified).group(1)) >= events
    # The source's events are all there, in order, byte for byte (then the new server's own).
    with sqlite3.connect(f"file:{migrated['data_dir'] / 'gatehouse.sqlite'}?mode=ro", uri=True) as db:
        source = [f"{r[0]}|{r[1]}|{r[2]}" for r in db.execute("SELECT sequence, hash, afterJSON FROM auditEvent ORDER BY sequence")]
    target = psql(migrated["database_url"], "SELECT sequence || '|' || hash || '|' || COALESCE(afterJSON, '') FROM auditEvent ORDER BY sequence")
    assert target.splitlines()[:len(source)] == [line.replace("|None", "|") for line in source]


def test_a_server_on_postgres_answers_the_same_lists(migrated):
    api = Api(migrated["new"])
    assert lists(api, migrated["users"], migrated["group"]) == migrated["before"]
    assert "Created account" not in migrated["new"].log()  # the copied account, not a new bootstrap


def test_credentials_and_sessions_still_work(migrated):
    new = migrated["new"]
    # The provisioning key and the SCIM token authenticate by their copied hashes.
    assert Api(new).provisioning("GET", "users").status_code == 200
    wrong = Api(new)
    wrong.client.auth = (API_KEY, "not-the-secret")
    assert wrong.provisioning("GET", "users").status_code == 401
    assert scim_status(new.base_url, migrated["token"]) == 200
    assert scim_status(new.base_url, migrated["token"] + "x") == 401
    # The admin's Console session goes on on the new server.
    browser = Browser(new)
    browser.client.cookies = migrated["browser"].client.cookies
    assert browser.signed_in()


def test_the_server_on_postgres_writes_after_the_copied_rows(migrated):
    """Copied identity values (mail queue, sign-in failures) are followed by new ones, not collided with."""
    new = migrated["new"]
    url = migrated["database_url"]
    last_mail = int(psql(url, "SELECT MAX(id) FROM mailQueue"))
    last_failure = int(psql(url, "SELECT COALESCE(MAX(id), 0) FROM signInFailure"))
    api = Api(new)
    user = api.new_user(unique_email("after"))  # queues an invitation
    assert Browser(new).post("/console/login", {"email": ADMIN_EMAIL, "password": "still not it"}).status_code not in (302, 303)
    assert int(psql(url, "SELECT MAX(id) FROM mailQueue")) > last_mail
    assert int(psql(url, "SELECT MAX(id) FROM signInFailure")) > last_failure
    assert user["id"] in [u["id"] for u in api.ok(api.provisioning("GET", "users", params={"emails": user["email"]}))["users"]]
    seats = psql(url, "SELECT seatsUsed, (SELECT COUNT(*) FROM users WHERE status <> 'inactive') FROM account").strip().split("|")
    assert seats[0] == seats[1], seats


def test_a_running_source_is_refused(tmp_root):
    data_dir = tmp_root / f"running-{uid(4)}"
    data_dir.mkdir()
    srv = server(tmp_root, data_dir, data_dir.name, "")
    try:
        target = fresh_database()
        result = run("migrate", "--from", str(data_dir), "--to", target)
        assert result.returncode != 0
        assert "A Gatehouse server is running" in result.stderr, result.stderr
    finally:
        srv.stop()


def test_a_second_migrate_into_the_same_database_is_refused(migrated):
    before = psql(migrated["database_url"], "SELECT COUNT(*) FROM users")
    # The target named by the environment this time (as servers read it; keeps a password out of `ps`).
    result = run("migrate", "--from", str(migrated["data_dir"]), env={"GATEHOUSE_DATABASE_URL": migrated["database_url"]})
    assert result.returncode != 0
    assert "already holds an account" in result.stderr, result.stderr
    unnamed = run("migrate", "--from", str(migrated["data_dir"]))
    assert unnamed.returncode != 0 and "--to URL (or GATEHOUSE_DATABASE_URL)" in unnamed.stderr, unnamed.stderr
    assert psql(migrated["database_url"], "SELECT COUNT(*) FROM users") == before


def test_a_bad_target_or_source_fails_with_a_clear_message(migrated, tmp_root):
    data_dir = str(migrated["data_dir"])
    unreachable = run("migrate", "--from", data_dir, "--to", f"postgres://gatehouse@127.0.0.1:{free_port()}/nowhere")
    assert unreachable.returncode != 0
    assert "Cannot use the PostgreSQL database" in unreachable.stderr and "cannot connect" in unreachable.stderr, unreachable.stderr
    malformed = run("migrate", "--from", data_dir, "--to", "mysql://somewhere/db")
    assert malformed.returncode != 0 and "Cannot use the PostgreSQL database" in malformed.stderr, malformed.stderr
    empty = tmp_root / f"empty-{uid(4)}"
    empty.mkdir()
    missing = run("migrate", "--from", str(empty), "--to", fresh_database())
    assert missing.returncode != 0 and "There is no Gatehouse database" in missing.stderr, missing.stderr


def copy_source(migrated, tmp_root, name: str):
    """A copy of the migrated data directory's database, to damage."""
    data_dir = tmp_root / f"{name}-{uid(4)}"
    data_dir.mkdir()
    with sqlite3.connect(migrated["data_dir"] / "gatehouse.sqlite") as db, sqlite3.connect(data_dir / "gatehouse.sqlite") as copy:
        db.backup(copy)
    return data_dir


def test_a_value_that_cannot_be_converted_stops_everything(migrated, tmp_root):
    """A session (copied after the account, users and roles) with a time that is no time: the message names the
    column and nothing at all is left in the target."""
    data_dir = copy_source(migrated, tmp_root, "damaged")
    with sqlite3.connect(data_dir / "gatehouse.sqlite") as db:
        assert db.execute("UPDATE session SET expiresAt = 'next tuesday'").rowcount > 0
    target = fresh_database()
    result = run("migrate", "--from", str(data_dir), "--to", target)
    assert result.returncode != 0
    assert "Nothing was migrated" in result.stderr and "session.expiresAt" in result.stderr and "next tuesday" in result.stderr, result.stderr
    assert psql(target, "SELECT (SELECT COUNT(*) FROM account) + (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM role)").strip() == "0"
    # The same database takes a sound copy afterwards.
    sound = run("migrate", "--from", str(copy_source(migrated, tmp_root, "sound")), "--to", target)
    assert sound.returncode == 0, sound.stderr
    assert "Audit chain on the target: verified" in sound.stdout


def test_a_log_cut_by_retention_verifies_from_its_checkpoint_on_the_target(migrated, tmp_root):
    """A retention cut as `audit prune` makes it (a checkpoint signed with the data directory's key, the events up to
    it removed), made here by hand since the fixture's events are too new to prune: the copy verifies from the
    checkpoint with the source's key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    data_dir = copy_source(migrated, tmp_root, "pruned")
    shutil.copy(migrated["data_dir"] / "audit-signing.key", data_dir / "audit-signing.key")
    key = Ed25519PrivateKey.from_private_bytes(base64.b64decode((data_dir / "audit-signing.key").read_text().strip()))
    with sqlite3.connect(data_dir / "gatehouse.sqlite") as db:
        total = db.execute("SELECT COUNT(*) FROM auditEvent").fetchone()[0]
        sequence, digest, millis = db.execute("SELECT sequence, hash, timeMillis FROM auditEvent WHERE sequence = 10").fetchone()
        pruned_at = millis + 1
        signed = f"gatehouse-audit-checkpoint-v1\n{sequence}\n{digest}\n{millis}\n{pruned_at}".encode()
        db.execute("INSERT INTO auditCheckpoint (sequence, hash, timeMillis, prunedAtMillis, signature) VALUES (?, ?, ?, ?, ?)",
                   (sequence, digest, millis, pruned_at, base64.b64encode(key.sign(signed)).decode()))
        db.execute("DELETE FROM auditEvent WHERE sequence <= 10")
    target = fresh_database()
    result = run("migrate", "--from", str(data_dir), "--to", target)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "auditCheckpoint: 1 rows" in result.stdout
    assert f"Audit chain on the target: verified {total - 10} events, intact" in result.stdout, result.stdout
    assert psql(target, "SELECT sequence || '|' || hash FROM auditCheckpoint").strip() == f"10|{digest}"


def test_a_tampered_audit_log_is_copied_as_it_is_and_reported(migrated, tmp_root):
    """The copy does not mend or hide a chain altered in the source: the check on the target names the event."""
    data_dir = copy_source(migrated, tmp_root, "tampered")
    with sqlite3.connect(data_dir / "gatehouse.sqlite") as db:
        db.execute("DROP TRIGGER auditEvent_no_update")
        db.execute("UPDATE auditEvent SET targetName = 'someone else' WHERE sequence = 3")
        event = db.execute("SELECT id FROM auditEvent WHERE sequence = 3").fetchone()[0]
    target = fresh_database()
    result = run("migrate", "--from", str(data_dir), "--to", target)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert f"Audit chain on the target: broken at event {event} (sequence 3)" in result.stdout, result.stdout
    assert psql(target, "SELECT targetName FROM auditEvent WHERE sequence = 3").strip() == "someone else"


def test_a_user_who_does_not_own_the_tables_is_told_what_postgresql_said(migrated, tmp_root):
    target = fresh_database()
    setup = run("audit", "verify", "--data-dir", str(tmp_root / f"setup-{uid(4)}"), "--database-url", target)  # the schema, as its owner
    assert setup.returncode == 0, setup.stderr
    role = f"gh_mig_{uid(8)}"
    psql(target, f"CREATE ROLE {role} LOGIN", f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}",
         f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {role}", f"GRANT ALL ON SCHEMA public TO {role}")
    try:
        as_role = re.sub(r"^postgres://[^@/]*@", f"postgres://{role}@", target)
        result = run("migrate", "--from", str(copy_source(migrated, tmp_root, "owner")), "--to", as_role)
        assert result.returncode != 0
        assert "Nothing was migrated. PostgreSQL refused the import: must be owner of table" in result.stderr, result.stderr
        assert psql(target, "SELECT COUNT(*) FROM account").strip() == "0"
    finally:
        psql(target, f"REASSIGN OWNED BY {role} TO CURRENT_USER", f"DROP OWNED BY {role}", f"DROP ROLE {role}")


def test_a_source_from_a_newer_gatehouse_is_refused(migrated, tmp_root):
    data_dir = copy_source(migrated, tmp_root, "newer")
    with sqlite3.connect(data_dir / "gatehouse.sqlite") as copy:
        copy.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v999-from-the-future')")
    target = fresh_database()
    result = run("migrate", "--from", str(data_dir), "--to", target)
    assert result.returncode != 0
    assert "newer Gatehouse" in result.stderr and "v999-from-the-future" in result.stderr, result.stderr
    assert psql(target, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'account'").strip() == "0"
