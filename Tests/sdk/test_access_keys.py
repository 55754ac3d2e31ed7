"""Access keys of a product environment: list (sorting, paging, total), generate, update (name, enabled,
dedicated_for=webhooks held by one key only), delete by key and by name -- through both SDKs."""

import re

import cloudinary.exceptions as cex
import pytest
from cloudinary_account_provisioning import models

from support import error_message, new_env, uid


def keys_of(resp):
    items = resp.access_keys if hasattr(resp, "access_keys") else resp["access_keys"]
    return [k.api_key if hasattr(k, "api_key") else k["api_key"] for k in items]


@pytest.fixture
def env(new_sdk):
    return new_env(new_sdk)


def raw_keys(raw, env_id):
    r = raw.get(f"sub_accounts/{env_id}/access_keys")
    assert r.status_code == 200, r.text
    return {k["api_key"]: k for k in r.json()["access_keys"]}


def test_fresh_environment_has_one_key(new_sdk, legacy, env):
    res = new_sdk.access_keys.list(request={"sub_account_id": env.id})
    assert res.total == 1 and len(res.access_keys) == 1
    k = res.access_keys[0]
    assert k.api_key == env.api_access_keys[0].key
    assert k.api_secret == env.api_access_keys[0].secret
    assert k.enabled is True
    lres = legacy.access_keys(env.id)
    assert lres["total"] == 1 and keys_of(lres) == [k.api_key]
    assert lres["access_keys"][0]["dedicated_for"] == []


def test_generate_new_sdk_and_legacy(new_sdk, legacy, env):
    a = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "ci", "enabled": True})
    assert a.name == "ci" and a.enabled is True
    assert re.fullmatch(r"\d{15}", a.api_key) and a.api_secret and len(a.api_secret) >= 20
    assert a.created_at is not None
    b = legacy.generate_access_key(env.id, name="ops key", enabled=False)  # enabled sent as "false"
    assert b["name"] == "ops key" and b["enabled"] is False and b["api_secret"]
    c = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={})
    assert c.enabled is True
    assert len({a.api_key, b["api_key"], c.api_key, env.api_access_keys[0].key}) == 4
    res = new_sdk.access_keys.list(request={"sub_account_id": env.id})
    assert res.total == 4
    assert keys_of(res) == [env.api_access_keys[0].key, a.api_key, b["api_key"], c.api_key]
    # The environment object lists them too (as key/secret/enabled).
    pe = new_sdk.product_environments.get(sub_account_id=env.id)
    assert {k.key: k.enabled for k in pe.api_access_keys} == {
        env.api_access_keys[0].key: True, a.api_key: True, b["api_key"]: False, c.api_key: True}
    assert {k.key: k.secret for k in pe.api_access_keys}[a.api_key] == a.api_secret


def test_list_sorting_and_paging(new_sdk, legacy, env):
    root = env.api_access_keys[0].key
    made = [new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": n, "enabled": e})
            for n, e in (("delta", True), ("alpha", False), ("charlie", True), ("bravo", False))]
    by_created = [root] + [k.api_key for k in made]

    def listed(**q):
        return new_sdk.access_keys.list(request={"sub_account_id": env.id, **q})

    assert keys_of(listed(sort_by="created_at", sort_order="asc")) == by_created
    assert keys_of(listed(sort_by="created_at", sort_order="desc")) == by_created[::-1]
    assert keys_of(listed(sort_by="api_key", sort_order="asc")) == sorted(by_created)
    assert keys_of(listed(sort_by="api_key", sort_order="desc")) == sorted(by_created, reverse=True)
    names = [k.name for k in listed(sort_by="name", sort_order="asc").access_keys if k.name != "Root"]
    assert names == ["alpha", "bravo", "charlie", "delta"]
    desc_names = [k.name for k in listed(sort_by="name", sort_order="desc").access_keys if k.name != "Root"]
    assert desc_names == ["delta", "charlie", "bravo", "alpha"]
    en = [k.enabled for k in listed(sort_by="enabled", sort_order="asc").access_keys]
    assert en == sorted(en) and en.count(False) == 2
    en_desc = [k.enabled for k in listed(sort_by="enabled", sort_order="desc").access_keys]
    assert en_desc == sorted(en_desc, reverse=True)
    # paging keeps `total` = all keys of the environment
    p1 = listed(sort_by="created_at", sort_order="asc", page=1, page_size=2)
    p2 = listed(sort_by="created_at", sort_order="asc", page=2, page_size=2)
    p3 = listed(sort_by="created_at", sort_order="asc", page=3, page_size=2)
    p4 = listed(sort_by="created_at", sort_order="asc", page=4, page_size=2)
    assert (keys_of(p1), keys_of(p2), keys_of(p3), keys_of(p4)) == (by_created[0:2], by_created[2:4], by_created[4:], [])
    assert p1.total == p2.total == p3.total == p4.total == 5
    # legacy: same parameters
    lp = legacy.access_keys(env.id, page_size=3, page=2, sort_by="created_at", sort_order="asc")
    assert keys_of(lp) == by_created[3:] and lp["total"] == 5
    lp = legacy.access_keys(env.id, sort_by="name", sort_order="desc")
    assert [k["name"] for k in lp["access_keys"] if k["name"] != "Root"] == ["delta", "charlie", "bravo", "alpha"]


