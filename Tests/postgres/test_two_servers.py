"""Servers A and B on one PostgreSQL database behave as one service: a change acknowledged by A is seen by
B's very next request, invariants hold under concurrent writers on both, a force logout through A ends a
session used on B, and a SIGKILLed server loses no acknowledged write."""

from __future__ import annotations

import concurrent.futures
import threading
import time

import httpx
import pytest

from pair import ADMIN_PASSWORD, Api, Browser, invitation_link, start_pair
from support import ADMIN_EMAIL, API_KEY, API_SECRET, ACCOUNT_ID, uid, unique_email

EDITOR = "cld::role::folder::editor"


@pytest.fixture(scope="module")
def pair(tmp_root):
    a, b = start_pair(tmp_root, f"pair-{uid(4)}")
    a.set_seats(1000, 0)
    yield a, b
    a.stop()
    b.stop()


def check(api: Api, user_id: str, env_id: str, folder: str) -> str:
    body = {"principal": {"type": "user", "id": user_id}, "action": "update", "scope_id": env_id,
            "resource": {"type": "Asset", "id": f"asset-{folder}",
                         "attributes": {"ancestor_ids": [folder], "resource_type": "image", "access_mode": "public"}}}
    return api.ok(api.permissions("POST", "check", json=body))["data"]["decision"]


def test_a_role_given_or_taken_through_a_is_decided_on_b_at_the_next_request(pair):
    a, b = (Api(s) for s in pair)
    env = a.new_environment()
    user = a.new_user(unique_email("pair-role"), sub_account_ids=[env])["id"]
    for folder in (f"f-{uid(6)}" for _ in range(5)):
        assert check(b, user, env, folder) == "deny"  # B has compiled (and cached) this principal's grants
        role = {"id": EDITOR, "scope_id": env, "policy_parameters": {"folder_id": folder}}
        a.ok(a.permissions("PUT", "principal_roles", json={"operation": "add", "principal": {"type": "user", "id": user}, "roles": [role]}))
        assert check(b, user, env, folder) == "allow", "B decided on a grant cached before A's write"
        a.ok(a.permissions("PUT", "principal_roles", json={"operation": "remove", "principal": {"type": "user", "id": user}, "roles": [role]}))
        assert check(b, user, env, folder) == "deny", "B still allowed what A had taken away"


def test_sixteen_creates_over_both_servers_with_one_seat_left_make_exactly_one_user(tmp_root):
    a, b = start_pair(tmp_root, f"seats-{uid(4)}")
    try:
        apis = [Api(a), Api(b)]
        used = len(apis[0].ok(apis[0].provisioning("GET", "users"))["users"])
        a.set_seats(used + 1, 0)
        start = threading.Barrier(16)

        def create(n: int) -> int:
            api = apis[n % 2]
            start.wait()
            return api.provisioning("POST", "users", json={"name": f"Racer {n}", "email": unique_email(f"racer{n}")}).status_code

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(create, range(16)))
        assert sorted(statuses) == [200] + [403] * 15, statuses
        users = apis[1].ok(apis[1].provisioning("GET", "users"))["users"]
        assert len([u for u in users if u["name"].startswith("Racer")]) == 1
    finally:
        a.stop()
        b.stop()


def test_the_same_email_created_on_both_servers_at_once_is_one_user(pair):
    apis = [Api(s) for s in pair]
    for _ in range(3):
        address = unique_email("twice")
        start = threading.Barrier(8)

        def create(n: int) -> int:
            start.wait()
            return apis[n % 2].provisioning("POST", "users", json={"name": f"Twin {n}", "email": address}).status_code

        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(create, range(8)))
        assert sorted(statuses) == [200] + [409] * 7, statuses


def test_a_force_logout_through_a_ends_the_session_used_on_b(pair):
    a, b = pair
    api = Api(a)
    address = unique_email("pair-session")
    user = api.new_user(address, role="admin")
    person = Browser(b)
    person.accept_invitation(invitation_link([a, b], address), "a pair of long passwords")
    person.sign_in(address, "a pair of long passwords")
    assert person.signed_in()
    admin = Browser(a)
    admin.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
    done = admin.post(f"/console/users/{user['id']}/force-logout", {}, token_from="/console/users")
    assert done.status_code in (200, 302, 303), (done.status_code, done.text[:300])
    assert not person.signed_in(), "the session still worked on B after the force logout through A"
    assert admin.signed_in()


def test_sigkill_of_a_under_write_load_loses_no_acknowledged_write(tmp_root):
    a, b = start_pair(tmp_root, f"kill-{uid(4)}")
    try:
        a.set_seats(100000, 0)
        api_a, api_b = Api(a), Api(b)
        acknowledged: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def load(worker: int) -> None:
            client = httpx.Client(base_url=a.base_url, auth=(API_KEY, API_SECRET), timeout=10)
            n = 0
            while not stop.is_set():
                try:
                    r = client.post(f"/v1_1/provisioning/accounts/{ACCOUNT_ID}/users",
                                    json={"name": f"Load {worker}-{n}", "email": f"load-{worker}-{n}-{uid(6)}@example.com"})
                except httpx.HTTPError:
                    return  # the server is gone: what was not answered was not acknowledged
                if r.status_code == 200:
                    with lock:
                        acknowledged.append(r.json()["id"])
                n += 1

        workers = [threading.Thread(target=load, args=(w,)) for w in range(6)]
        for w in workers:
            w.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        a.kill()
        stop.set()
        for w in workers:
            w.join(30)
        assert len(acknowledged) >= 60
        for user_id in acknowledged:
            assert api_b.provisioning("GET", f"users/{user_id}").status_code == 200, f"acknowledged {user_id} is gone"
        # B goes on writing on the same database.
        api_b.new_user(unique_email("after-kill"))
    finally:
        a.stop()
        b.stop()
