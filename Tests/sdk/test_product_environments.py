"""Product environments (sub accounts): list with every filter and spelling, create (generated and given
cloud names, base_sub_account_id, custom_attributes), get, update, delete -- through both SDKs."""

import re

import cloudinary.exceptions as cex
import pytest
from cloudinary_account_provisioning import models

from support import error_message, new_env, new_user, uid, unique_cloud_name, unique_name

CLOUD_NAME_RE = re.compile(r"[a-z][a-z0-9_-]{1,63}")


def env_ids(envs):
    return [e.id if hasattr(e, "id") else e["id"] for e in envs]


def test_bootstrap_environment_main(new_sdk, legacy, main_env):
    assert main_env.name == "Main" and main_env.enabled is True
    assert CLOUD_NAME_RE.fullmatch(main_env.cloud_name)
    assert len(main_env.api_access_keys) == 1 and main_env.api_access_keys[0].enabled is True
    lmain = legacy.sub_account(main_env.id)
    assert lmain["name"] == "Main" and lmain["cloud_name"] == main_env.cloud_name


def test_create_without_cloud_name_generates_unique_names(new_sdk, legacy):
    a = new_sdk.product_environments.create(request={"name": unique_name("Gen")})
    b = new_sdk.product_environments.create(request={"name": unique_name("Gen")})
    c = legacy.create_sub_account(unique_name("Gen"))
    names = [a.cloud_name, b.cloud_name, c["cloud_name"]]
    assert all(CLOUD_NAME_RE.fullmatch(n) for n in names), names
    assert len(set(names)) == 3
    assert len({a.id, b.id, c["id"]}) == 3
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in (a.id, b.id, c["id"]))
    # A new environment is enabled and comes with one enabled access key.
    for env in (a, b):
        assert env.enabled is True
        assert len(env.api_access_keys) == 1
        k = env.api_access_keys[0]
        assert k.enabled is True and re.fullmatch(r"\d{15}", k.key) and k.secret
    assert c["enabled"] is True and len(c["api_access_keys"]) == 1
    assert a.created_at is not None and a.updated_at is not None


def test_create_with_cloud_name_both_sdks(new_sdk, legacy):
    cn1, cn2 = unique_cloud_name("new"), unique_cloud_name("leg")
    name1, name2 = unique_name("Env One"), unique_name("Env Two")
    a = new_sdk.product_environments.create(request={"name": name1, "cloud_name": cn1})
    assert (a.name, a.cloud_name) == (name1, cn1)
    b = legacy.create_sub_account(name2, cloud_name=cn2, enabled=False)
    assert (b["name"], b["cloud_name"], b["enabled"]) == (name2, cn2, False)
    assert new_sdk.product_environments.get(sub_account_id=b["id"]).enabled is False
    got = new_sdk.product_environments.get(sub_account_id=a.id)
    assert (got.id, got.name, got.cloud_name, got.enabled) == (a.id, name1, cn1, True)


def test_duplicate_cloud_name_conflicts_and_writes_nothing(new_sdk, legacy):
    cn = unique_cloud_name("dup")
    first = new_env(new_sdk, cloud_name=cn)
    before = env_ids(new_sdk.product_environments.list().sub_accounts)
    name = unique_name("Dup")
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.product_environments.create(request={"name": name, "cloud_name": cn})
    assert e.value.status_code == 409 and cn in error_message(e.value)
    with pytest.raises(cex.AlreadyExists):
        legacy.create_sub_account(name, cloud_name=cn)
    other = new_env(new_sdk)
    with pytest.raises(models.ErrorResponse) as e2:
        new_sdk.product_environments.update(sub_account_id=other.id,
                                            product_environment_update_request={"cloud_name": cn})
    assert e2.value.status_code == 409
    with pytest.raises(cex.AlreadyExists):
        legacy.update_sub_account(other.id, cloud_name=cn)
    assert new_sdk.product_environments.get(sub_account_id=other.id).cloud_name == other.cloud_name
    after = env_ids(new_sdk.product_environments.list().sub_accounts)
    assert after == before + [other.id]
    assert env_ids(new_sdk.product_environments.list(cloud_names=[cn]).sub_accounts) == [first.id]