def test_update_name_and_enabled(new_sdk, legacy, env):
    k = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "before"})
    up = new_sdk.access_keys.update(sub_account_id=env.id, key=k.api_key,
                                    access_key_update_request={"name": "after", "enabled": False})
    assert (up.api_key, up.name, up.enabled) == (k.api_key, "after", False)
    assert up.api_secret == k.api_secret
    lup = legacy.update_access_key(env.id, int(k.api_key), name="after legacy", enabled=True)
    assert (lup["api_key"], lup["name"], lup["enabled"]) == (k.api_key, "after legacy", True)
    stored = {x.api_key: x for x in new_sdk.access_keys.list(request={"sub_account_id": env.id}).access_keys}
    assert (stored[k.api_key].name, stored[k.api_key].enabled) == ("after legacy", True)
    # partial: only enabled
    up2 = new_sdk.access_keys.update(sub_account_id=env.id, key=k.api_key,
                                     access_key_update_request={"enabled": False})
    assert (up2.name, up2.enabled) == ("after legacy", False)


def test_dedicated_for_webhooks_moves_between_keys(new_sdk, legacy, raw, env):
    root = env.api_access_keys[0].key
    a = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "hooks-a"})
    b = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "hooks-b"})
    res = legacy.update_access_key(env.id, a.api_key, dedicated_for="webhooks")
    assert res["dedicated_for"] == ["webhooks"]
    held = {k: v["dedicated_for"] for k, v in raw_keys(raw, env.id).items()}
    assert held == {root: [], a.api_key: ["webhooks"], b.api_key: []}
    # new SDK moves it to b: a loses it
    new_sdk.access_keys.update(sub_account_id=env.id, key=b.api_key,
                               access_key_update_request={"dedicated_for": "webhooks", "name": "hooks-b2"})
    held = {k: v["dedicated_for"] for k, v in raw_keys(raw, env.id).items()}
    assert held == {root: [], a.api_key: [], b.api_key: ["webhooks"]}
    assert raw_keys(raw, env.id)[b.api_key]["name"] == "hooks-b2"
    lkeys = {k["api_key"]: k["dedicated_for"] for k in legacy.access_keys(env.id)["access_keys"]}
    assert sum(1 for v in lkeys.values() if v == ["webhooks"]) == 1
    # Another environment's mark is independent.
    other = new_env(new_sdk)
    legacy.update_access_key(other.id, other.api_access_keys[0].key, dedicated_for="webhooks")
    assert raw_keys(raw, env.id)[b.api_key]["dedicated_for"] == ["webhooks"]
    # An unknown purpose is refused, naming the field.
    r = raw.put(f"sub_accounts/{env.id}/access_keys/{a.api_key}", json={"dedicated_for": "emails"})
    assert r.status_code == 400 and "dedicated_for" in r.json()["error"]["message"]
    with pytest.raises(cex.BadRequest):
        legacy.update_access_key(env.id, a.api_key, dedicated_for="emails")
    assert raw_keys(raw, env.id)[a.api_key]["dedicated_for"] == []


def test_delete_by_key_both_sdks(new_sdk, legacy, env):
    a = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "del-a"})
    b = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "del-b"})
    assert new_sdk.access_keys.delete(sub_account_id=env.id, key=a.api_key).message == "ok"
    assert legacy.delete_access_key(env.id, api_key=b.api_key)["message"] == "ok"
    res = new_sdk.access_keys.list(request={"sub_account_id": env.id})
    assert keys_of(res) == [env.api_access_keys[0].key] and res.total == 1
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.access_keys.delete(sub_account_id=env.id, key=a.api_key)
    assert e.value.status_code == 404
    with pytest.raises(cex.NotFound):
        legacy.delete_access_key(env.id, api_key=b.api_key)


def test_delete_by_name_both_sdks(new_sdk, legacy, env):
    a = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "ci 2"})
    b = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "legacy name"})
    c = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "keep me"})
    # new SDK: ?name=ci+2
    assert new_sdk.access_keys.delete_by_name(sub_account_id=env.id, name="ci 2").message == "ok"
    assert a.api_key not in keys_of(new_sdk.access_keys.list(request={"sub_account_id": env.id}))
    # legacy: {"name": …} in the DELETE body
    assert legacy.delete_access_key(env.id, name="legacy name")["message"] == "ok"
    remaining = keys_of(new_sdk.access_keys.list(request={"sub_account_id": env.id}))
    assert remaining == [env.api_access_keys[0].key, c.api_key]
    assert b.api_key not in remaining
    # unknown name: 404, nothing deleted
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.access_keys.delete_by_name(sub_account_id=env.id, name="ci 2")
    assert e.value.status_code == 404
    with pytest.raises(cex.NotFound):
        legacy.delete_access_key(env.id, name="nobody")
    assert keys_of(new_sdk.access_keys.list(request={"sub_account_id": env.id})) == remaining


