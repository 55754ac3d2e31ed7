"""Durability: a write answered with 200 survives SIGKILL of the server; a restart on the same data
directory serves it (separate server instance, not the shared one)."""

import cloudinary.exceptions as cex
import pytest

from support import (ACCOUNT_ID, API_KEY, API_SECRET, free_port, make_new_sdk, start_server, uid, unique_email,
                     unique_name)


@pytest.fixture
def own_server(tmp_root):
    srv = start_server(tmp_root, f"durability-{uid(6)}")
    try:
        yield srv
    finally:
        srv.stop()


def restart(srv):
    """SIGKILL (no shutdown hook runs), then start again on the same data directory."""
    srv.kill()
    assert srv.proc.returncode == -9
    srv.port = free_port()
    srv.start()
    return make_new_sdk(srv.base_url)


def legacy_opts(srv):
    return dict(upload_prefix=srv.base_url, account_id=ACCOUNT_ID, provisioning_api_key=API_KEY,
                provisioning_api_secret=API_SECRET)


def test_created_user_survives_sigkill(own_server, legacy):
    sdk = make_new_sdk(own_server.base_url)
    name, email = unique_name("Durable"), unique_email("durable")
    u = sdk.users.create(request={"name": name, "email": email, "role": "admin"})
    assert u.status == "pending"
    sdk = restart(own_server)  # killed right after the 200
    got = sdk.users.get(user_id=u.id)
    assert (got.id, got.name, got.email, got.role, got.status) == (u.id, name, email, "admin", "pending")
    lgot = legacy.user(u.id, **legacy_opts(own_server))
    assert lgot["email"] == email
    # the unique email rule still holds after the restart
    with pytest.raises(cex.AlreadyExists):
        legacy.create_user(unique_name("Again"), email.upper(), "admin", **legacy_opts(own_server))


def test_every_acknowledged_write_survives_sigkill(own_server):
    sdk = make_new_sdk(own_server.base_url)
    users = [sdk.users.create(request={"name": unique_name("Burst"), "email": unique_email("burst")})
             for _ in range(15)]
    gone = users.pop()
    sdk.users.delete(user_id=gone.id)
    env = sdk.product_environments.create(request={"name": unique_name("DurEnv")})
    key = sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "durable key"})
    sdk.access_keys.update(sub_account_id=env.id, key=key.api_key, access_key_update_request={"enabled": False})
    group = sdk.user_groups.create(request={"name": unique_name("DurGroup")})
    sdk.user_groups.add_user(group_id=group.id, user_id=users[0].id)
    renamed = sdk.users.update(user_id=users[1].id, user_request={"name": "Renamed Before Kill"})
    assert renamed.name == "Renamed Before Kill"

    sdk = restart(own_server)

    listed = {u.id: u for u in sdk.users.list().users}
    assert all(u.id in listed for u in users)
    assert listed[gone.id].status == "inactive"
    assert listed[users[1].id].name == "Renamed Before Kill"
    assert sdk.product_environments.get(sub_account_id=env.id).name == env.name
    keys = {k.api_key: k for k in sdk.access_keys.list(request={"sub_account_id": env.id}).access_keys}
    assert keys[key.api_key].name == "durable key" and keys[key.api_key].enabled is False
    assert keys[key.api_key].api_secret == key.api_secret
    assert [m.id for m in sdk.user_groups.list_users(group_id=group.id).users] == [users[0].id]


def test_restart_keeps_credentials_and_single_bootstrap(own_server):
    sdk = make_new_sdk(own_server.base_url)
    envs_before = [e.id for e in sdk.product_environments.list().sub_accounts]
    admins_before = [u.id for u in sdk.users.list().users if u.root]
    first_line = own_server.account_line
    sdk = restart(own_server)
    # same credentials still work; no second account/admin/environment was bootstrapped
    assert [e.id for e in sdk.product_environments.list().sub_accounts] == envs_before
    assert [u.id for u in sdk.users.list().users if u.root] == admins_before and len(admins_before) == 1
    assert first_line == f"CLOUDINARY_ACCOUNT_URL=account://{API_KEY}:{API_SECRET}@{ACCOUNT_ID}"