@pytest.mark.parametrize("bad", ["has space", "a", "x" * 65, "ünïcode", "9starts-with-digit", "semi;colon", ""])
def test_invalid_cloud_name_rejected(new_sdk, bad):
    before = env_ids(new_sdk.product_environments.list().sub_accounts)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.product_environments.create(request={"name": unique_name("Bad"), "cloud_name": bad})
    assert e.value.status_code == 400
    assert "cloud_name" in error_message(e.value)
    assert env_ids(new_sdk.product_environments.list().sub_accounts) == before


def test_base_sub_account_id(new_sdk, legacy):
    attrs = {"team": "imaging", "cost_center": 42, "nested": {"a": [1, 2]}}
    base = legacy.create_sub_account(unique_name("Base"), custom_attributes=attrs)
    assert base["custom_attributes"] == attrs
    # legacy: base_account -> base_sub_account_id; settings (custom attributes) copied when not given
    child = legacy.create_sub_account(unique_name("Child"), base_account=base["id"])
    assert child["base_sub_account_id"] == base["id"]
    assert child["custom_attributes"] == attrs
    assert child["id"] != base["id"] and child["cloud_name"] != base["cloud_name"]
    # new SDK
    child2 = new_sdk.product_environments.create(request={"name": unique_name("Child2"),
                                                          "base_sub_account_id": base["id"]})
    assert legacy.sub_account(child2.id)["base_sub_account_id"] == base["id"]
    # unknown base: 400 naming the field, nothing created
    before = env_ids(new_sdk.product_environments.list().sub_accounts)
    bogus = "nosuchenv" + uid()
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.product_environments.create(request={"name": unique_name("Orphan"), "base_sub_account_id": bogus})
    assert e.value.status_code in (400, 404)
    assert "base_sub_account_id" in error_message(e.value) or bogus in error_message(e.value)
    with pytest.raises((cex.BadRequest, cex.NotFound)):
        legacy.create_sub_account(unique_name("Orphan"), base_account=bogus)
    assert env_ids(new_sdk.product_environments.list().sub_accounts) == before


def test_custom_attributes_legacy_intact_new_sdk_empty(new_sdk, legacy):
    attrs = {"region": "eu", "tier": 2, "flags": ["a", "b"], "ünï": "cödé"}
    env = legacy.create_sub_account(unique_name("Attrs"), custom_attributes=attrs)
    assert env["custom_attributes"] == attrs
    assert legacy.sub_account(env["id"])["custom_attributes"] == attrs
    # legacy update replaces them
    up = legacy.update_sub_account(env["id"], custom_attributes={"region": "us"})
    assert up["custom_attributes"] == {"region": "us"}
    # a new-SDK update that does not mention custom_attributes keeps them
    new_sdk.product_environments.update(sub_account_id=env["id"],
                                        product_environment_update_request={"name": unique_name("Renamed")})
    assert legacy.sub_account(env["id"])["custom_attributes"] == {"region": "us"}
    # the new SDK always sends {} (its model drops every key): accepted, stored as an empty object
    n = new_sdk.product_environments.create(request={"name": unique_name("NewAttrs"),
                                                     "custom_attributes": {"dropped": "by the SDK"}})
    assert legacy.sub_account(n.id)["custom_attributes"] == {}


def test_get_update_delete_new_sdk(new_sdk):
    env = new_env(new_sdk)
    got = new_sdk.product_environments.get(sub_account_id=env.id)
    assert (got.id, got.name, got.cloud_name) == (env.id, env.name, env.cloud_name)
    assert [k.key for k in got.api_access_keys] == [k.key for k in env.api_access_keys]
    name2, cn2 = unique_name("Upd"), unique_cloud_name("upd")
    up = new_sdk.product_environments.update(
        sub_account_id=env.id,
        product_environment_update_request={"name": name2, "cloud_name": cn2, "enabled": False})
    assert (up.id, up.name, up.cloud_name, up.enabled) == (env.id, name2, cn2, False)
    got = new_sdk.product_environments.get(sub_account_id=env.id)
    assert (got.name, got.cloud_name, got.enabled) == (name2, cn2, False)
    # partial update keeps the other fields
    up2 = new_sdk.product_environments.update(sub_account_id=env.id,
                                              product_environment_update_request={"enabled": True})
    assert (up2.name, up2.cloud_name, up2.enabled) == (name2, cn2, True)
    assert new_sdk.product_environments.delete(sub_account_id=env.id).message == "ok"
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.product_environments.get(sub_account_id=env.id)
    assert e.value.status_code == 404
    assert env.id not in env_ids(new_sdk.product_environments.list().sub_accounts)


