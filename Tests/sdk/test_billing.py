"""Billing usage (new SDK only; the legacy SDK has no call for it): seats used / seat limit, product
environments and access keys, the year's cycle, and the per-environment breakdown."""

import datetime

import pytest
from cloudinary_account_provisioning import models

from support import SESSION_ADDITIONAL_USERS, SESSION_USER_LIMIT, new_env, new_user


def metrics(report):
    return {m.metric: m for m in report.metric_usage}


def only_report(new_sdk, **kw):
    res = new_sdk.billing_usage.get(**kw)
    assert isinstance(res, list) and len(res) == 1, res
    return res[0]


def live_users(new_sdk):
    return [u for u in new_sdk.users.list().users if u.status != "inactive"]


def test_billing_usage_seats(new_sdk):
    rep = only_report(new_sdk)
    assert isinstance(rep.plan_name, str) and rep.plan_name
    seats = metrics(rep)["seats"]
    assert seats.limit == SESSION_USER_LIMIT + SESSION_ADDITIONAL_USERS
    used = seats.cycles[0].usage
    assert used == len(live_users(new_sdk))
    assert seats.monthly_cycles and seats.monthly_cycles[0].usage == used

    u = new_user(new_sdk)
    assert metrics(only_report(new_sdk))["seats"].cycles[0].usage == used + 1
    # A deleted (inactive) user no longer takes a seat.
    new_sdk.users.delete(user_id=u.id)
    assert metrics(only_report(new_sdk))["seats"].cycles[0].usage == used
    assert new_sdk.users.get(user_id=u.id).status == "inactive"


def test_billing_usage_environments_and_keys(new_sdk):
    before = metrics(only_report(new_sdk))
    env = new_env(new_sdk)
    new_sdk.access_keys.generate(sub_account_id=env.id, access_key_request={"name": "billing"})
    after = metrics(only_report(new_sdk))
    n_envs = len(new_sdk.product_environments.list().sub_accounts)
    assert after["product_environments"].cycles[0].usage == n_envs
    assert after["product_environments"].cycles[0].usage == before["product_environments"].cycles[0].usage + 1
    assert after["access_keys"].cycles[0].usage == before["access_keys"].cycles[0].usage + 2
    total_keys = sum(new_sdk.access_keys.list(request={"sub_account_id": e.id}).total
                     for e in new_sdk.product_environments.list().sub_accounts)
    assert after["access_keys"].cycles[0].usage == total_keys


def test_billing_usage_cycle_of_current_and_past_year(new_sdk):
    today = datetime.datetime.now(datetime.timezone.utc).date()
    cur = metrics(only_report(new_sdk))["seats"].cycles[0]
    assert cur.from_day == datetime.date(today.year, 1, 1)
    assert cur.to_day in (today, today - datetime.timedelta(days=1), today + datetime.timedelta(days=1))
    past = metrics(only_report(new_sdk, year=2024))["seats"].cycles[0]
    assert (past.from_day, past.to_day) == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))


def test_billing_usage_invalid_year_is_400(new_sdk, raw):
    with pytest.raises(models.ErrorResponse) as e:
        new_sdk.billing_usage.get(year=1066)
    assert e.value.status_code == 400
    assert "year" in e.value.data.error.message
    r = raw.get("billing_usage?year=twenty")
    assert r.status_code == 400 and "year" in r.json()["error"]["message"]
    r = raw.get("billing_usage?include_prodenv_breakdown=sometimes")
    assert r.status_code == 400 and "include_prodenv_breakdown" in r.json()["error"]["message"]


def test_billing_usage_without_breakdown_has_none(new_sdk):
    rep = only_report(new_sdk)
    for m in rep.metric_usage:
        for c in m.cycles:
            assert not c.product_environment_breakdown


def test_billing_usage_prodenv_breakdown_reaches_the_sdk(new_sdk):
    """`include_prodenv_breakdown=true`: the SDK's model carries `product_environment_breakdown` inside each
    cycle (`metric_usage[].cycles[].product_environment_breakdown[]`, items with `cloud_name`); every product
    environment must appear there."""
    env = new_env(new_sdk)
    rep = only_report(new_sdk, include_prodenv_breakdown=True)
    cloud_names = {e.cloud_name for e in new_sdk.product_environments.list().sub_accounts}
    assert env.cloud_name in cloud_names
    seen = set()
    for m in rep.metric_usage:
        for c in (m.cycles or []):
            for b in (c.product_environment_breakdown or []):
                seen.add(b.cloud_name)
    assert seen == cloud_names, "no per-environment breakdown visible through the SDK model"


def test_disabled_and_pending_users_take_seats(new_sdk, server):
    def used():
        return metrics(only_report(new_sdk))["seats"].cycles[0].usage

    base = used()
    a = new_user(new_sdk)
    b = new_user(new_sdk)
    new_sdk.users.update(user_id=a.id, user_request={"enabled": False})
    server.activate(b.email)
    assert used() == base + 2
    new_sdk.users.delete(user_id=a.id)
    new_sdk.users.delete(user_id=b.id)
    assert used() == base