def test_delete_by_name_without_name_is_400(raw, env):
    r = raw.delete(f"sub_accounts/{env.id}/access_keys")
    assert r.status_code == 400 and "name" in r.json()["error"]["message"]
    r = raw.delete(f"sub_accounts/{env.id}/access_keys", headers={"content-type": "application/json"}, content=b"{}")
    assert r.status_code == 400
    assert len(raw_keys(raw, env.id)) == 1


def test_duplicate_key_name_conflicts(new_sdk, legacy, env):
    new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "same"})
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "same"})
    assert e.value.status_code == 409
    with pytest.raises(cex.AlreadyExists):
        legacy.generate_access_key(env.id, name="same")
    other = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "other"})
    with pytest.raises(models.ErrorResponse) as e2:
        new_sdk.access_keys.update(sub_account_id=env.id, key=other.api_key,
                                   access_key_update_request={"name": "same"})
    assert e2.value.status_code == 409
    assert new_sdk.access_keys.list(request={"sub_account_id": env.id}).total == 3
    # The same name in another environment is fine.
    env2 = new_env(new_sdk)
    assert new_sdk.access_keys.generate(sub_account_id=env2.id, access_key_request={"name": "same"}).name == "same"


def test_unknown_environment_or_key_404(new_sdk, legacy, env):
    bogus_env, bogus_key = "nosuchenv" + uid(), "999999999999999"
    other = new_env(new_sdk)
    foreign = other.api_access_keys[0].key
    calls = [
        lambda: new_sdk.access_keys.list(request={"sub_account_id": bogus_env}),
        lambda: new_sdk.access_keys.generate(sub_account_id=bogus_env, access_key_request={"name": "x"}),
        lambda: new_sdk.access_keys.update(sub_account_id=env.id, key=bogus_key,
                                           access_key_update_request={"name": "x"}),
        lambda: new_sdk.access_keys.delete(sub_account_id=env.id, key=bogus_key),
        lambda: new_sdk.access_keys.delete_by_name(sub_account_id=bogus_env, name="x"),
        # a key of another environment is not reachable through this one
        lambda: new_sdk.access_keys.update(sub_account_id=env.id, key=foreign,
                                           access_key_update_request={"enabled": False}),
        lambda: new_sdk.access_keys.delete(sub_account_id=env.id, key=foreign),
    ]
    for call in calls:
        with pytest.raises(models.ErrorResponse) as e:
            call()
        assert e.value.status_code == 404, error_message(e.value)
    for call in (lambda: legacy.access_keys(bogus_env), lambda: legacy.generate_access_key(bogus_env),
                 lambda: legacy.update_access_key(env.id, bogus_key, name="x"),
                 lambda: legacy.delete_access_key(env.id, api_key=foreign)):
        with pytest.raises(cex.NotFound):
            call()
    k = new_sdk.access_keys.list(request={"sub_account_id": other.id}).access_keys
    assert [(x.api_key, x.enabled) for x in k] == [(foreign, True)]


@pytest.mark.parametrize("query", ["sort_by=secret", "sort_order=up", "page=0", "page=101", "page_size=0",
                                   "page_size=many"])
def test_list_invalid_query_rejected(raw, env, query):
    r = raw.get(f"sub_accounts/{env.id}/access_keys?{query}")
    assert r.status_code == 400, r.text
    assert query.split("=")[0] in r.json()["error"]["message"]


def test_key_name_too_long_rejected(new_sdk, legacy, env):
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "k" * 256})
    assert e.value.status_code == 400 and "name" in error_message(e.value)
    with pytest.raises(cex.BadRequest):
        legacy.update_access_key(env.id, env.api_access_keys[0].key, name="k" * 256)
    res = new_sdk.access_keys.list(request={"sub_account_id": env.id})
    assert res.total == 1 and res.access_keys[0].name == "Root"


@pytest.mark.parametrize("name", ["a+b c", "ci&name=other", "50% off", "ключ 🙂", "semi;colon/slash?q#frag"])
def test_delete_by_name_with_special_characters(new_sdk, legacy, env, name):
    a = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": name})
    assert a.name == name
    decoy = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "other"})
    assert new_sdk.access_keys.delete_by_name(sub_account_id=env.id, name=name).message == "ok"
    assert keys_of(new_sdk.access_keys.list(request={"sub_account_id": env.id})) == [
        env.api_access_keys[0].key, decoy.api_key]
    b = new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": name})
    assert legacy.delete_access_key(env.id, name=name)["message"] == "ok"
    assert b.api_key not in keys_of(new_sdk.access_keys.list(request={"sub_account_id": env.id}))