def test_get_update_delete_legacy(legacy, new_sdk):
    env = legacy.create_sub_account(unique_name("LEnv"))
    got = legacy.sub_account(env["id"])
    assert got["id"] == env["id"] and got["name"] == env["name"]
    name2 = unique_name("LUpd")
    up = legacy.update_sub_account(env["id"], name=name2, enabled=False)  # enabled sent as "false"
    assert up["name"] == name2 and up["enabled"] is False
    assert legacy.update_sub_account(env["id"], enabled=True)["enabled"] is True
    assert legacy.sub_account(env["id"])["name"] == name2
    res = legacy.delete_sub_account(env["id"])
    assert res["message"] == "ok"
    with pytest.raises(cex.NotFound):
        legacy.sub_account(env["id"])
    assert env["id"] not in env_ids(new_sdk.product_environments.list().sub_accounts)


def test_unknown_environment_404(new_sdk, legacy):
    bogus = "nosuchenv" + uid()
    for call in (lambda: new_sdk.product_environments.get(sub_account_id=bogus),
                 lambda: new_sdk.product_environments.update(sub_account_id=bogus,
                                                             product_environment_update_request={"name": "x"}),
                 lambda: new_sdk.product_environments.delete(sub_account_id=bogus)):
        with pytest.raises(models.ErrorResponse) as e:
            call()
        assert e.value.status_code == 404
        assert bogus in error_message(e.value)
    for call in (lambda: legacy.sub_account(bogus), lambda: legacy.update_sub_account(bogus, name="x"),
                 lambda: legacy.delete_sub_account(bogus)):
        with pytest.raises(cex.NotFound):
            call()


def test_deleted_environment_disappears_from_users(new_sdk, main_env):
    env = new_env(new_sdk)
    u = new_user(new_sdk, role="admin", sub_account_ids=[env.id, main_env.id])
    new_sdk.product_environments.delete(sub_account_id=env.id)
    assert [e.id for e in new_sdk.users.list_sub_accounts(user_id=u.id).sub_accounts] == [main_env.id]
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.users.list(request={"sub_account_id": env.id})
    assert e.value.status_code == 404


# ---- list filters ------------------------------------------------------------------------------

def test_list_contains_all_and_agrees_between_sdks(new_sdk, legacy, main_env):
    env = new_env(new_sdk)
    new_ids = env_ids(new_sdk.product_environments.list().sub_accounts)
    legacy_ids = env_ids(legacy.sub_accounts()["sub_accounts"])
    assert new_ids == legacy_ids
    assert main_env.id in new_ids and env.id in new_ids
    # creation order
    assert new_ids.index(main_env.id) < new_ids.index(env.id)


def test_list_enabled_filter(new_sdk, legacy):
    token = "en" + uid(8)
    on = new_env(new_sdk, name=f"{token} on")
    off = legacy.create_sub_account(f"{token} off", enabled=False)
    assert env_ids(new_sdk.product_environments.list(prefix=token, enabled=True).sub_accounts) == [on.id]
    assert env_ids(new_sdk.product_environments.list(prefix=token, enabled=False).sub_accounts) == [off["id"]]
    assert env_ids(legacy.sub_accounts(prefix=token, enabled=False)["sub_accounts"]) == [off["id"]]
    assert env_ids(legacy.sub_accounts(prefix=token, enabled=True)["sub_accounts"]) == [on.id]
    assert set(env_ids(new_sdk.product_environments.list(prefix=token).sub_accounts)) == {on.id, off["id"]}
    every = new_sdk.product_environments.list(enabled=True).sub_accounts
    assert all(e.enabled for e in every) and off["id"] not in env_ids(every)


def test_list_ids_all_spellings(new_sdk, legacy, raw):
    a, b, c = new_env(new_sdk), new_env(new_sdk), new_env(new_sdk)
    assert env_ids(new_sdk.product_environments.list(ids=[a.id, b.id]).sub_accounts) == [a.id, b.id]
    assert env_ids(legacy.sub_accounts(ids=[b.id, c.id])["sub_accounts"]) == [b.id, c.id]  # ids[]=…
    for q in (f"ids={a.id}&ids={c.id}", f"ids[]={a.id}&ids[]={c.id}", f"ids={a.id},{c.id}", f"ids={a.id}%2C{c.id}"):
        r = raw.get("sub_accounts?" + q)
        assert r.status_code == 200, (q, r.text)
        assert env_ids(r.json()["sub_accounts"]) == [a.id, c.id], q
    # ids wins over the other filters
    assert env_ids(new_sdk.product_environments.list(ids=[a.id], prefix="nomatch" + uid(), enabled=False)
                   .sub_accounts) == [a.id]
    assert new_sdk.product_environments.list(ids=["nosuch" + uid()]).sub_accounts == []


