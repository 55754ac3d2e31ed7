#!/usr/bin/env python3
"""Console users table benchmark: how long the server takes to answer a page of /console/users at N users.

Starts the release server on a temporary data directory (bootstrapping the account and its owner), makes a few
product environments and groups through the Provisioning API, stops it, fills the SQLite file with N users
directly (their roles, groups and environment access too; a fixture, not a write path under test), starts the
server again, signs in to the Console as the owner and times GET /console/users for the first page, a search,
each filter, and a late page. Prints the median and worst of several runs per page; asserts nothing (the
target is <= 100 ms per page on the server; timed from the client over loopback keep-alive, so the figures
include a little client and network overhead).

usage: swift build -c release --product gatehouse
       Benchmarks/console_users_bench.py [--users 100000] [--runs 15] [--bin .build/release/gatehouse]
"""
import argparse, http.client, random, re, sqlite3, statistics, time, urllib.parse
from datetime import datetime, timedelta

from bench_support import Client, free_port, server, wait_for_port

KEY, SECRET, ACCOUNT = "555555555555555", "benchsecret", "bench"
OWNER, PASSWORD = "owner@bench.example.com", "a long and unusual bench passphrase"
P = f"/v1_1/provisioning/accounts/{ACCOUNT}/"


def stamp(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S.000")


def fill(path, users, environments, groups):
    """Inserts `users` users with a status mix, legacy roles, some restricted to one environment and some in
    groups, straight into the store's file (the seat counter follows through its triggers)."""
    rng = random.Random(7)
    now = datetime(2026, 1, 1)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    roles = [("media_library_user", "cld::role::prodenv::ml_user"), ("technical_admin", "cld::role::prodenv::technical_admin"),
             ("media_library_admin", "cld::role::prodenv::ml_admin")]
    user_rows, env_rows, member_rows, role_rows = [], [], [], []
    for i in range(users):
        uid = f"benchuser{i:08d}"
        first = rng.choice(["ann", "bob", "carla", "dmitri", "eve", "farid", "grace", "hana"])
        name = f"{first.title()} Tester {i:06d}" if i % 4 else ""
        email = f"{first}.{i}@bench.example.com"
        roll = rng.random()
        status, reset = ("inactive", 0) if roll < 0.03 else ("pending", 0) if roll < 0.18 else ("active", 1 if roll < 0.2 else 0)
        legacy, role_id = roles[i % len(roles)]
        restricted = i % 3 == 0
        created = stamp(now - timedelta(minutes=users - i))
        login = stamp(now - timedelta(hours=i % 500)) if status == "active" else None
        user_rows.append((uid, ACCOUNT, name, name.lower(), email, email, legacy, status, 1, 0 if restricted else 1, 0, 0, reset,
                          login, created, created))
        scope = "all"
        if restricted:
            scope = environments[i % len(environments)]
            env_rows.append((uid, scope))
        if status != "inactive":
            role_rows.append((ACCOUNT, role_id, "user", uid, scope, "", "", "legacy", created, created))
            if i % 5 == 0:
                member_rows.append((groups[i % len(groups)], uid, created))
    db.executemany("INSERT INTO user (id, accountID, name, nameKey, email, emailKey, role, status, enabled, allSubAccounts, root,"
                   " twoFactor, passwordResetPending, lastLogin, createdAt, updatedAt) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", user_rows)
    db.executemany("INSERT INTO userEnvironment (userID, environmentID) VALUES (?, ?)", env_rows)
    db.executemany("INSERT INTO groupMember (groupID, userID, addedAt) VALUES (?, ?, ?)", member_rows)
    db.executemany("INSERT INTO roleAssignment (accountID, roleID, principalType, principalID, scopeID, instanceKind, instanceID,"
                   " source, createdAt, updatedAt) VALUES (?,?,?,?,?,?,?,?,?,?)", role_rows)
    db.execute("UPDATE writeGeneration SET value = value + 1")
    db.commit()
    db.execute("ANALYZE")
    db.close()


class Browser:
    """A keep-alive connection with the Console's cookies."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {}

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def sign_in(self):
        _, page = self.request("GET", "/console/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        status, _ = self.request("POST", "/console/login", {"csrf": token, "email": OWNER, "password": PASSWORD})
        assert status == 303, f"sign-in answered {status}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--bin", default=".build/release/gatehouse")
    args = ap.parse_args()

    import os
    os.environ["GATEHOUSE_ADMIN_PASSWORD"] = PASSWORD
    os.environ["GATEHOUSE_ADMIN_EMAIL"] = OWNER
    os.environ["GATEHOUSE_BCRYPT_COST"] = "4"
    with server(args.bin, KEY, SECRET, ACCOUNT, args.users + 100) as (process, port, _):
        api = Client(port, KEY, SECRET)
        environments = [api.call("POST", P + "sub_accounts", {"name": f"Bench env {n}"})["id"] for n in range(4)]
        groups = [api.call("POST", P + "user_groups", {"name": f"Bench group {n}"})["id"] for n in range(20)]
        data_dir = process.args[process.args.index("--data-dir") + 1]
        process.terminate()
        process.wait(timeout=10)
        started = time.perf_counter()
        fill(os.path.join(data_dir, "gatehouse.sqlite"), args.users, environments, groups)
        print(f"users filled:             {args.users} in {time.perf_counter() - started:.1f} s (direct SQL)")

    import subprocess
    port = free_port()
    second = subprocess.Popen([args.bin, "serve", "--data-dir", data_dir, "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, tries=100)
        browser = Browser(port)
        browser.sign_in()
        pages = {
            "first page": "/console/users",
            "search 'carla.77'": "/console/users?search=carla.77",
            "search 'tester 0999'": "/console/users?search=tester+0999",
            "status Pending": "/console/users?status=pending",
            "status Password reset": "/console/users?status=password_reset",
            "role Technical Admin": "/console/users?role=cld%3A%3Arole%3A%3Aprodenv%3A%3Atechnical_admin",
            "group (1 of 20)": f"/console/users?group={groups[5]}",
            "environment (1 of 4)": f"/console/users?environment={environments[1]}",
            "late page (page 1900)": "/console/users?page=1900",
            "late page + filter": f"/console/users?status=active&environment={environments[2]}&page=300",
        }
        print(f"{'page':28} {'median ms':>10} {'worst ms':>10}  rows shown / total")
        for label, path in pages.items():
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                status, html = browser.request("GET", path)
                times.append((time.perf_counter() - t0) * 1000)
                assert status == 200, f"{path} answered {status}"
            shown = html.count("<tr data-user=")
            total = re.search(r"Page \d+ of \d+ · (\d+) users", html)
            print(f"{label:28} {statistics.median(times):10.1f} {max(times):10.1f}  {shown} / {total.group(1) if total else '?'}")
    finally:
        second.terminate()
        second.wait(timeout=10)


if __name__ == "__main__":
    main()