def test_list_cloud_names_all_spellings(new_sdk, raw):
    a, b, c = new_env(new_sdk), new_env(new_sdk), new_env(new_sdk)
    got = new_sdk.product_environments.list(cloud_names=[a.cloud_name, c.cloud_name]).sub_accounts
    assert env_ids(got) == [a.id, c.id]
    for q in (f"cloud_names={a.cloud_name}&cloud_names={b.cloud_name}",
              f"cloud_names[]={a.cloud_name}&cloud_names[]={b.cloud_name}",
              f"cloud_names={a.cloud_name},{b.cloud_name}"):
        assert env_ids(raw.get("sub_accounts?" + q).json()["sub_accounts"]) == [a.id, b.id], q


def test_list_prefix_case_insensitive_plus_as_space(new_sdk, legacy, raw):
    token = "pe" + uid(8)
    one = new_env(new_sdk, name=f"{token} Alpha env")
    two = new_env(new_sdk, name=f"{token.upper()} Beta env")
    new_env(new_sdk, name=f"not {token}")
    assert set(env_ids(new_sdk.product_environments.list(prefix=token).sub_accounts)) == {one.id, two.id}
    assert set(env_ids(legacy.sub_accounts(prefix=token.upper())["sub_accounts"])) == {one.id, two.id}
    assert env_ids(new_sdk.product_environments.list(prefix=f"{token} alpha").sub_accounts) == [one.id]
    assert env_ids(legacy.sub_accounts(prefix=f"{token} BETA")["sub_accounts"]) == [two.id]
    assert env_ids(raw.get(f"sub_accounts?prefix={token}+alpha+e").json()["sub_accounts"]) == [one.id]


def test_environment_name_validation(new_sdk, legacy):
    before = env_ids(new_sdk.product_environments.list().sub_accounts)
    for bad in ("", "  ", "n" * 256):
        with pytest.raises(models.ErrorResponse) as e:
            new_sdk.product_environments.create(request={"name": bad})
        assert e.value.status_code == 400 and "name" in error_message(e.value)
    with pytest.raises(cex.BadRequest):
        legacy.create_sub_account("m" * 1000)
    env = new_env(new_sdk)
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.product_environments.update(sub_account_id=env.id,
                                            product_environment_update_request={"name": "q" * 256})
    assert e.value.status_code == 400 and "name" in error_message(e.value)
    assert new_sdk.product_environments.get(sub_account_id=env.id).name == env.name
    assert env_ids(new_sdk.product_environments.list().sub_accounts) == before + [env.id]


def test_deleting_environment_drops_its_keys_from_usage(new_sdk):
    def metric(name):
        return {m.metric: m for m in new_sdk.billing_usage.get()[0].metric_usage}[name].cycles[0].usage

    env = new_env(new_sdk)
    new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "extra"})
    keys, envs, seats = metric("access_keys"), metric("product_environments"), metric("seats")
    new_sdk.product_environments.delete(sub_account_id=env.id)
    assert metric("access_keys") == keys - 2
    assert metric("product_environments") == envs - 1
    assert metric("seats") == seats
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.access_keys.list(request={"sub_account_id": env.id})
    assert e.value.status_code == 404


def test_deleted_environment_cloud_name_reusable(new_sdk):
    cn = unique_cloud_name("reuse")
    env = new_env(new_sdk, cloud_name=cn)
    new_sdk.product_environments.delete(sub_account_id=env.id)
    again = new_env(new_sdk, cloud_name=cn)
    assert again.cloud_name == cn and again.id != env.id


def test_environment_updated_at_moves_created_at_stays(new_sdk):
    import time
    env = new_env(new_sdk)
    assert env.created_at == env.updated_at
    time.sleep(1.1)
    up = new_sdk.product_environments.update(sub_account_id=env.id,
                                             product_environment_update_request={"name": unique_name("Later")})
    assert up.created_at == env.created_at and up.updated_at > env.updated_at
